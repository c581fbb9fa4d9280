# postsumm — see README.md.
#   make demo     build and summarise the bundled rotated week (Fixtures/real/week)
#   make test     every test (unit, golden, format agreement, real browser and LibreOffice checks)
#   make bench    speed and memory against pflogsumm and zcat (see BENCHMARKS.md)
#   make fuzz     run the libFuzzer harnesses (FUZZ_SECONDS per harness)
#   make install  install the binary, man page and completions under PREFIX

PREFIX ?= /usr/local
SWIFT ?= swift
CONFIG ?= release
FUZZ_SECONDS ?= 60
BIN = .build/$(CONFIG)/postsumm
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL = DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q

.PHONY: all build deps git-diff-gzip test test-swift test-browser demo install clean bench fuzz fuzz-regress man completions

all: build

# System packages the build needs: zlib (through pkg-config).
deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists zlib; then \
	  echo "installing zlib1g-dev and pkg-config"; \
	  $(SUDO) apt-get update -q && $(APT_INSTALL) zlib1g-dev pkg-config; \
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

test-swift: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --parallel

# Real-component checks of the HTML page (headless Chromium) and CSV import (LibreOffice).
test-browser: build
	@if [ -x scripts/check-html.sh ]; then scripts/check-html.sh $(BIN); fi
	@if [ -x scripts/check-csv-libreoffice.sh ]; then scripts/check-csv-libreoffice.sh $(BIN); fi

demo: build
	@echo "== postsumm Fixtures/real/week/mail.log* (a rotated week, given in shell glob order) =="
	$(BIN) --reference-date 2026-11-23 Fixtures/real/week/mail.log*
	@mkdir -p out
	$(BIN) --reference-date 2026-11-23 --format json --html out/index.html --csv out/csv --json out/report.json --text out/report.txt Fixtures/real/week/mail.log* > /dev/null
	@echo "== also written: out/index.html, out/csv/, out/report.json, out/report.txt =="

install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/postsumm
	install -m 644 docs/postsumm.1 $(DESTDIR)$(PREFIX)/share/man/man1/postsumm.1
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
