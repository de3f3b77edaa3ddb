// swift-tools-version: 6.0
import PackageDescription

/// The layers, bottom up (docs/architecture.md draws them): SecIssueGit is the only target that
/// touches libgit2; SecIssueKit is the core every feature files through; each feature target
/// depends on the core alone; the executable puts them on the command line. `make` builds with
/// --explicit-target-dependency-import-check=error, so an import across the layers fails.
let core: Target.Dependency = "SecIssueKit"

let package = Package(
    name: "git-secissue",
    products: [
        .executable(name: "git-secissue", targets: ["git-secissue"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibgit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        // zlib inflates gzip telemetry input and the deflate entries of advisory zip exports; it
        // is already installed with libgit2-dev, which depends on it. Only SecIssueGit reaches it.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "SecIssueGit", dependencies: ["CLibgit2", "CZlib", .product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "SecIssueKit",
            dependencies: [
                "SecIssueGit",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "SecIssueLibraries", dependencies: [core, .product(name: "Yams", package: "Yams"),
                                                         .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "SecIssueBaseline", dependencies: [core]),
        .target(name: "SecIssueTelemetry", dependencies: [core]),
        .target(name: "SecIssueProtect", dependencies: [core]),
        .target(name: "SecIssueWorkflow", dependencies: [core]),
        // stats and report: history of .security/ as numbers, charts and pages (SHA-256 checks its cache).
        .target(name: "SecIssueReports", dependencies: [core, .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "SecIssueChecks", dependencies: [core]),
        .executableTarget(
            name: "git-secissue",
            dependencies: [
                core, "SecIssueLibraries", "SecIssueBaseline", "SecIssueTelemetry", "SecIssueProtect", "SecIssueWorkflow", "SecIssueReports", "SecIssueChecks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The fuzz targets (docs/development.md, `make fuzz`): the entries both the fuzzer and the
        // regression test call, and the executable that is a libFuzzer binary when built with -D FUZZING.
        .target(
            name: "SecIssueFuzzEntries",
            dependencies: [core, "SecIssueLibraries", "SecIssueBaseline", "SecIssueTelemetry"],
            path: "Fuzz/Entries"
        ),
        .executableTarget(
            name: "SecIssueFuzz",
            dependencies: [core, "SecIssueLibraries", "SecIssueBaseline", "SecIssueTelemetry", "SecIssueFuzzEntries"],
            path: "Fuzz/SecIssueFuzz"
        ),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "SecIssueGitTests", dependencies: ["SecIssueGit", "TestSupport"]),
        .testTarget(
            name: "SecIssueKitTests",
            dependencies: [core, "SecIssueGit", "SecIssueLibraries", "SecIssueBaseline", "SecIssueTelemetry", "SecIssueProtect", "SecIssueWorkflow", "SecIssueReports",
                           .product(name: "Yams", package: "Yams"), "TestSupport", "SecIssueFuzzEntries"]
        ),
        .testTarget(name: "EndToEndTests", dependencies: [core, "TestSupport"]),
    ]
)
