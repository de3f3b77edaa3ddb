import Foundation
import Testing
import TestSupport

/// Store formats: a flat store (format 1, findings/ID.md) keeps working, and `migrate` moves it
/// to format 2 (findings/XY/ID.md) in one commit of renames that every reader reads alike.
@Suite("store format and migrate", .scratchDirectory)
struct MigrateTests {
    /// A flat store, as stores were before format 2: init, then `format: 1` committed.
    static func flatRepository(_ sandbox: Sandbox, _ name: String = "repo") throws -> String {
        let repo = try sandbox.repository(name)
        let config = try sandbox.read(".security/config.yml", in: repo)
        try sandbox.write(".security/config.yml", config.replacingOccurrences(of: "\nformat: 2\n", with: "\nformat: 1\n"), in: repo)
        try sandbox.git("commit", "-qam", "Format 1", in: repo)
        return repo
    }

    /// The finding files of HEAD: path and blob id.
    func tree(_ sandbox: Sandbox, _ repo: String) throws -> [(path: String, blob: String)] {
        try sandbox.git("ls-tree", "-r", "HEAD", ".security/findings/", in: repo).split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "\t")
            guard parts.count == 2, parts[1].hasSuffix(".md") else { return nil }
            return (String(parts[1]), String(parts[0].split(separator: " ")[2]))
        }
    }

    @Test("a flat store with plain and confidential findings and live state migrates in one commit of renames; every reader gives what it gave")
    func migrateKeepsEverything() throws {
        let sandbox = try Sandbox()
        let repo = try Self.flatRepository(sandbox)
        try sandbox.write("app/web.py", "from flask import Flask\napp = Flask(__name__)\n\n@app.route(\"/search\")\ndef search():\n    pass\n", in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-qm", "Web app", in: repo)
        let alice = try ConfidentialTests().keys(sandbox, "alice")
        try sandbox.secissue("recipients", "add", alice.ageRecipient, "--name", "Alice <alice@example.com>", in: repo)
        let withKey = ["SECISSUE_IDENTITY": alice.ageIdentity]
        let plain = try sandbox.newFinding("--title", "SQL injection in search", "--severity", "high", "--path", "app/db.py:4", in: repo)
        let secret = try sandbox.newFinding("--confidential", "--title", "Quokka bypass", "-m", "Payload quokka-7731.", in: repo)
        for hour in 8...9 {
            try sandbox.write("logs/\(hour).log", LiveStateTests.attack(hour: hour), in: repo)
            try sandbox.secissue("telemetry", "ingest", "logs/\(hour).log", in: repo)
        }
        try sandbox.secissue("close", plain, "--reason", "fixed by parameterising", in: repo)
        #expect(try sandbox.git("show", "refs/secissue/state", in: repo).isEmpty == false, "the live state holds the counts")
        let before = try tree(sandbox, repo)
        #expect(before.count == 3 && before.allSatisfy { !$0.path.dropFirst(".security/findings/".count).contains("/") }, "a flat store writes flat: \(before)")

        func readings() throws -> [String] {
            [try sandbox.secissue("list", "--all", "--format", "json", in: repo, env: withKey).stdout,
             try sandbox.secissue("show", plain, in: repo).stdout,
             try sandbox.secissue("show", secret, in: repo, env: withKey).stdout,
             try sandbox.secissue("show", secret, in: repo).stdout,
             try sandbox.secissue("stats", "--format", "json", "--until", "2030-01-01", in: repo).stdout,
             try sandbox.secissue("log", plain, in: repo).stdout]
        }
        let was = try readings()
        #expect(was[2].contains("quokka-7731") && !was[3].contains("quokka-7731"))

        // A change in .security/ HEAD lacks is refused, naming the fix.
        try sandbox.write(".security/notes.txt", "scratch\n", in: repo)
        let dirty = try sandbox.secissue("migrate", in: repo)
        #expect(dirty.status == 1 && dirty.stderr.contains("git secissue commit") && dirty.stderr.contains("git stash -u"), "\(dirty.stderr)")
        try FileManager.default.removeItem(atPath: repo + "/.security/notes.txt")

        let head = try sandbox.head(repo)
        let dry = try sandbox.secissue("migrate", "--dry-run", in: repo)
        #expect(try dry.status == 0 && sandbox.head(repo) == head, "\(dry.stderr)")
        #expect(dry.stdout.contains("rename .security/findings/\(plain).md -> \(findingFile(plain))"))
        #expect(dry.stderr.contains("would move 3 finding files and set format: 2 (was 1)"), "\(dry.stderr)")

        let run = try sandbox.secissue("migrate", in: repo)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.git("rev-parse", "HEAD~1", in: repo).hasPrefix(head), "one commit")
        let status = try sandbox.git("show", "--format=", "--name-status", "-M", "HEAD", in: repo)
        #expect(status.split(separator: "\n").filter { $0.hasPrefix("R100") }.count == 3, "git sees three exact renames: \(status)")
        #expect(try sandbox.git("status", "--porcelain", in: repo).split(separator: "\n").allSatisfy { $0.hasPrefix("?? logs") })
        let after = try tree(sandbox, repo)
        #expect(Set(after.map(\.blob)) == Set(before.map(\.blob)), "the same blobs: a confidential finding moves sealed")
        #expect(Set(after.map(\.path)) == Set([plain, secret].map(findingFile)).union(after.map(\.path).filter { !$0.contains(plain) && !$0.contains(secret) }))
        #expect(try readings() == was, "list, show (sealed and opened), stats and log read alike")
        #expect(try sandbox.secissue("validate", in: repo).status == 0)
        // History and blame follow the file.
        let follow = try sandbox.git("log", "--follow", "--format=%s", "--", findingFile(plain), in: repo)
        #expect(follow.contains("open \(plain)"), "\(follow)")
        let blame = try sandbox.git("blame", "--porcelain", findingFile(plain), in: repo)
        #expect(!blame.contains("summary secissue: migrate"), "no line is the migration's")
        #expect(try sandbox.git("check-attr", "merge", findingFile(plain), in: repo).hasSuffix("merge: secissue\n"))

        let again = try sandbox.secissue("migrate", in: repo)
        #expect(again.status == 0 && again.stderr.contains("already format 2"), "\(again.stderr)")
        // New findings go where the format puts them.
        let next = try sandbox.newFinding("--title", "After the move", in: repo)
        #expect(FileManager.default.fileExists(atPath: repo + "/" + findingFile(next)))
    }

    @Test("a clone of the flat store merges the migration: an edit at the old path lands in the moved file, a flat file it added is named by validate and moved by migrate")
    func oldCloneMergesMigration() throws {
        let sandbox = try Sandbox()
        let origin = try Self.flatRepository(sandbox, "origin")
        let shared = try sandbox.newFinding("--title", "Shared finding", "--severity", "high", in: origin)
        try sandbox.git("clone", "-q", origin, sandbox.path("clone"), in: sandbox.root.path)
        let clone = sandbox.path("clone")
        try sandbox.secissue("init", "--force", in: clone) // registers the merge driver in the clone

        #expect(try sandbox.secissue("migrate", in: origin).status == 0)
        try sandbox.secissue("comment", shared, "-m", "after the migration", in: origin)
        try sandbox.secissue("comment", shared, "-m", "on the flat clone", in: clone)
        let added = try sandbox.newFinding("--title", "Filed on the flat clone", in: clone)
        #expect(FileManager.default.fileExists(atPath: clone + "/.security/findings/\(added).md"))

        let pull = try sandbox.run("/usr/bin/git", ["pull", "--no-rebase", "-q", "origin", "main"], in: clone)
        #expect(pull.status == 0, "\(pull.stderr)")
        let shown = try sandbox.secissue("show", shared, in: clone).stdout
        #expect(shown.contains("after the migration") && shown.contains("on the flat clone"), "the merge driver merged across the rename")
        #expect(FileManager.default.fileExists(atPath: clone + "/" + findingFile(shared)))
        #expect(try sandbox.findings(in: clone).count == 2, "both layouts are read")
        let validate = try sandbox.secissue("validate", in: clone)
        #expect(validate.status == 1 && validate.stdout.contains(".security/findings/\(added).md: filed as format 1 in a format 2 store"), "\(validate.stdout)")
        let migrate = try sandbox.secissue("migrate", in: clone)
        #expect(migrate.status == 0 && migrate.stderr.contains("moved 1 finding file"), "\(migrate.stderr)")
        #expect(try sandbox.secissue("validate", in: clone).status == 0)
    }

    @Test("a file in a directory its ID does not name, or a finding filed twice, is a listed problem and stops migrate")
    func misplacedFiles() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "Placed", in: repo)
        let text = try sandbox.read(findingFile(id), in: repo)
        // A bucket other than the ID's own (IDs are random: one may well begin with zz).
        let wrong = findingFile(id).contains("/zz/") ? "yy" : "zz"
        try sandbox.write(".security/findings/\(wrong)/\(id).md", text, in: repo)
        let list = try sandbox.secissue("list", "--all", in: repo)
        #expect(list.stderr.contains(".security/findings/\(wrong)/\(id).md: not where a finding file goes: \(id) belongs in \(findingFile(id))"), "\(list.stderr)")
        try FileManager.default.removeItem(atPath: repo + "/.security/findings/\(wrong)")
        try sandbox.write(".security/findings/\(id).md", text, in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-qm", "Filed twice", in: repo)
        let validate = try sandbox.secissue("validate", in: repo)
        #expect(validate.stdout.contains("\(id) is filed twice, also at \(findingFile(id))"), "\(validate.stdout)")
        let migrate = try sandbox.secissue("migrate", in: repo)
        #expect(migrate.status == 1 && migrate.stderr.contains("nothing was moved"), "\(migrate.stderr)")
    }

    @Test("a finding file moved a directory deeper than a bucket is a problem list and validate report, not a finding gone")
    func nestedDirectory() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "SQL injection in search", "--severity", "high", "--path", "app/db.py:4", in: repo)
        let bucket = (findingFile(id) as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: repo + "/" + bucket + "/old", withIntermediateDirectories: true)
        try sandbox.git("mv", findingFile(id), bucket + "/old/", in: repo)
        try sandbox.git("commit", "-qm", "Archive it", in: repo)
        for arguments in [["list"], ["list", "--at", "HEAD"], ["validate"]] {
            let run = try sandbox.run(Sandbox.binary, arguments, in: repo)
            #expect(run.status == 1 && (run.stdout + run.stderr).contains("\(bucket)/old: a directory inside \(bucket)"),
                    "\(arguments): \(run.stdout)\(run.stderr)")
        }
    }

    @Test("a store of a format this build does not know is refused with the fix")
    func unknownFormat() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let config = try sandbox.read(".security/config.yml", in: repo)
        try sandbox.write(".security/config.yml", config.replacingOccurrences(of: "\nformat: 2\n", with: "\nformat: 3\n"), in: repo)
        let new = try sandbox.secissue("new", "--title", "x", "--no-commit", in: repo)
        #expect(new.status == 1 && new.stderr.contains("format 3") && new.stderr.contains("upgrade git-secissue"), "\(new.stderr)")
    }
}
