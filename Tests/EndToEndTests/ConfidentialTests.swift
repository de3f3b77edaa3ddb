import Foundation
import Testing
import TestSupport

/// Confidential findings: encrypted with the real `age` tool to the keys in .security/recipients,
/// readable with an identity, and never in plaintext in any git object.
@Suite("confidential findings", .scratchDirectory)
struct ConfidentialTests {
    let IDKeyName = "SECISSUE_ID_KEY"

    /// A person's keys: an age X25519 identity (age-keygen) and an SSH ed25519 key (ssh-keygen).
    struct Keys {
        let ageIdentity: String
        let ageRecipient: String
        let sshKey: String
        let sshPublic: String
    }

    func keys(_ sandbox: Sandbox, _ name: String) throws -> Keys {
        let directory = try ScratchDirectory.make("keys-\(name)").path
        let ageIdentity = directory + "/age.txt"
        let made = try sandbox.run("/usr/bin/age-keygen", ["-o", ageIdentity], in: directory)
        guard made.status == 0 else { throw SandboxError("age-keygen: \(made.stderr)") }
        let recipient = try sandbox.run("/usr/bin/age-keygen", ["-y", ageIdentity], in: directory).stdout
        let sshKey = directory + "/id_ed25519"
        let ssh = try sandbox.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", sshKey], in: directory)
        guard ssh.status == 0 else { throw SandboxError("ssh-keygen: \(ssh.stderr)") }
        let sshPublic = try String(contentsOfFile: sshKey + ".pub", encoding: .utf8)
        return Keys(ageIdentity: ageIdentity, ageRecipient: recipient.trimmingCharacters(in: .whitespacesAndNewlines),
                    sshKey: sshKey, sshPublic: sshPublic.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// A repository whose recipients are Alice's age key and Bob's SSH key.
    func setUp(_ sandbox: Sandbox) throws -> (repo: String, alice: Keys, bob: Keys) {
        let repo = try sandbox.repository()
        let alice = try keys(sandbox, "alice"), bob = try keys(sandbox, "bob")
        let first = try sandbox.secissue("recipients", "add", alice.ageRecipient, "--name", "Alice <alice@example.com>", in: repo)
        #expect(first.status == 0, "\(first.stderr)")
        // The ID key made with the first is sealed again to both: that needs a reader's key.
        let keyless = try sandbox.secissue("recipients", "add", bob.sshPublic, "--name", "Bob (ssh)", in: repo)
        #expect(keyless.status == 1 && keyless.stderr.contains("cannot open .security/id-key"), "\(keyless.stderr)")
        let second = try sandbox.secissue("recipients", "add", bob.sshPublic, "--name", "Bob (ssh)", "--identity", alice.ageIdentity, in: repo)
        #expect(second.status == 0, "\(second.stderr)")
        return (repo, alice, bob)
    }

    /// What `recipients id-key` prints with a reader's key: CI's `SECISSUE_ID_KEY`.
    func idKey(_ sandbox: Sandbox, _ repo: String, _ reader: Keys) throws -> String {
        let printed = try sandbox.secissue("recipients", "id-key", "--identity", reader.ageIdentity, in: repo)
        guard printed.status == 0 else { throw SandboxError("id-key: \(printed.stderr)") }
        return printed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The first armored age block of a file.
    func armor(_ text: String) throws -> String {
        let begin = try #require(text.range(of: "-----BEGIN AGE ENCRYPTED FILE-----"))
        let end = try #require(text.range(of: "-----END AGE ENCRYPTED FILE-----", range: begin.upperBound..<text.endIndex))
        return String(text[begin.lowerBound..<end.upperBound]) + "\n"
    }

    func decrypt(_ sandbox: Sandbox, _ armored: String, identity: String) throws -> RunResult {
        try sandbox.run("/usr/bin/age", ["--decrypt", "--identity", identity], in: sandbox.root.path, stdin: armored)
    }

    /// Every object of the repository, loose and packed, as `git cat-file --batch` prints them.
    func allObjects(_ sandbox: Sandbox, _ repo: String) throws -> String {
        let result = try sandbox.run("/usr/bin/git", ["cat-file", "--batch-all-objects", "--batch"], in: repo)
        guard result.status == 0 else { throw SandboxError("cat-file: \(result.stderr)") }
        return result.stdout
    }

    @Test("a finding encrypted to an age key and an SSH key is decrypted by the age CLI with each; one age encrypted is read back")
    func ageInteroperability() throws {
        let sandbox = try Sandbox()
        let (repo, alice, bob) = try setUp(sandbox)
        let id = try sandbox.newFinding("--confidential", "--title", "Quokka injection", "-m", "Payload quokka-7731.", in: repo)
        let file = try sandbox.read(findingFile(id), in: repo)
        #expect(!file.contains("Quokka") && !file.contains("quokka-7731"))
        let block = try armor(file)
        for identity in [alice.ageIdentity, bob.sshKey] {
            let opened = try decrypt(sandbox, block, identity: identity)
            #expect(opened.status == 0, "\(opened.stderr)")
            #expect(opened.stdout.contains("title: Quokka injection") && opened.stdout.contains("Payload quokka-7731."))
        }

        // The reverse: a finding file encrypted by the age CLI for both keys, put in by hand.
        let plaintext = """
            ---
            id: SEC-handmade01
            title: Wombat traversal
            status: open
            severity: high
            created: "2026-01-02T03:04:05Z"
            ---
            Sealed by age itself.

            ## Activity
            - 2026-01-02T03:04:05Z Alice opened

            """
        let encrypted = try sandbox.run("/usr/bin/age", ["--encrypt", "--armor", "--recipient", alice.ageRecipient, "--recipient", bob.sshPublic],
                                        in: repo, stdin: plaintext)
        #expect(encrypted.status == 0, "\(encrypted.stderr)")
        let outer = """
            ---
            id: SEC-handmade01
            title: "[confidential]"
            status: open
            severity: high
            created: "2026-01-02T03:04:05Z"
            confidential:
              sealed: true
            ---
            \(encrypted.stdout)
            """
        try sandbox.write(".security/findings/SEC-handmade01.md", outer, in: repo)
        for identity in [alice.ageIdentity, bob.sshKey] {
            let shown = try sandbox.secissue("show", "SEC-handmade01", "--identity", identity, in: repo)
            #expect(shown.status == 0, "\(shown.stderr)")
            #expect(shown.stdout.contains("# SEC-handmade01: Wombat traversal") && shown.stdout.contains("Sealed by age itself."))
        }
    }

    @Test("filing, commenting, editing, status changes and an import leave no plaintext in any object, packed or loose")
    func noPlaintextInObjects() throws {
        let sandbox = try Sandbox()
        let (repo, alice, _) = try setUp(sandbox)
        let initial = Set(try sandbox.git("rev-list", "--objects", "--all", in: repo).split(separator: "\n").map { String($0.prefix(40)) })
        let withKey = ["SECISSUE_IDENTITY": alice.ageIdentity]
        let id = try sandbox.newFinding("--confidential", "--title", "Platypus secret title", "-m", "Description narwhal-4471.",
                                        "--path", "app/db.py:4", in: repo)
        #expect(try sandbox.secissue("comment", id, "-m", "Comment axolotl-9902", in: repo, env: withKey).status == 0)
        #expect(try sandbox.secissue("comment", id, "-m", "Keyless pangolin-5150", in: repo).status == 0)
        #expect(try sandbox.secissue("status", id, "confirmed", in: repo).status == 0)
        let editor = sandbox.path("editor.sh")
        try "#!/bin/sh\nsed -i 's/narwhal-4471/narwhal-4471 and okapi-6060/' \"$1\"\n".write(toFile: editor, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor)
        let edited = try sandbox.secissue("edit", id, in: repo, env: withKey.merging(["EDITOR": editor]) { $1 })
        #expect(edited.status == 0, "\(edited.stderr)")

        // An import by a tool the policy makes confidential.
        try sandbox.write(".security/config.yml", try sandbox.read(".security/config.yml", in: repo) + "\nconfidential:\n  tools: [probe]\n", in: repo)
        try sandbox.git("commit", "-qam", "policy", in: repo)
        let sarif = try probeSARIF(sandbox)
        let refused = try sandbox.secissue("import", sarif, in: repo)
        #expect(refused.status == 1 && refused.stderr.contains("set SECISSUE_ID_KEY"), "no guessable ID without the key: \(refused.stderr)")
        let imported = try sandbox.secissue("import", sarif, in: repo, env: [IDKeyName: try idKey(sandbox, repo, alice)])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(!imported.stdout.contains("Capybara"))
        let again = try sandbox.secissue("import", sarif, in: repo, env: withKey)
        #expect(again.status == 0, "\(again.stderr)")

        // Everything is readable with the key, nothing without it.
        let exported = try sandbox.secissue("export", "--format", "sarif", in: repo, env: withKey)
        #expect(exported.status == 0 && exported.stdout.contains("Platypus secret title"), "\(exported.stderr)")
        let shown = try sandbox.secissue("show", id, in: repo, env: withKey)
        for text in ["Platypus secret title", "narwhal-4471 and okapi-6060", "Comment axolotl-9902", "Keyless pangolin-5150", "app/db.py:4"] {
            #expect(shown.stdout.contains(text), "\(text) in \(shown.stdout)")
        }
        let secrets = ["Platypus", "narwhal", "okapi", "axolotl", "pangolin", "Capybara", "app/db.py"]
        func scan(_ when: String) throws {
            let objects = try sandbox.run("/usr/bin/git", ["cat-file", "--batch-all-objects", "--batch-check=%(objectname)"], in: repo)
            let written = objects.stdout.split(separator: "\n").map(String.init).filter { !initial.contains($0) }
            #expect(written.count > 10)
            let all = try allObjects(sandbox, repo)
            for secret in secrets where all.contains(secret) {
                // Only the code itself (objects from before) may hold a path.
                let holders = try written.filter { try sandbox.git("cat-file", "-p", $0, in: repo).contains(secret) }
                #expect(holders.isEmpty, "\(secret) is in \(holders) \(when)")
            }
            let tree = try sandbox.run("/usr/bin/grep", ["-r", "-l", "-e", "Platypus", "-e", "narwhal", "-e", "Capybara", "."], in: repo)
            #expect(tree.stdout.isEmpty, "plaintext in the working tree: \(tree.stdout)")
        }
        try scan("before gc")
        try sandbox.git("gc", "-q", "--prune=now", in: repo)
        try scan("after gc")
        let log = try sandbox.git("log", "--format=%B", in: repo)
        #expect(!log.contains("Platypus") && log.contains("secissue: open \(id)\n"))
    }

    @Test("without an identity list, show, validate and the ci gate work on the clear fields")
    func withoutIdentity() throws {
        let sandbox = try Sandbox()
        let (repo, alice, _) = try setUp(sandbox)
        let ci = [IDKeyName: try idKey(sandbox, repo, alice)]
        let id = try sandbox.newFinding("--confidential", "--severity", "critical", "--title", "Dingo leak", in: repo)
        let list = try sandbox.secissue("list", in: repo)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("[confidential]") && list.stdout.contains("critical") && !list.stdout.contains("Dingo"))
        let show = try sandbox.secissue("show", id, in: repo)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("encrypted to Alice <alice@example.com>, Bob (ssh)"))
        #expect(show.stdout.contains("none of your identities can read it"))
        #expect(try sandbox.secissue("validate", in: repo).status == 0)
        let other = try sandbox.newFinding("--confidential", "--title", "Accepted dingo", in: repo)
        let accepted = try sandbox.secissue("status", other, "risk-accepted", "--reason", "Behind the VPN", "--expires", "2099-01-01", in: repo)
        #expect(accepted.status == 0, "\(accepted.stderr)")
        let validated = try sandbox.secissue("validate", in: repo)
        #expect(validated.status == 0, "the reason is sealed, not missing: \(validated.stdout)")
        try sandbox.write(".security/recipients", "age1 not a key\n", in: repo)
        let badKey = try sandbox.secissue("validate", in: repo)
        #expect(badKey.status == 1 && badKey.stdout.contains(".security/recipients:1: not a public key"))
        try sandbox.git("checkout", "--", ".security/recipients", in: repo)
        let json = try sandbox.secissue("export", "--format", "json", in: repo)
        #expect(json.status == 0 && json.stdout.contains("\"sealed\": true") && !json.stdout.contains("Dingo"), "\(json.stdout)")
        let missing = try sandbox.secissue("show", id, "--identity", sandbox.path("no-such-key"), in: repo)
        #expect(missing.status == 1 && missing.stderr.contains("cannot read the identity"), "a typo must not look like no access")
        let edit = try sandbox.secissue("edit", id, in: repo, env: ["EDITOR": "true"])
        #expect(edit.status == 1 && edit.stderr.contains("none of your identities can read it"))
        // CI holding only public keys: a scan files a confidential finding (policy), the gate
        // fails on it, and the re-import of the same scan matches it by its ID.
        try sandbox.write(".security/config.yml", try sandbox.read(".security/config.yml", in: repo) + "\nconfidential:\n  tools: [probe]\n", in: repo)
        try sandbox.git("commit", "-qam", "policy", in: repo)
        let sarif = try probeSARIF(sandbox)
        let summary = sandbox.path("summary.md")
        let gate = try sandbox.secissue("ci", "--sarif", sarif, "--mode", "commit", "--summary", summary, in: repo, env: ci)
        #expect(gate.status == 2, "\(gate.stdout)\(gate.stderr)")
        let written = try String(contentsOfFile: summary, encoding: .utf8)
        #expect(written.contains("\\[confidential\\]") && written.contains("Gate: failed"))
        for output in [gate.stdout, gate.stderr, written] { #expect(!output.contains("Capybara") && !output.contains("app/db.py")) }
        let again = try sandbox.secissue("ci", "--sarif", sarif, "--mode", "commit", in: repo, env: ci)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(try sandbox.secissue("list", in: repo).stdout.components(separatedBy: "[confidential]").count == 3)
        #expect(try sandbox.secissue("validate", in: repo).status == 0)
    }

    /// A SARIF log of one high result from the tool `probe`, whose message is a marker.
    func probeSARIF(_ sandbox: Sandbox) throws -> String {
        let sarif = sandbox.path("probe-\(UUID().uuidString).sarif")
        try """
            {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "probe", "rules": [{"id": "probe-sqli"}]}},
              "results": [{"ruleId": "probe-sqli", "level": "error", "message": {"text": "Capybara message 3141"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app/db.py"}, "region": {"startLine": 4}}}]}]}]}
            """.write(toFile: sarif, atomically: true, encoding: .utf8)
        return sarif
    }

    @Test("the merge driver merges two branches that changed different clear fields of one confidential finding")
    func mergeDriver() throws {
        let sandbox = try Sandbox()
        let (repo, alice, _) = try setUp(sandbox)
        #expect(try sandbox.secissue("hooks", "install", in: repo).status == 0)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-qm", "hooks", "--allow-empty", in: repo)
        let withKey = ["SECISSUE_IDENTITY": alice.ageIdentity]
        let id = try sandbox.newFinding("--confidential", "--severity", "medium", "--title", "Echidna bug", in: repo)
        try sandbox.git("checkout", "-q", "-b", "feature", in: repo)
        #expect(try sandbox.secissue("status", id, "confirmed", in: repo, env: withKey).status == 0)
        try sandbox.git("checkout", "-q", "main", in: repo)
        let editor = sandbox.path("editor.sh")
        try "#!/bin/sh\nsed -i 's/^severity: medium/severity: critical/' \"$1\"\n".write(toFile: editor, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor)
        let edited = try sandbox.secissue("edit", id, in: repo, env: withKey.merging(["EDITOR": editor]) { $1 })
        #expect(edited.status == 0, "\(edited.stderr)")
        let merge = try sandbox.run("/usr/bin/git", ["merge", "--no-edit", "-q", "feature"], in: repo, env: withKey)
        #expect(merge.status == 0, "\(merge.stdout)\(merge.stderr)")
        let file = try sandbox.read(findingFile(id), in: repo)
        #expect(file.contains("status: confirmed") && file.contains("severity: critical") && !file.contains("Echidna"))
        let shown = try sandbox.secissue("show", id, in: repo, env: withKey)
        #expect(shown.stdout.contains("Echidna bug") && shown.stdout.contains("status open -> confirmed")
                && shown.stdout.contains("edited severity medium -> critical"), "\(shown.stdout)")
        #expect(try sandbox.secissue("validate", in: repo).status == 0)
    }

    @Test("without a key, the merge driver keeps the clear change of one branch and the sealed comment of the other")
    func keylessMerge() throws {
        let sandbox = try Sandbox()
        let (repo, alice, _) = try setUp(sandbox)
        #expect(try sandbox.secissue("hooks", "install", in: repo).status == 0)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-qm", "hooks", "--allow-empty", in: repo)
        let id = try sandbox.newFinding("--confidential", "--title", "Numbat race", in: repo)
        try sandbox.git("checkout", "-q", "-b", "feature", in: repo)
        #expect(try sandbox.secissue("comment", id, "-m", "Sealed note quoll-808", in: repo).status == 0)
        try sandbox.git("checkout", "-q", "main", in: repo)
        #expect(try sandbox.secissue("status", id, "confirmed", in: repo).status == 0)
        let merge = try sandbox.run("/usr/bin/git", ["merge", "--no-edit", "-q", "feature"], in: repo)
        #expect(merge.status == 0, "\(merge.stdout)\(merge.stderr)")
        let file = try sandbox.read(findingFile(id), in: repo)
        #expect(file.contains("status: confirmed") && !file.contains("<<<<<<<") && !file.contains("quoll"))
        let shown = try sandbox.secissue("show", id, "--identity", alice.ageIdentity, in: repo)
        #expect(shown.stdout.contains("Sealed note quoll-808") && shown.stdout.contains("status open -> confirmed"), "\(shown.stdout)")
    }

    @Test("removing a recipient re-encrypts in one commit, and the removed key cannot read the new ciphertext")
    func removeRecipient() throws {
        let sandbox = try Sandbox()
        let (repo, alice, bob) = try setUp(sandbox)
        let id = try sandbox.newFinding("--confidential", "--title", "Koala overflow", in: repo)
        let path = findingFile(id)
        #expect(try decrypt(sandbox, try armor(try sandbox.read(path, in: repo)), identity: bob.sshKey).status == 0)
        // Re-encrypting needs to read the findings.
        let keyless = try sandbox.secissue("recipients", "remove", "Bob (ssh)", in: repo)
        #expect(keyless.status == 1 && keyless.stderr.contains("cannot re-encrypt \(id)"))
        let removed = try sandbox.secissue("recipients", "remove", "Bob (ssh)", "--identity", alice.ageIdentity, in: repo)
        #expect(removed.status == 0, "\(removed.stderr)")
        let changed = try sandbox.git("show", "--name-only", "--format=%s", "HEAD", in: repo)
        #expect(changed == "secissue: remove recipient Bob (ssh) and re-encrypt 1 confidential finding\n\n\(findingFile(id))\n.security/id-key\n.security/recipients\n")
        // The ID key is sealed again too: Bob keeps what he knew of it, not a new copy.
        #expect(try decrypt(sandbox, try sandbox.read(".security/id-key", in: repo), identity: bob.sshKey).status != 0)
        let block = try armor(try sandbox.read(path, in: repo))
        let bobTries = try decrypt(sandbox, block, identity: bob.sshKey)
        #expect(bobTries.status != 0 && bobTries.stderr.contains("no identity matched"))
        #expect(try decrypt(sandbox, block, identity: alice.ageIdentity).stdout.contains("Koala overflow"))
        let list = try sandbox.secissue("recipients", "list", "--format", "csv", in: repo)
        #expect(list.stdout.hasPrefix("name,key\nAlice <alice@example.com>,age1"))
    }

    @Test("telemetry findings keep client addresses as client_addresses says, confidential ones in full")
    func clientAddresses() throws {
        let sandbox = try Sandbox()
        let repo = try TelemetryTests.appRepository(sandbox)
        let alice = try keys(sandbox, "alice")
        #expect(try sandbox.secissue("recipients", "add", alice.ageRecipient, "--name", "Alice", in: repo).status == 0)
        let config = try sandbox.read(".security/config.yml", in: repo)
            .replacingOccurrences(of: "client_addresses: truncated", with: "client_addresses: hashed")
        try sandbox.write(".security/config.yml", config + "\nconfidential:\n  min_severity: high\n", in: repo)
        try sandbox.git("commit", "-qam", "policy", in: repo)
        try sandbox.write("access.log", TelemetryTests.firstLog, in: repo)
        let ingest = try sandbox.secissue("telemetry", "ingest", "access.log", in: repo, env: ["SECISSUE_IDENTITY": alice.ageIdentity])
        #expect(ingest.status == 2, "\(ingest.stderr)")
        let findings = try sandbox.findings(in: repo, env: ["SECISSUE_IDENTITY": alice.ageIdentity])
        let sqli = try #require(findings.first { ($0["source"] as? [String: Any])?["rule"] as? String == "sqli" })
        let xss = try #require(findings.first { ($0["source"] as? [String: Any])?["rule"] as? String == "xss" })
        // sqli is high, so confidential: full addresses, encrypted. xss is not: hashed.
        #expect((sqli["evidence"] as? [String: Any])?["sources"] as? [String] == ["203.0.113.5 (2)", "198.51.100.7 (1)"])
        let hashed = try #require((xss["evidence"] as? [String: Any])?["sources"] as? [String])
        #expect(hashed.count == 1 && hashed[0].hasPrefix("ip-") && !hashed[0].contains("198.51"), "\(hashed)")
        let all = try allObjects(sandbox, repo)
        #expect(!all.contains("203.0.113.5") && !all.contains("198.51.100.7"))
    }

    @Test("the example of docs/confidential.md runs as written")
    func documentedExample() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let page = try String(contentsOf: DocExampleTests.package.appendingPathComponent("docs/confidential.md"), encoding: .utf8)
        let start = try #require(page.range(of: "\n## Try it\n"))
        let open = try #require(page.range(of: "```sh\n", range: start.upperBound..<page.endIndex))
        let close = try #require(page.range(of: "\n```", range: open.upperBound..<page.endIndex))
        let result = try sandbox.run("/bin/sh", ["-c", "set -e\n" + page[open.upperBound..<close.lowerBound]], in: repo)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("[confidential]") && result.stdout.contains(": SQL injection in search\n"))
    }

    @Test("disclose writes a fixed confidential finding back in plaintext; an open one is refused")
    func disclose() throws {
        let sandbox = try Sandbox()
        let (repo, alice, _) = try setUp(sandbox)
        let withKey = ["SECISSUE_IDENTITY": alice.ageIdentity]
        let id = try sandbox.newFinding("--confidential", "--title", "Tapir bypass", in: repo)
        let early = try sandbox.secissue("disclose", id, in: repo, env: withKey)
        #expect(early.status == 1 && early.stderr.contains("once it is fixed"))
        #expect(try sandbox.secissue("status", id, "fixed", in: repo).status == 0)
        let disclosed = try sandbox.secissue("disclose", id, in: repo, env: withKey)
        #expect(disclosed.status == 0, "\(disclosed.stderr)")
        let file = try sandbox.read(findingFile(id), in: repo)
        #expect(file.contains("title: Tapir bypass") && !file.contains("AGE ENCRYPTED") && !file.contains("confidential:"))
        #expect(file.contains("status fixed") || file.contains("-> fixed"))
        #expect(file.contains(" disclosed\n"))
    }

    @Test("policy: findings at or above confidential.min_severity are filed confidential; status --confidential seals one")
    func policy() throws {
        let sandbox = try Sandbox()
        let (repo, _, _) = try setUp(sandbox)
        try sandbox.write(".security/config.yml", try sandbox.read(".security/config.yml", in: repo) + "\nconfidential:\n  min_severity: high\n", in: repo)
        try sandbox.git("commit", "-qam", "policy", in: repo)
        let high = try sandbox.newFinding("--severity", "high", "--title", "Serious bilby", in: repo)
        let low = try sandbox.newFinding("--severity", "low", "--title", "Minor bilby", in: repo)
        #expect(!(try sandbox.read(findingFile(high), in: repo)).contains("bilby"))
        #expect(try sandbox.read(findingFile(low), in: repo).contains("title: Minor bilby"))
        let sealed = try sandbox.secissue("status", low, "confirmed", "--confidential", in: repo)
        #expect(sealed.status == 0, "\(sealed.stderr)")
        #expect(!(try sandbox.read(findingFile(low), in: repo)).contains("bilby"))
        #expect(try sandbox.git("log", "-1", "--format=%s", in: repo) == "secissue: mark confirmed \(low)\n")

        // A person adds `confidential: true` in the editor.
        let other = try sandbox.newFinding("--severity", "info", "--title", "Edited bilby", in: repo)
        let editor = sandbox.path("editor.sh")
        try "#!/bin/sh\nsed -i '/^severity:/a confidential: true' \"$1\"\n".write(toFile: editor, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor)
        let edited = try sandbox.secissue("edit", other, in: repo, env: ["EDITOR": editor])
        #expect(edited.status == 0, "\(edited.stderr)")
        #expect(!(try sandbox.read(findingFile(other), in: repo)).contains("bilby"))
        #expect(try sandbox.git("log", "-1", "--format=%s", in: repo) == "secissue: edit \(other)\n")
    }
}
