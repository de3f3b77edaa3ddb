// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "git-secissue",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "git-secissue", targets: ["git-secissue"]),
        .library(name: "SecIssueKit", targets: ["SecIssueKit"]),
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
        .target(name: "SecIssueGit", dependencies: ["CLibgit2"]),
        .target(
            name: "SecIssueKit",
            dependencies: [
                "SecIssueGit",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "git-secissue",
            dependencies: [
                "SecIssueKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "SecIssueGitTests", dependencies: ["SecIssueGit"]),
        .testTarget(name: "SecIssueKitTests", dependencies: ["SecIssueKit", "SecIssueGit"]),
        .testTarget(name: "EndToEndTests", dependencies: ["SecIssueKit"]),
    ]
)
