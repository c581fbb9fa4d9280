// swift-tools-version:6.0
//
// postsumm: a Postfix log summarizer (successor to pflogsumm).
//
// Module layering (each arrow is the only way data flows):
//   LogInput (bytes -> lines, gzip, rotation order)
//     -> PostfixCore (line header, per-daemon parsers, mergeable aggregates, report builder)
//       -> ReportModel (the one immutable report every output reads)
//         -> Renderers (text, HTML, CSV, JSON)
//   PostsummCLI wires them together (options, parallel pipeline, diagnostics);
//   `postsumm` is a thin executable around it.
import PackageDescription

let package = Package(
  name: "postsumm",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "postsumm", targets: ["postsumm"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CZlib",
      path: "Sources/CZlib",
      pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
    ),
    // The gzip CRC by carry-less multiplication: the one kernel Swift cannot write (LogInput's CRC32).
    .target(name: "CCRC32"),
    .target(name: "LogInput", dependencies: ["CZlib", "CCRC32"]),
    // Two pieces of work at once, results in argument order (the report builder, the merge and
    // the text renderer split their largest steps in two with it).
    .target(name: "ForkJoin"),
    .target(name: "ReportModel"),
    // CZlib: the aggregate file's payload is deflated (Aggregate/).
    .target(name: "PostfixCore", dependencies: ["LogInput", "ReportModel", "ForkJoin", "CZlib"], exclude: ["Tables/README.md"]),
    .target(
      name: "PostsummTemplates",
      path: "Templates",
      exclude: ["README.md"],
      resources: [.embedInCode("html")]
    ),
    .target(
      name: "Renderers",
      dependencies: [
        "ReportModel", "ForkJoin", "PostsummTemplates",
        .product(name: "Mustache", package: "swift-mustache"),
      ]
    ),
    .target(
      name: "PostsummCLI",
      dependencies: [
        "LogInput", "PostfixCore", "ReportModel", "Renderers",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(name: "postsumm", dependencies: ["PostsummCLI"]),
    .target(name: "TestSupport", dependencies: ["CZlib"], path: "Tests/TestSupport"),
    .testTarget(name: "LogInputTests", dependencies: ["LogInput", "TestSupport"]),
    .testTarget(
      name: "PostfixCoreTests", dependencies: ["PostfixCore", "LogInput", "ReportModel", "TestSupport"],
      exclude: ["RuleCases"]
    ),
    .testTarget(name: "RenderersTests", dependencies: ["Renderers", "ReportModel", "ForkJoin", "TestSupport"]),
    .testTarget(
      name: "PostsummCLITests",
      dependencies: ["PostsummCLI", "PostfixCore", "Renderers", "ReportModel", "LogInput", "TestSupport"]
    ),
  ]
)
