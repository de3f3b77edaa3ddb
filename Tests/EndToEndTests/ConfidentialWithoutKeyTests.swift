import Foundation
import Testing
import TestSupport
import SecIssueKit

/// Confidential findings kept current by CI that holds only public keys and the ID key: triage
/// in clear fields, re-imports that seal the scan's view, keyed IDs, and a severity policy can hide.
@Suite("confidential findings without the key", .scratchDirectory)
struct ConfidentialWithoutKeyTests {
    let base = ConfidentialTests()

    /// A SARIF log of one `probe-sqli` result with a fixed fingerprint, at `line` with `snippet`.
    func scan(_ sandbox: Sandbox, line: Int, snippet: String, level: String = "error") throws -> String {
        let sarif = sandbox.path("probe-\(UUID().uuidString).sarif")
        try """
            {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "probe", "rules": [{"id": "probe-sqli"}]}},
              "results": [{"ruleId": "probe-sqli", "level": "\(level)", "message": {"text": "Capybara message 3141"},
                "partialFingerprints": {"primaryLocationLineHash": "fixed-fingerprint"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app/db.py"},
                  "region": {"startLine": \(line), "snippet": {"text": "\(snippet)"}}}}]}]}]}
            """.write(toFile: sarif, atomically: true, encoding: .utf8)
        return sarif
    }

    func policy(_ sandbox: Sandbox, _ repo: String, _ yaml: String) throws {
        try sandbox.write(".security/config.yml", try sandbox.read(".security/config.yml", in: repo) + "\nconfidential:\n" + yaml, in: repo)
        try sandbox.git("commit", "-qam", "policy", in: repo)
    }

    @Test("CI with only public keys and the ID key assigns, links, comments, and moves a finding to where the scan sees it now")
    func keylessTriageAndRelocation() throws {
        let sandbox = try Sandbox()
        let (repo, alice, _) = try base.setUp(sandbox)
        let reader = ["SECISSUE_IDENTITY": alice.ageIdentity]
        let ci = [base.IDKeyName: try base.idKey(sandbox, repo, alice)]
        try policy(sandbox, repo, "  tools: [probe]\n")
        let initial = Set(try sandbox.git("rev-list", "--objects", "--all", in: repo).split(separator: "\n").map { String($0.prefix(40)) })
        let first = try sandbox.secissue("import", try scan(sandbox, line: 4, snippet: "query(name)"), in: repo, env: ci)
        #expect(first.status == 0 && first.stdout.contains("new 1"), "\(first.stdout)\(first.stderr)")
        let id = try #require(try sandbox.findings(in: repo).first?["id"] as? String)
        let path = findingFile(id)

        // Triage without the key: the assignee and issue links are clear fields.
        #expect(try sandbox.secissue("assign", id, "alice@example.com", in: repo).status == 0)
        #expect(try sandbox.secissue("link", id, "--issue", "jira:SEC-12", in: repo).status == 0)
        #expect(try sandbox.secissue("comment", id, "-m", "Keyless note wombat-1", in: repo).status == 0)
        let clear = try sandbox.read(path, in: repo)
        #expect(clear.contains("assignee: alice@example.com") && clear.contains("links: [jira:SEC-12]") && !clear.contains("wombat"))
        let mine = try sandbox.secissue("mine", in: repo)
        #expect(mine.status == 0 && mine.stdout.contains(String(id.prefix(8))), "\(mine.stdout)\(mine.stderr)")

        // The same scan again: nothing to write.
        let head = try sandbox.git("rev-parse", "HEAD", in: repo)
        let same = try sandbox.secissue("import", try scan(sandbox, line: 4, snippet: "query(name)"), in: repo, env: ci)
        #expect(same.status == 0 && same.stdout.contains("unchanged 1"), "\(same.stdout)\(same.stderr)")
        #expect(try sandbox.git("rev-parse", "HEAD", in: repo) == head)

        // The code moved: the scan's view is sealed into the file, people's blocks stay.
        let blocksBefore = try sandbox.read(path, in: repo).components(separatedBy: "BEGIN AGE").count
        let moved = try sandbox.secissue("import", try scan(sandbox, line: 9, snippet: "query2(moose)"), in: repo, env: ci)
        #expect(moved.status == 0 && moved.stdout.contains("updated 1"), "\(moved.stdout)\(moved.stderr)")
        let sealed = try sandbox.read(path, in: repo)
        #expect(sealed.contains("<!-- scan -->\n-----BEGIN AGE") && !sealed.contains("moose") && !sealed.contains("app/db.py"))
        #expect(sealed.components(separatedBy: "BEGIN AGE").count == blocksBefore + 2, "a scan block and an activity block")
        let again = try sandbox.secissue("import", try scan(sandbox, line: 9, snippet: "query2(moose)"), in: repo, env: ci)
        #expect(again.stdout.contains("unchanged 1"), "\(again.stdout)")
        // The scan block is age's format: a reader can open it by hand.
        let label = try #require(sealed.range(of: "<!-- scan -->"))
        let scanBlock = try base.armor(String(sealed[label.lowerBound...]))
        let byHand = try base.decrypt(sandbox, scanBlock, identity: alice.ageIdentity)
        #expect(byHand.stdout.contains("line: 9") && byHand.stdout.contains("query2(moose)"), "\(byHand.stdout)\(byHand.stderr)")

        // With the key it reads as one finding.
        let shown = try sandbox.secissue("show", id, in: repo, env: reader)
        for text in ["app/db.py:9", "query2(moose)", "alice@example.com", "jira:SEC-12", "Keyless note wombat-1", "seen at app/db.py:9"] {
            #expect(shown.stdout.contains(text), "\(text) in \(shown.stdout)")
        }
        #expect(!shown.stdout.contains("query(name)"))
        // A reader's write folds it all into one record; the next keyless scan of the same code writes nothing.
        #expect(try sandbox.secissue("comment", id, "-m", "Reader note", in: repo, env: reader).status == 0)
        let folded = try sandbox.read(path, in: repo)
        #expect(folded.components(separatedBy: "BEGIN AGE").count == 2 && !folded.contains("<!-- scan"))
        let afterFold = try sandbox.secissue("import", try scan(sandbox, line: 9, snippet: "query2(moose)"), in: repo, env: ci)
        #expect(afterFold.stdout.contains("unchanged 1"), "\(afterFold.stdout)")
        #expect(try sandbox.secissue("show", id, in: repo, env: reader).stdout.contains("query2(moose)"))
        #expect(try sandbox.secissue("validate", in: repo).status == 0)

        // No object written since holds the plaintext.
        try sandbox.git("gc", "-q", "--prune=now", in: repo)
        let objects = try sandbox.run("/usr/bin/git", ["cat-file", "--batch-all-objects", "--batch-check=%(objectname)"], in: repo)
        let written = objects.stdout.split(separator: "\n").map(String.init).filter { !initial.contains($0) }
        for object in written {
            let content = try sandbox.git("cat-file", "-p", object, in: repo)
            for secret in ["moose", "query(name)", "app/db.py", "Capybara", "wombat"] {
                #expect(!content.contains(secret), "\(secret) in \(object)")
            }
        }
    }

    @Test("a confidential finding filed from a scan has a keyed ID; without the ID key the import stops; a plain ID filed before stays")
    func keyedIDs() throws {
        let sandbox = try Sandbox()
        let (repo, alice, _) = try base.setUp(sandbox)
        let key = try base.idKey(sandbox, repo, alice)
        let sarif = try scan(sandbox, line: 4, snippet: "query(name)")
        // Before the policy: the plain ID, which anyone can derive from the tool, rule and fingerprint.
        let plain = try sandbox.secissue("import", sarif, in: repo)
        #expect(plain.status == 0)
        let filed = try #require(try sandbox.findings(in: repo).first)
        let fingerprint = try #require((filed["source"] as? [String: Any])?["fingerprint"] as? String)
        let plainID = FindingID.derived(prefix: "SEC", key: ScanResult.identityKey(tool: "probe", rule: "probe-sqli", fingerprint: fingerprint))
        #expect(filed["id"] as? String == plainID)
        try policy(sandbox, repo, "  tools: [probe]\n")
        // A finding filed before keeps its ID: the re-import matches it, with or without the ID key.
        let kept = try sandbox.secissue("import", sarif, in: repo)
        #expect(kept.status == 0 && kept.stdout.contains("unchanged 1"), "\(kept.stdout)\(kept.stderr)")

        let other = try sandbox.repository("other")
        #expect(try sandbox.secissue("recipients", "add", alice.ageRecipient, "--name", "Alice", in: other).status == 0)
        try policy(sandbox, other, "  tools: [probe]\n")
        let refused = try sandbox.secissue("import", sarif, in: other)
        #expect(refused.status == 1 && refused.stderr.contains("set SECISSUE_ID_KEY") && refused.stderr.contains("recipients id-key"),
                "\(refused.stderr)")
        #expect(try sandbox.findings(in: other).isEmpty)
        let otherKey = try base.idKey(sandbox, other, alice)
        let keyed = try sandbox.secissue("import", sarif, in: other, env: [base.IDKeyName: otherKey])
        #expect(keyed.status == 0, "\(keyed.stderr)")
        let id = try #require(try sandbox.findings(in: other).first?["id"] as? String)
        #expect(id != plainID && id.hasPrefix("SEC-"))
        // Idempotent: by CI with the ID key, and by a reader who opens .security/id-key.
        #expect(try sandbox.secissue("import", sarif, in: other, env: [base.IDKeyName: otherKey]).stdout.contains("unchanged 1"))
        #expect(try sandbox.secissue("import", sarif, in: other, env: ["SECISSUE_IDENTITY": alice.ageIdentity]).stdout.contains("unchanged 1"))
        let wrong = try sandbox.secissue("import", sarif, in: other, env: [base.IDKeyName: "not-hex"])
        #expect(wrong.status == 1 && wrong.stderr.contains("SECISSUE_ID_KEY is not an ID key"))
        // Another repository's key is 64 hex digits too, and its IDs match nothing here: the import
        // would file the result again and fix the finding filed. The clear check tells it first.
        let foreign = try sandbox.secissue("import", sarif, in: other, env: [base.IDKeyName: key])
        #expect(foreign.status == 1 && foreign.stderr.contains("SECISSUE_ID_KEY is not this repository's ID key"), "\(foreign.stdout)\(foreign.stderr)")
        let after = try sandbox.findings(in: other)
        #expect(after.count == 1 && after.first?["id"] as? String == id && after.first?["status"] as? String == "open")
        #expect(key != otherKey)
    }

    @Test("a result below min_severity now, of a tool with keyed confidential findings, stops an import without the ID key rather than file it in clear")
    func downgradedResultWithoutKey() throws {
        let sandbox = try Sandbox()
        let (repo, alice, _) = try base.setUp(sandbox)
        let ci = [base.IDKeyName: try base.idKey(sandbox, repo, alice)]
        try policy(sandbox, repo, "  min_severity: high\n")
        let high = try sandbox.secissue("import", try scan(sandbox, line: 4, snippet: "query(name)"), in: repo, env: ci)
        #expect(high.status == 0 && high.stdout.contains("new 1"), "\(high.stdout)\(high.stderr)")
        let filed = try #require(try sandbox.findings(in: repo).first?["id"] as? String)
        // The scanner now says medium: not covered by the policy, but the same result, filed keyed.
        let medium = try scan(sandbox, line: 4, snippet: "query(name)", level: "warning")
        let head = try sandbox.head(repo)
        let keyless = try sandbox.secissue("import", medium, in: repo)
        #expect(keyless.status == 1 && keyless.stderr.contains("set SECISSUE_ID_KEY") && keyless.stderr.contains("nothing was imported"),
                "\(keyless.stdout)\(keyless.stderr)")
        #expect(try sandbox.head(repo) == head)
        #expect(try !sandbox.git("log", "-p", "--all", in: repo).contains("Capybara message 3141"), "the result's text reached git in clear")
        // With the key it is the finding filed, updated where it is.
        let keyed = try sandbox.secissue("import", medium, in: repo, env: ci)
        #expect(keyed.status == 0 && !keyed.stdout.contains("new 1"), "\(keyed.stdout)\(keyed.stderr)")
        #expect(try sandbox.findings(in: repo).map { $0["id"] as? String } == [filed])
    }

    @Test("hide_severity seals the severity and due date; the gate without a key fails closed on it, with a key it judges as before")
    func hiddenSeverity() throws {
        let sandbox = try Sandbox()
        let (repo, alice, _) = try base.setUp(sandbox)
        let ci = [base.IDKeyName: try base.idKey(sandbox, repo, alice)]
        let reader = ["SECISSUE_IDENTITY": alice.ageIdentity]
        try policy(sandbox, repo, "  tools: [probe]\n  hide_severity: true\n")
        let low = try scan(sandbox, line: 4, snippet: "query(name)", level: "note")

        // CI has the scan, so it knows a new finding's severity: low, below fail_on; it prints none.
        let filed = try sandbox.secissue("ci", "--sarif", low, "--mode", "commit", in: repo, env: ci)
        #expect(filed.status == 0 && filed.stdout.contains("| new | 0 | 0 | 0 | 0 | 0 | 1 | 1 |"), "counted as hidden: \(filed.stdout)\(filed.stderr)")
        let id = try #require(try sandbox.findings(in: repo).first?["id"] as? String)
        let file = try sandbox.read(findingFile(id), in: repo)
        #expect(file.contains("severity: hidden") && file.contains("due: null") && !file.contains("severity: low"), "\(file)")
        let list = try sandbox.secissue("list", in: repo)
        #expect(list.stdout.contains("hidden") && !list.stdout.contains(" low "), "\(list.stdout)")
        #expect(try sandbox.secissue("validate", in: repo).status == 0)
        let shown = try sandbox.secissue("list", in: repo, env: reader)
        #expect(shown.stdout.contains(" low ") && !shown.stdout.contains("hidden"), "\(shown.stdout)")

        // Fixed, then back in a scan: a regression whose sealed severity CI cannot read fails closed.
        #expect(try sandbox.secissue("status", id, "fixed", in: repo).status == 0)
        let start = try sandbox.git("rev-parse", "HEAD", in: repo).trimmingCharacters(in: .whitespacesAndNewlines)
        let gate = try sandbox.secissue("ci", "--sarif", low, "--mode", "commit", in: repo, env: ci)
        #expect(gate.status == 2, "\(gate.stdout)\(gate.stderr)")
        let output = gate.stdout + gate.stderr
        #expect(output.contains("reopened hidden finding") && output.contains("its severity is sealed") && output.contains("SECISSUE_IDENTITY"), "\(output)")
        #expect(output.contains("| reopened | 0 | 0 | 0 | 0 | 0 | 1 | 1 |"), "the gate's output does not tell the severity: \(output)")
        // With a reader's key it is low, below fail_on, and the gate passes as it always did.
        try sandbox.git("reset", "-q", "--hard", start, in: repo)
        let judged = try sandbox.secissue("ci", "--sarif", low, "--mode", "commit", in: repo, env: reader)
        #expect(judged.status == 0, "\(judged.stdout)\(judged.stderr)")
        // A status change without the key keeps it hidden; so does a reader's write.
        let later = id
        #expect(try sandbox.secissue("status", later, "confirmed", in: repo).status == 0)
        #expect(try sandbox.secissue("comment", later, "-m", "seen", in: repo, env: reader).status == 0)
        #expect(try sandbox.read(findingFile(later), in: repo).contains("severity: hidden"))
        // A settled finding no longer counts.
        #expect(try sandbox.secissue("status", later, "false-positive", "--reason", "test code", in: repo).status == 0)
        let settled = try sandbox.secissue("ci", "--sarif", low, "--mode", "commit", in: repo, env: ci)
        #expect(settled.status == 0, "\(settled.stdout)\(settled.stderr)")
    }
}
