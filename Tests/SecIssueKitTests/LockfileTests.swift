import Foundation
import Testing
@testable import SecIssueKit
@testable import SecIssueLibraries

@Suite("manifests and lock files")
struct LockfileTests {

    /// A sample and the rows reading it gives; test output names it by path rather than printing the whole file.
    struct Case: Sendable, CustomTestStringConvertible {
        let text: String
        let path: String
        let expected: [String]
        var testDescription: String { path }

        init(_ text: String, _ path: String, _ expected: [String]) {
            (self.text, self.path, self.expected) = (text, path, expected)
        }
    }

    /// A broken file and the line its problem must name.
    struct Broken: Sendable, CustomTestStringConvertible {
        let text: String
        let path: String
        let line: Int
        var testDescription: String { "\(path):\(line)" }

        init(_ text: String, _ path: String, _ line: Int) {
            (self.text, self.path, self.line) = (text, path, line)
        }
    }

    /// One dependency as `name version line source`, `-` for what is absent: a whole file's result reads as a list.
    private static func rows(_ text: String, _ path: String) throws -> [String] {
        try ManifestParser.parse(text, path: path).map { dependency in
            #expect(dependency.manifest == path)
            #expect(dependency.ecosystem == ManifestParser.kind(of: path)?.ecosystem)
            let line = dependency.line.map(String.init) ?? "-"
            return "\(dependency.name) \(dependency.version ?? "-") \(line) \(dependency.source ?? "-")"
        }
    }

    @Test("each format gives names, versions, lines and sources", arguments: [
        Case(try lockfile("packageResolvedV3"), "Package.resolved", [
            "swift-argument-parser 1.8.2 5 -", "swift-asn1 1.7.4 14 -", "swift-crypto 3.12.3 23 -", "yams 6.2.2 32 -"]),
        Case(try lockfile("packageResolvedV2"), "App/Package.resolved", [
            "swift-log 1.5.4 4 -", "shared-models 8c0c1a0b3f5c1e3d9a6b7c8d9e0f1a2b3c4d5e6f 13 path", "mona.linkedlist 1.0.0 21 registry"]),
        Case(try lockfile("packageResolvedV1"), "Legacy.xcworkspace/xcshareddata/swiftpm/Package.resolved", [
            "swift-nio 2.37.0 5 -", "yams 01835dc202670b5bb90d07f3eae41867e9ed29f6 14 -"]),
        Case(try lockfile("npmLockV3"), "web/package-lock.json", [
            "@babel/core 7.24.0 20 -", "semver 6.3.1 33 -", "debug 4.3.4 42 -", "left-pad 1.3.0 51 git", "lodash 4.17.21 56 -",
            "ms 2.1.2 61 -", "semver 7.6.0 67 -", "string-width 4.2.3 75 -", "utils 0.3.0 81 path"]),
        Case(try lockfile("npmLockV1"), "legacy/npm-shrinkwrap.json", [
            "debug 4.3.4 7 -", "express 4.17.1 15 -", "debug 2.6.9 24 -", "ms 2.0.0 32 -", "ms 2.1.2 39 -",
            "my-fork git+https://github.com/acme/my-fork.git#1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b 44 git"]),
        Case(try lockfile("yarnLockV1"), "yarn.lock", [
            "@babel/code-frame 7.22.13 5 -", "chalk 2.4.2 13 -", "left-pad 1.3.0 18 git", "lodash 4.17.21 22 -", "string-width 4.2.3 27 -"]),
        Case(try lockfile("yarnLockBerry"), "apps/site/yarn.lock", ["lodash 4.17.21 8 -"]),
        Case(try lockfile("requirements"), "services/api/requirements.txt", [
            "Django 4.2.11 8 -", "requests >=2.31,<3 9 -", "gunicorn 21.2.0 10 -", "psycopg2-binary 2.9.9 11 -",
            "payments-sdk v1.4.0 14 git", "celery - 16 -", "urllib3 >=1.26,!=2.0.0 17 -", "pyyaml - 18 url",
            "numpy ==1.26.* 19 -", "report-kit - 20 git"]),
        Case(try lockfile("poetryLock"), "poetry.lock", [
            "certifi 2024.2.2 4 -", "internal-auth 0.4.0 15 git", "requests 2.31.0 33 -", "shared-utils 1.0.0 50 path"]),
        Case(try lockfile("pipfileLock"), "Pipfile.lock", [
            "flask 3.0.2 24 -", "internal-billing 2.1.0 32 registry", "report-kit 9b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c 37 git",
            "urllib3 2.2.1 41 -", "pytest 8.1.1 48 -", "shop-api - 53 path"]),
        Case(try lockfile("goMod"), "go.mod", [
            "github.com/google/uuid v1.6.0 7 -", "github.com/gin-gonic/gin v1.9.2-acme.1 10 github.com/acme/gin",
            "github.com/acme/shared - 11 path", "golang.org/x/crypto v0.22.0 12 -", "golang.org/x/net v0.22.0 13 -"]),
        Case(try lockfile("goModTools"), "tools/go.mod", ["golang.org/x/tools v0.19.0 5 -"]),
        Case(try lockfile("goSum"), "go.sum", [
            "github.com/gin-gonic/gin v1.9.1 1 -", "github.com/google/uuid v1.6.0 3 -", "golang.org/x/net v0.21.0 5 -",
            "golang.org/x/net v0.23.0 6 -"]),
        Case(try lockfile("cargoLock"), "Cargo.lock", [
            "itoa 1.0.10 6 -", "serde 1.0.197 12 -", "shop-core 0.1.0 21 path", "tokio-util 0.7.10 30 git",
            "vendored-crypto 2.3.1 35 registry"]),
        Case(try lockfile("gemfileLock"), "Gemfile.lock", [
            "activesupport 7.1.3.2 6 git", "shop 0.1.0 13 path", "concurrent-ruby 1.2.3 19 -", "i18n 1.14.4 20 -",
            "nokogiri 1.16.3 22 -", "racc 1.7.3 26 -", "acme-billing 2.0.1 31 registry"]),
        Case(try lockfile("pomXML"), "shop-api/pom.xml", [
            "com.fasterxml.jackson.core:jackson-databind 2.16.1 31 -", "org.slf4j:slf4j-api 2.0.12 42 -",
            "com.acme:shop-model 3.2.0 46 -", "com.acme.legacy:tax-rules 1.0 51 path",
            "org.junit.jupiter:junit-jupiter ${junit.version} 58 -", "org.postgresql:postgresql 42.7.3 87 -"]),
        Case(try lockfile("composerLock"), "composer.lock", [
            "monolog/monolog 3.5.0 10 -", "acme/payments dev-main 26 git", "acme/shared dev-main 36 path",
            "phpunit/phpunit 10.5.13 48 -"]),
        Case(try lockfile("nugetLock"), "src/Shop.Api/packages.lock.json", [
            "Newtonsoft.Json 13.0.3 5 -", "Serilog.Sinks.File 5.0.0 11 -", "Serilog 2.10.0 20 -", "Shop.Domain - 25 path"]),
    ])
    func parses(sample: Case) throws {
        #expect(try Self.rows(sample.text, sample.path) == sample.expected)
    }

    @Test("file names are recognised anywhere in the tree, and nothing else is", arguments: [
        ("a/b/package-lock.json", ManifestParser.Kind.npmLock), ("Package.resolved", .packageResolved),
        ("requirements-dev.txt", .requirements), ("backend/requirements/prod.txt", .requirements),
        ("svc/go.mod", .goMod), ("svc/go.sum", .goSum), ("Gemfile.lock", .gemfileLock), ("x/pom.xml", .pom),
        ("src/App/packages.lock.json", .nugetLock), ("Pipfile.lock", .pipfileLock), ("poetry.lock", .poetryLock),
    ] as [(String, ManifestParser.Kind)])
    func kinds(path: String, kind: ManifestParser.Kind) {
        #expect(ManifestParser.kind(of: path) == kind)
    }

    @Test("files that only look similar are not manifests")
    func notManifests() {
        for path in ["docs/notes.txt", "pom.xml.bak", "Cargo.toml", "package.json", "go.mod/README", "my-requirements.txt", ""] {
            #expect(ManifestParser.kind(of: path) == nil, "\(path)")
        }
        #expect(ManifestParser.Kind.pom.ecosystem == .maven && ManifestParser.Kind.nugetLock.ecosystem == .nuget)
        #expect(throws: SecIssueError.self) { try ManifestParser.parse("", path: "notes.txt") }
    }

    @Test("requirements includes are listed, relative to the file, and not followed")
    func includes() throws {
        let path = "services/api/requirements.txt"
        #expect(try ManifestParser.includes(try lockfile("requirements"), path: path) == ["services/api/requirements/base.txt", "services/shared/common.txt"])
        #expect(try ManifestParser.includes("-r ../../../base.txt\n-rlocal.txt\n", path: "a/requirements.txt") == ["../../base.txt", "a/local.txt"])
        #expect(try ManifestParser.includes(try lockfile("goMod"), path: "go.mod") == [])
    }

    @Test("Windows line endings give the same lines")
    func crlf() throws {
        for (text, path) in [(try lockfile("requirements"), "requirements.txt"), (try lockfile("npmLockV3"), "package-lock.json"), (try lockfile("gemfileLock"), "Gemfile.lock")] {
            let windows = text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
            #expect(try Self.rows(windows, path) == Self.rows(text, path))
        }
    }

    static func prefix(_ text: String, lines: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).prefix(lines).joined(separator: "\n")
    }

    @Test("malformed and truncated files are a FileProblem with the path and the line", arguments: [
        Broken(prefix(try lockfile("npmLockV3"), lines: 40), "web/package-lock.json", 40),
        Broken("{\n  \"pins\" : [\n    {\n      \"identity\" : \"yams\"\n      \"kind\" : \"remoteSourceControl\"\n", "Package.resolved", 5),
        Broken("{\n  \"pins\" : [],\n  \"version\" : 4\n}\n", "Package.resolved", 3),
        Broken("{\n  \"_meta\": {}\n}\n", "Pipfile.lock", 1),
        Broken(prefix(try lockfile("composerLock"), lines: 20), "composer.lock", 20),
        Broken("[\n  1\n]\n", "packages.lock.json", 1),
        Broken(prefix(try lockfile("cargoLock"), lines: 12), "Cargo.lock", 11),
        Broken(prefix(try lockfile("poetryLock"), lines: 10), "poetry.lock", 9),
        Broken("[[package]]\nname = \"certifi\nversion = \"1\"\n", "poetry.lock", 2),
        Broken(prefix(try lockfile("yarnLockV1"), lines: 13), "yarn.lock", 13),
        Broken("lodash@^4.17.21:\n  version \"4.17.21\"\nnot an entry\n", "yarn.lock", 3),
        Broken(prefix(try lockfile("goMod"), lines: 12), "go.mod", 9),
        Broken("module x\n\nrequire github.com/a/b\n", "go.mod", 3),
        Broken("github.com/a/b v1.0.0 h1:abc=\ngithub.com/a/b v1.0.0\n", "go.sum", 2),
        Broken("GEM\n  remote: https://rubygems.org/\n  specs:\n    rack 3.0.9\n", "Gemfile.lock", 4),
        Broken("GIT\n  remote: https://github.com/a/b.git\n\nPLATFORMS\n  ruby\n", "Gemfile.lock", 1),
        Broken(prefix(try lockfile("pomXML"), lines: 37), "pom.xml", 36),
        Broken("<project>\n  <dependencies>\n  </dependency>\n</project>\n", "pom.xml", 3),
        Broken("<project><dependencies><dependency>\n<artifactId>a</artifactId>\n</dependency></dependencies></project>", "pom.xml", 1),
        Broken("flask==2.0\nflask 2.0\n", "requirements.txt", 2),
        Broken("==1.0\n", "requirements.txt", 1),
        Broken("django\n-r\n", "requirements-dev.txt", 2),
    ])
    func malformed(file: Broken) {
        #expect {
            try ManifestParser.parse(file.text, path: file.path)
        } throws: { error in
            guard let problem = error as? FileProblem else { return false }
            return problem.path == file.path && problem.line == file.line && !problem.message.isEmpty
        }
    }
}

/// A sample from Tests/Fixtures/lockfiles: lock files and manifests written the way each package
/// manager writes them, with the awkward cases in (packageResolvedV3 is this project's own).
/// A missing or unreadable fixture throws, failing the test, rather than reading as empty.
func lockfile(_ name: String) throws -> String {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/lockfiles/\(name)")
    return try String(contentsOf: url, encoding: .utf8)
}
