// swift-tools-version: 6.0
import PackageDescription

/// The layers, bottom up (docs/architecture.md draws them): SecIssueGit is the only target that
/// touches libgit2; SecIssueKit is the core every feature files through; each feature target
/// depends on the core alone; the executable puts them on the command line. `make` builds with
/// --explicit-target-dependency-import-check=error, so an import across the layers fails.
let core: Target.Dependency = "SecIssueKit"

/// libgit2 is linked in from Debian's own archives: libgit2-dev ships libgit2.a, and the -dev
/// packages it depends on ship those of the libraries Debian builds it with. Loading libgit2.so
/// and the 15 shared libraries behind it (OpenSSL's libcrypto alone binds 3,400 symbols) cost
/// every command 2 ms of CPU before main (docs/performance.md#decisions). GSSAPI has no archive
/// in Debian and stays shared, as zlib does (Foundation links it too). `--wrap` hands libgit2's
/// one call that would load the CA bundle to SkipCertificateLoading.swift.
let libgit2Linkage: [LinkerSetting] = ["git2", "mbedtls", "mbedx509", "mbedcrypto", "http_parser", "ssh2", "crypto", "pcre2-8"]
    .map { .linkedLibrary(":lib\($0).a") }
    + [.linkedLibrary(":libgssapi_krb5.so.2"), .linkedLibrary("z"), .unsafeFlags(["-Xlinker", "--wrap=mbedtls_x509_crt_parse_file"])]

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
        // Headers only: the module map links nothing, SecIssueGit links the archives (libgit2Linkage).
        .systemLibrary(name: "CLibgit2", providers: [.apt(["libgit2-dev"])]),
        // zlib inflates gzip telemetry input and the deflate entries of advisory zip exports; it
        // is already installed with libgit2-dev, which depends on it. Only SecIssueGit reaches it.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "SecIssueGit", dependencies: ["CLibgit2", "CZlib", .product(name: "Crypto", package: "swift-crypto")],
                linkerSettings: libgit2Linkage),
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
            ],
            // The Swift runtime's static link (--static-swift-stdlib) passes -export-dynamic, which puts
            // every public symbol of our modules (11,500) in the dynamic symbol table, where nothing
            // looks them up but each lookup by a shared library passes them: 0.35 ms at every start.
            linkerSettings: [.unsafeFlags(["-Xlinker", "--no-export-dynamic"])]
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
