import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport
@testable import SecIssueKit
@testable import SecIssueBaseline

/// A directory tree in the test's scratch directory, standing in for a system root.
private struct Tree {
    let root: String

    init() throws {
        root = try ScratchDirectory.make("baseline").path
    }

    func write(_ path: String, _ text: String, mode: Int = 0o644) throws {
        let url = URL(fileURLWithPath: root + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: false, encoding: .utf8)
        setMode(path, mode)
    }

    func setMode(_ path: String, _ mode: Int) {
        _ = chmod(root + "/" + path, mode_t(mode))
    }

    func link(_ path: String, to target: String) throws {
        try? FileManager.default.removeItem(atPath: root + "/" + path)
        try FileManager.default.createSymbolicLink(atPath: root + "/" + path, withDestinationPath: target)
    }

    func remove(_ path: String) throws { try FileManager.default.removeItem(atPath: root + "/" + path) }
}

@Suite("baselines", .scratchDirectory)
struct BaselineTests {
    static let passwd = "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n"
    static let group = "root:x:0:\nwww-data:x:33:\n"

    static let dpkg = """
        Package: openssl
        Status: install ok installed
        Architecture: amd64
        Version: 3.0.11-1~deb12u2
        Description: Secure Sockets Layer toolkit
         This package contains the openssl binary.

        Package: curl
        Status: install ok installed
        Architecture: amd64
        Version: 7.88.1-10

        Package: telnet
        Status: deinstall ok config-files
        Architecture: amd64
        Version: 0.17-44

        """

    static let apk = "C:Q1abc=\nP:musl\nV:1.2.4-r2\nA:x86_64\n\nC:Q1def=\nP:busybox\nV:1.36.1-r5\nA:x86_64\nT:Size optimized toolbox\n"

    /// A small system: config files, a binary, a link and a pipe.
    private func system() throws -> Tree {
        let tree = try Tree()
        try tree.write("etc/passwd", Self.passwd)
        try tree.write("etc/group", Self.group)
        try tree.write("etc/ssh/sshd_config", "PermitRootLogin no\n")
        try tree.write("etc/ssh/ssh_config.d/local.conf", "Host *\n")
        try tree.write("usr/bin/tool", "#!/bin/sh\necho tool\n", mode: 0o755)
        try tree.write("usr/bin/sub/deeper", "x\n", mode: 0o755)
        try tree.link("usr/bin/editor", to: "/usr/bin/tool")
        _ = mkfifo(tree.root + "/usr/bin/pipe", 0o644)
        return tree
    }

    private func record(_ tree: Tree, _ patterns: [String], packages: Bool = false) throws -> Baseline {
        let (baseline, _) = try Baseline.record(name: "web", root: tree.root, patterns: patterns, packages: packages)
        // Always compared as it comes back from its file, lines included.
        return try BaselineFile.decode(BaselineFile.encode(baseline), name: "web")
    }

    private func check(_ baseline: Baseline, _ tree: Tree) throws -> [String] {
        try BaselineCheck.run(baseline, root: tree.root).drift.map { "\($0.severity.rawValue) \($0.summary)" }
    }

    @Test("a snapshot records files and links (never followed), skips pipes, walks ** and plain directories, names owners from the root's passwd")
    func snapshot() throws {
        let tree = try system()
        let baseline = try record(tree, ["etc/ssh", "/usr/bin/*"])
        #expect(baseline.files.map(\.path) == ["/etc/ssh/ssh_config.d/local.conf", "/etc/ssh/sshd_config", "/usr/bin/editor", "/usr/bin/tool"])
        let config = try #require(baseline.files.first { $0.path == "/etc/ssh/sshd_config" })
        #expect(config.mode == "0644")
        #expect(config.size == 19)
        #expect(config.sha256?.count == 64)
        #expect(config.owner == (getuid() == 0 ? "root:root" : "\(getuid()):\(getgid())"))
        let link = try #require(baseline.files.first { $0.path == "/usr/bin/editor" })
        #expect(link.kind == .symlink && link.target == "/usr/bin/tool" && link.mode == nil && link.sha256 == nil)
        #expect(baseline.patterns.map(\.text) == ["/etc/ssh", "/usr/bin/*"])

        let deep = try record(tree, ["usr/**"])
        #expect(deep.files.map(\.path) == ["/usr/bin/editor", "/usr/bin/sub/deeper", "/usr/bin/tool"])
        let conf = try record(tree, ["etc/**/*.conf"])
        #expect(conf.files.map(\.path) == ["/etc/ssh/ssh_config.d/local.conf"])
    }

    @Test("the recorded hash is the SHA-256 of the content")
    func hash() throws {
        let tree = try Tree()
        try tree.write("a", "abc")
        let baseline = try record(tree, ["a"])
        #expect(baseline.files.first?.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("paths never leave the root: .. is refused, a link on the way is not followed, a link to / is only recorded")
    func staysInside() throws {
        let tree = try system()
        #expect(throws: SecIssueError.self) { try Baseline.record(name: "web", root: tree.root, patterns: ["../etc"], packages: false) }
        #expect(throws: SecIssueError.self) { try Baseline.record(name: "web", root: tree.root, patterns: ["etc/../../x"], packages: false) }
        try tree.link("host", to: "/")
        let (baseline, warnings) = try Baseline.record(name: "web", root: tree.root, patterns: ["host/etc/passwd", "host/**", "host"], packages: false)
        #expect(baseline.files.map(\.path) == ["/host"])
        #expect(baseline.files.first?.target == "/")
        #expect(warnings.contains { $0.contains("/host is a symbolic link") })
        let (_, missing) = try Baseline.record(name: "web", root: tree.root, patterns: ["opt/app/**"], packages: false)
        #expect(missing == ["/opt/app/** matches nothing under \(tree.root): recorded anyway, so files that appear there are reported as new"])
        #expect(throws: SecIssueError.self) { try Baseline.record(name: "web", root: tree.root + "/etc/passwd", patterns: ["x"], packages: false) }
    }

    @Test("names that could leave .security/baselines/ are refused")
    func names() throws {
        for bad in ["../x", ".hidden", "a/b", "", "web yml", "x\n"] {
            #expect(throws: SecIssueError.self, "\(bad)") { try Baseline.validate(name: bad) }
        }
        try Baseline.validate(name: "web-1.2_prod")
    }

    @Test("an unchanged system has no drift; each kind of drift is one entry with its severity")
    func drift() throws {
        let tree = try system()
        let baseline = try record(tree, ["etc/ssh/**", "usr/bin/*"])
        #expect(try check(baseline, tree) == [])

        try tree.write("etc/ssh/sshd_config", "PermitRootLogin yes\n", mode: 0o666)
        try tree.remove("etc/ssh/ssh_config.d/local.conf")
        tree.setMode("usr/bin/tool", 0o4755)
        try tree.link("usr/bin/editor", to: "/tmp/evil")
        try tree.write("usr/bin/dropper", "x", mode: 0o755)
        try tree.write("usr/bin/shell", "x", mode: 0o6755)
        try tree.write("usr/bin/sub/ignored", "not matched by *")
        #expect(try check(baseline, tree) == [
            "medium /etc/ssh/ssh_config.d/local.conf missing",
            "high /etc/ssh/sshd_config changed (content, mode 0644 -> 0666: world-writable)",
            "medium /usr/bin/editor changed (link target /usr/bin/tool -> /tmp/evil)",
            "high /usr/bin/tool changed (mode 0755 -> 4755: setuid)",
            "low new file /usr/bin/dropper",
            "high new file /usr/bin/shell (mode 6755: setuid, setgid)",
        ])
    }

    @Test("owner changes are drift, named from the root's own passwd and group", .enabled(if: getuid() == 0))
    func owners() throws {
        let tree = try system()
        let baseline = try record(tree, ["etc/ssh/sshd_config", "usr/bin/tool"])
        #expect(baseline.files.map(\.owner) == ["root:root", "root:root"])
        #expect(chown(tree.root + "/etc/ssh/sshd_config", 33, 33) == 0)
        #expect(chown(tree.root + "/usr/bin/tool", 1234, 0) == 0)
        #expect(try check(baseline, tree) == [
            "medium /etc/ssh/sshd_config changed (owner root:root -> www-data:www-data)",
            "medium /usr/bin/tool changed (owner root:root -> 1234:root)",
        ])
    }

    @Test("a symlink turned into a file is a type change")
    func typeChange() throws {
        let tree = try system()
        let baseline = try record(tree, ["usr/bin/editor"])
        try tree.remove("usr/bin/editor")
        try tree.write("usr/bin/editor", "x")
        #expect(try check(baseline, tree) == ["medium /usr/bin/editor changed (type symlink -> file)"])
    }

    @Test("dpkg and apk databases are read from the root; installs, removals, upgrades and downgrades are drift")
    func packages() throws {
        let tree = try Tree()
        try tree.write("var/lib/dpkg/status", Self.dpkg)
        try tree.write("lib/apk/db/installed", Self.apk)
        let baseline = try record(tree, [], packages: true)
        #expect(baseline.managers == [.apk, .dpkg])
        #expect(baseline.packages.map { "\($0.manager.rawValue) \($0.label) \($0.version)" } == [
            "apk busybox:x86_64 1.36.1-r5", "apk musl:x86_64 1.2.4-r2", "dpkg curl:amd64 7.88.1-10", "dpkg openssl:amd64 3.0.11-1~deb12u2",
        ])
        #expect(try check(baseline, tree) == [])

        try tree.write("var/lib/dpkg/status", Self.dpkg.replacingOccurrences(of: "3.0.11-1~deb12u2", with: "3.0.11-1")
            .replacingOccurrences(of: "7.88.1-10", with: "7.88.1-9")
            + "Package: nmap\nStatus: install ok installed\nArchitecture: amd64\nVersion: 7.93+dfsg1-1\n")
        try tree.write("lib/apk/db/installed", "P:musl\nV:1.2.4-r2\nA:x86_64\n")
        #expect(try check(baseline, tree) == [
            "low package busybox:x86_64 removed (was 1.36.1-r5)",
            "medium package curl:amd64 downgraded (7.88.1-10 -> 7.88.1-9)",
            "low package openssl:amd64 upgraded (3.0.11-1~deb12u2 -> 3.0.11-1)",
            "medium package nmap:amd64 installed (7.93+dfsg1-1)",
        ])

        try tree.remove("lib/apk")
        #expect(throws: SecIssueError.self) { try BaselineCheck.run(baseline, root: tree.root) }
    }

    @Test("a damaged rpm database stops the record with an error naming it, and nothing is recorded without it")
    func damagedRPM() throws {
        let tree = try Tree()
        try tree.write("var/lib/rpm/rpmdb.sqlite", "SQLite format 3\u{0}")
        let error = try #require(throws: SecIssueError.self) { try Baseline.record(name: "web", root: tree.root, patterns: [], packages: true) }
        #expect(error.message.hasPrefix("cannot read the rpm database var/lib/rpm/rpmdb.sqlite under "))
        try tree.write("var/lib/dpkg/status", Self.dpkg)
        #expect(throws: SecIssueError.self) { try Baseline.record(name: "web", root: tree.root, patterns: [], packages: true) }
    }

    @Test("Debian version order", arguments: [
        ("1.0", "1.0", 0), ("1.0", "1.1", -1), ("1.10", "1.9", 1), ("1.0~rc1", "1.0", -1), ("1:0.1", "2.0", 1),
        ("1.0-1", "1.0-2", -1), ("1.0a", "1.0", 1), ("1.0+b1", "1.0", 1), ("1.2.4-r2", "1.2.4-r10", -1), ("007", "7", 0),
    ])
    func versions(a: String, b: String, expected: Int) {
        #expect(PackageVersion.compare(a, b) == expected)
        #expect(PackageVersion.compare(b, a) == -expected)
    }

    @Test("the file round-trips, sorted, one line per entry, and findings point at the entry's line")
    func roundTrip() throws {
        let baseline = Baseline(name: "web", patterns: [.init("/etc/**"), .init("/usr/bin/*")], managers: [.dpkg], files: [
            .init(path: "/usr/bin/x", kind: .symlink, mode: nil, owner: "root:root", target: "../lib/x: y"),
            .init(path: "/etc/a b", kind: .file, mode: "4755", owner: "1000:www-data", size: 3, sha256: String(repeating: "0", count: 64)),
        ], packages: [.init(name: "libc6", version: "2.36-9+deb12u4", arch: "amd64", manager: .dpkg), .init(name: "bash", version: "1:5.2", arch: nil, manager: .dpkg)])
        let text = BaselineFile.encode(baseline)
        #expect(text.contains("""
            files:
              - {path: /etc/a b, type: file, mode: "4755", owner: "1000:www-data", size: 3, sha256: "\(String(repeating: "0", count: 64))"}
              - {path: /usr/bin/x, type: symlink, owner: "root:root", target: "../lib/x: y"}
            packages:
              - {name: bash, version: "1:5.2", manager: dpkg}
              - {name: libc6, version: 2.36-9+deb12u4, arch: amd64, manager: dpkg}

            """))
        let decoded = try BaselineFile.decode(text, name: "web")
        #expect(decoded == baseline)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[(decoded.files[1].line ?? 1) - 1].contains("/usr/bin/x"))
        #expect(lines[(decoded.patterns[1].line ?? 1) - 1] == "  - /usr/bin/*")
        #expect(lines[(decoded.packages[0].line ?? 1) - 1].contains("bash"))
        #expect(BaselineFile.encode(decoded) == text)
    }

    @Test("hand-edited mistakes name the file, line and field", arguments: [
        ("name: web\nfiles:\n  - {path: /etc/a, type: file, mode: \"644x\", owner: root:root, size: 1, sha256: \(String(repeating: "a", count: 64))}\n",
         ".security/baselines/web.yml:3: files[1].mode: '644x' is not a mode"),
        ("name: web\nfiles:\n  - {path: /etc/a, type: file, mode: \"0644\", owner: r, size: 1, sha265: x}\n",
         ".security/baselines/web.yml:3: files[1].sha265: unknown field"),
        ("name: web\nfiles:\n  - {path: /etc/a, type: file, mode: \"0644\", owner: r, size: 1}\n",
         ".security/baselines/web.yml:3: files[1].sha256: required for a file"),
        ("name: web\nfiles:\n  - {path: /a, type: symlink, owner: r, target: b}\n  - {path: /a, type: symlink, owner: r, target: c}\n",
         ".security/baselines/web.yml:4: files[2].path: /a is listed twice"),
        ("name: web\nfiles:\n  - {path: etc/a, type: symlink, owner: r, target: b}\n", ".security/baselines/web.yml:3: files[1].path: 'etc/a' is not a path"),
        ("name: db\n", ".security/baselines/web.yml:1: name: 'db' does not match the file name web.yml"),
        ("name: web\npatterns:\n  - /etc\n  - ../x\n", ".security/baselines/web.yml:4: patterns[2]: '../x' is not a path inside the root"),
        ("name: web\nfiles:\n  - {path: /a, type: symlink\n", ".security/baselines/web.yml:3: invalid YAML"),
        ("name: web\npackages:\n  - {name: a, version: 1, manager: dpkg}\n", ".security/baselines/web.yml:3: packages[1].manager: dpkg is not in packages_from"),
    ])
    func malformed(text: String, expected: String) throws {
        let problem = try #require(throws: FileProblem.self) { try BaselineFile.decode(text, name: "web") }
        #expect(problem.description.hasPrefix(expected), "\(problem)")
    }

    @Test("one finding per entry: the same ID whatever the drift, refreshed, located at the entry's line, scoped to the baseline")
    func results() throws {
        let tree = try system()
        let baseline = try record(tree, ["etc/ssh/**"])
        try tree.write("etc/ssh/sshd_config", "changed\n")
        let first = BaselineCheck.results(try BaselineCheck.run(baseline, root: tree.root).drift, baseline: baseline)
        try tree.remove("etc/ssh/sshd_config")
        let second = BaselineCheck.results(try BaselineCheck.run(baseline, root: tree.root).drift, baseline: baseline)
        #expect(first.count == 1 && second.count == 1)
        #expect(first[0].identityKey == second[0].identityKey)
        #expect(first[0].title == "Drift from baseline web: /etc/ssh/sshd_config changed (content)")
        #expect(second[0].title == "Drift from baseline web: /etc/ssh/sshd_config missing")
        #expect(first[0].refreshes && first[0].tool == "baseline" && first[0].rule == "file" && first[0].category == "web")
        let entryLine = try #require(baseline.files.first { $0.path == "/etc/ssh/sshd_config" }?.line)
        #expect(first[0].location == Finding.Location(path: ".security/baselines/web.yml", line: entryLine))
        #expect(first[0].message.contains("| **sha256** | `"))
        #expect(first[0].message.contains("git secissue baseline record web --root DIR '/etc/ssh/**'"))
        let other = Baseline(name: "db", patterns: baseline.patterns, files: baseline.files)
        #expect(BaselineCheck.results(try BaselineCheck.run(other, root: tree.root).drift, baseline: other)[0].identityKey != second[0].identityKey)
    }
}
