# postsumm — see README.md.
#   make demo     build, print a short report of the bundled rotated week, write it whole to out/
#   make test     every test (unit, golden, format agreement, real browser and LibreOffice checks)
#   make bench    speed and memory against pflogsumm and zcat (see BENCHMARKS.md)
#   make fuzz     run the libFuzzer harnesses (FUZZ_SECONDS per harness)
#   make install  install the binary, man page, completions and docs under PREFIX, and the
#                 daily job (contrib/: cron.daily script, systemd service and timer)

PREFIX ?= /usr/local
SWIFT ?= swift
CONFIG ?= release
FUZZ_SECONDS ?= 60
BIN = .build/$(CONFIG)/postsumm
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL = DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q

.PHONY: all build deps test-deps git-diff-gzip test test-swift test-browser demo install install-files clean bench fuzz fuzz-regress man completions

all: build

# System packages the build needs: zlib (through pkg-config).
deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists zlib; then \
	  echo "installing zlib1g-dev and pkg-config"; \
	  $(SUDO) apt-get update -q && $(APT_INSTALL) zlib1g-dev pkg-config; \
	fi

# What the tests run besides postsumm: GNU parallel and scp (ScalingTests runs docs/SCALING.md's
# map and collection steps over simulated servers).
test-deps:
	@if ! command -v parallel >/dev/null 2>&1 || ! command -v scp >/dev/null 2>&1; then \
	  echo "installing parallel and openssh-client"; \
	  $(SUDO) apt-get update -q && $(APT_INSTALL) parallel openssh-client; \
	fi

build: deps
	$(SWIFT) build -c $(CONFIG)

test: deps git-diff-gzip test-swift test-browser

# `git diff` of the gzipped goldens shows their lines: .gitattributes names the `gzip` diff
# driver, whose command must be in the repository's config (a clone does not carry it). Only in
# this project's own git work tree, and only when not set already; elsewhere nothing happens.
git-diff-gzip:
	@if command -v git >/dev/null 2>&1 \
	  && [ "$$(git rev-parse --show-toplevel 2>/dev/null)" = "$$(pwd -P)" ] \
	  && ! git config --get diff.gzip.textconv >/dev/null; then \
	  git config diff.gzip.textconv "gzip -dc" \
	  && echo "git: diff.gzip.textconv set to 'gzip -dc' (git diff shows the lines of Fixtures/golden/*.gz)"; \
	fi

test-swift: deps test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --parallel

# Real-component checks of the HTML page (headless Chromium) and CSV import (LibreOffice).
test-browser: build
	@if [ -x scripts/check-html.sh ]; then scripts/check-html.sh $(BIN); fi
	@if [ -x scripts/check-archive-html.sh ]; then scripts/check-archive-html.sh $(BIN); fi
	@if [ -x scripts/check-csv-libreoffice.sh ]; then scripts/check-csv-libreoffice.sh $(BIN); fi

demo: build
	@scripts/demo.sh $(BIN)

# The man page names the docs by their installed path (/usr/local/share/doc/postsumm in
# docs/postsumm.1, made $(PREFIX)'s here).
DOCDIR = $(PREFIX)/share/doc/postsumm
# The daily job (contrib/): its script, cron.daily's hook and settings under SYSCONFDIR (the
# hook does nothing until RUN_FROM_CRON=yes there; an existing settings file is kept), the
# systemd service and timer (enabled by `systemctl enable --now postsumm-daily.timer`).
SYSCONFDIR ?= /etc
LIBEXECDIR = $(PREFIX)/lib/postsumm
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
CONTRIB_SED = sed -e 's|@BINDIR@|$(PREFIX)/bin|g' -e 's|@LIBEXECDIR@|$(LIBEXECDIR)|g' -e 's|@DOCDIR@|$(DOCDIR)|g'

install: build install-files

install-files:
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(DOCDIR)
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/postsumm
	sed 's|/usr/local/share/doc/postsumm|$(DOCDIR)|g' docs/postsumm.1 > $(DESTDIR)$(PREFIX)/share/man/man1/postsumm.1
	chmod 644 $(DESTDIR)$(PREFIX)/share/man/man1/postsumm.1
	install -m 644 README.md docs/DIFFERENCES.md docs/OUTPUTS.md docs/AGGREGATE.md docs/SCALING.md docs/ARCHIVE.md docs/report.schema.json $(DESTDIR)$(DOCDIR)/
	install -d $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(SYSCONFDIR)/cron.daily $(DESTDIR)$(SYSCONFDIR)/default $(DESTDIR)$(SYSTEMDUNITDIR)
	$(CONTRIB_SED) contrib/postsumm-daily > $(DESTDIR)$(LIBEXECDIR)/postsumm-daily
	chmod 755 $(DESTDIR)$(LIBEXECDIR)/postsumm-daily
	$(CONTRIB_SED) contrib/cron.daily/postsumm > $(DESTDIR)$(SYSCONFDIR)/cron.daily/postsumm
	chmod 755 $(DESTDIR)$(SYSCONFDIR)/cron.daily/postsumm
	[ -e $(DESTDIR)$(SYSCONFDIR)/default/postsumm ] || { $(CONTRIB_SED) contrib/default > $(DESTDIR)$(SYSCONFDIR)/default/postsumm; chmod 644 $(DESTDIR)$(SYSCONFDIR)/default/postsumm; }
	for unit in postsumm-daily.service postsumm-daily.timer; do \
	  $(CONTRIB_SED) contrib/systemd/$$unit > $(DESTDIR)$(SYSTEMDUNITDIR)/$$unit && chmod 644 $(DESTDIR)$(SYSTEMDUNITDIR)/$$unit || exit 1; \
	done
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	$(BIN) --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/postsumm
	$(BIN) --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_postsumm
	$(BIN) --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/postsumm.fish

bench: build
	scripts/bench.sh

fuzz: deps
	scripts/fuzz.sh $(FUZZ_SECONDS)

clean:
	rm -rf .build out
