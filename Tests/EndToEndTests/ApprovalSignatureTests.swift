import Foundation
import Testing
import TestSupport

/// Verifiable approvals with real `git` and `ssh-keygen`: signed commits and tags by listed keys
/// pass, trailers and unlisted keys do not, and the policy comes from the base of the range.
@Suite("protect: verified approvals", .scratchDirectory)
struct ApprovalSignatureTests {
    /// Bob (ed25519) and Carol (RSA) are approvers with keys; Mallory has a key nobody lists.
    struct Team {
        let repo: String
        let keys: String
        let bob: String
        let carol: String
        let mallory: String
    }

    /// A repository whose config.yml on main lists Bob's and Carol's public keys, on branch `feature`.
    /// `trustTrailers` sets `protect.trust_trailers: true`.
    func team(_ sandbox: Sandbox, trustTrailers: Bool = false) throws -> Team {
        let repo = try sandbox.repository()
        let keys = sandbox.path("keys")
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        func key(_ name: String, _ type: String) throws -> String {
            try sandbox.run("/usr/bin/ssh-keygen", ["-q", "-t", type, "-N", "", "-C", name, "-f", "\(keys)/\(name)"], in: keys)
            return try String(contentsOfFile: "\(keys)/\(name).pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let bob = try key("bob", "ed25519"), carol = try key("carol", "rsa"), mallory = try key("mallory", "ed25519")
        let config = try sandbox.read(".security/config.yml", in: repo)
        let approvers = """
              approvers:
                - name: Bob Builder
                  email: bob@example.com
                  login: bob-gh
                  keys: ["\(bob)"]
                - name: Carol Ops
                  email: carol@example.com
                  keys: ["\(carol)"]

            """
        #expect(config.contains("  trust_trailers: false\n"))
        try sandbox.write(".security/config.yml", config.replacingOccurrences(of: "  approvers: []\n", with: approvers)
            .replacingOccurrences(of: "  trust_trailers: false\n", with: "  trust_trailers: \(trustTrailers)\n"), in: repo)
        try sandbox.git("commit", "-qam", "Name the approvers and their keys", in: repo)
        try sandbox.git("checkout", "-qb", "feature", in: repo)
        return Team(repo: repo, keys: keys, bob: bob, carol: carol, mallory: mallory)
    }

    /// Alice's change to the CI workflow; returns its hash.
    func changeWorkflow(_ sandbox: Sandbox, _ repo: String, _ line: String) throws -> String {
        let path = repo + "/.github/workflows/ci.yml"
        let before = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "on: push\n"
        try sandbox.write(".github/workflows/ci.yml", before + line + "\n", in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-qm", "CI: \(line)", in: repo)
        return try sandbox.head(repo)
    }

    /// Git options that sign with `name`'s key (gpg.format=ssh), as `name`.
    func signing(_ team: Team, _ name: String) -> [String] {
        ["-c", "gpg.format=ssh", "-c", "user.signingkey=\(team.keys)/\(name)", "-c", "user.name=\(name.capitalized)",
         "-c", "user.email=\(name)@example.com"]
    }

    /// An empty follow-up commit by `name`, signed with their key, approving `commit`.
    func signedFollowUp(_ sandbox: Sandbox, _ team: Team, _ name: String, approving commit: String) throws {
        try sandbox.git(arguments: signing(team, name) + ["commit", "-q", "-S", "--allow-empty", "-m", "Approve \(commit.prefix(7))",
                                                        "--trailer", "Security-Approves: \(commit)"], in: team.repo)
    }

    @Test("a forged trailer approval (the author writes the approver's name) is refused by default")
    func forgedTrailer() throws {
        let sandbox = try Sandbox()
        let team = try team(sandbox)
        let change = try changeWorkflow(sandbox, team.repo, "deploy: prod")
        try sandbox.git("commit", "-q", "--allow-empty", "-m", "Approve", "--trailer", "Security-Approved-By: Bob Builder <bob@example.com>",
                        "--trailer", "Security-Approves: \(change)", in: team.repo)
        let check = try sandbox.secissue("protect", "check", "--no-file", in: team.repo)
        #expect(check.status == 2, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("UNAPPROVED: Security-Approved-By names Bob Builder <bob@example.com>, but a trailer is a claim anyone can write"))
        #expect(check.stderr.contains("1 unapproved"))
    }

    @Test("an SSH-signed approval by a listed key passes: an ed25519 follow-up commit, an RSA-signed commit and an RSA-signed tag")
    func signedApprovals() throws {
        let sandbox = try Sandbox()
        let team = try team(sandbox)
        let change = try changeWorkflow(sandbox, team.repo, "deploy: prod")
        try signedFollowUp(sandbox, team, "bob", approving: change)
        let byBob = try sandbox.secissue("protect", "check", "--no-file", in: team.repo)
        #expect(byBob.status == 0, "\(byBob.stdout)\(byBob.stderr)")
        #expect(byBob.stdout.contains("approved by Bob Builder <bob@example.com> (ssh-ed25519 signature in follow-up"))

        // Carol (RSA) signs her own change to a protected path: not an approval, she is its author.
        try sandbox.write("Dockerfile", "FROM alpine:3.20\n", in: team.repo)
        try sandbox.git("add", "-A", in: team.repo)
        try sandbox.git(arguments: signing(team, "carol") + ["commit", "-q", "-S", "-m", "Pin the image"], in: team.repo)
        let own = try sandbox.secissue("protect", "check", "HEAD~1..HEAD", "--no-file", in: team.repo)
        #expect(own.status == 2)
        #expect(own.stdout.contains("UNAPPROVED: approved only by the commit's own author (Carol Ops <carol@example.com>)"))
        // Alice makes the change and Carol signs it with her RSA key (amending it, Alice stays the author): verified.
        try sandbox.git("reset", "-q", "--hard", "HEAD~1", in: team.repo)
        try sandbox.write("Dockerfile", "FROM alpine:3.20\n", in: team.repo)
        try sandbox.git("add", "-A", in: team.repo)
        try sandbox.git("commit", "-qm", "Pin the image", in: team.repo)
        try sandbox.git(arguments: signing(team, "carol") + ["commit", "-q", "-S", "--amend", "--no-edit"], in: team.repo)
        let rsa = try sandbox.secissue("protect", "check", "HEAD~1..HEAD", "--no-file", "--format", "json", in: team.repo)
        #expect(rsa.status == 0, "\(rsa.stdout)\(rsa.stderr)")
        let approval = try #require(((try JSONSerialization.jsonObject(with: Data(rsa.stdout.utf8)) as? [String: Any])?["protected_changes"]
                as? [[String: Any]])?.first?["approval"] as? [String: Any])
        #expect(approval["key_type"] as? String == "ssh-rsa" && approval["verified"] as? Bool == true)

        // A signed annotated tag by Carol (RSA) approves the commit it points at.
        let next = try changeWorkflow(sandbox, team.repo, "lint: true")
        try sandbox.git(arguments: signing(team, "carol") + ["tag", "-s", "approve-lint", "-m", "Approved", next], in: team.repo)
        let tagged = try sandbox.secissue("protect", "check", "HEAD~1..HEAD", "--no-file", in: team.repo)
        #expect(tagged.status == 0, "\(tagged.stdout)\(tagged.stderr)")
        #expect(tagged.stdout.contains("approved by Carol Ops <carol@example.com> (ssh-rsa signature on tag approve-lint)"))
    }

    @Test("a signature by an unlisted key is refused, also when the branch adds that key to config.yml")
    func unlistedKey() throws {
        let sandbox = try Sandbox()
        let team = try team(sandbox)
        let change = try changeWorkflow(sandbox, team.repo, "deploy: prod")
        try signedFollowUp(sandbox, team, "mallory", approving: change)
        let check = try sandbox.secissue("protect", "check", "--no-file", in: team.repo)
        #expect(check.status == 2, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("UNAPPROVED: signed with a ssh-ed25519 key that no approver lists (in follow-up"))

        // The branch lists Mallory as an approver: the policy of the base (main) still decides.
        let config = try sandbox.read(".security/config.yml", in: team.repo)
        try sandbox.write(".security/config.yml", config.replacingOccurrences(
            of: "  approvers:\n", with: "  approvers:\n    - name: Mallory\n      email: mallory@example.com\n      keys: [\"\(team.mallory)\"]\n"), in: team.repo)
        try sandbox.git("commit", "-qam", "Add an approver", in: team.repo)
        try signedFollowUp(sandbox, team, "mallory", approving: try sandbox.head(team.repo))
        let again = try sandbox.secissue("protect", "check", "--no-file", in: team.repo)
        #expect(again.status == 2)
        #expect(again.stderr.contains("2 protected changes: 0 approved, 2 unapproved"), "\(again.stderr)")
        #expect(again.stderr.contains("(policy from the base of the range)"))
    }

    @Test("with protect.trust_trailers: true a trailer approves, and the output says claimed, not verified")
    func trustedTrailers() throws {
        let sandbox = try Sandbox()
        let team = try team(sandbox, trustTrailers: true)
        try sandbox.write(".github/workflows/ci.yml", "on: push\n", in: team.repo)
        try sandbox.git("add", "-A", in: team.repo)
        try sandbox.git("commit", "-qm", "Add CI", "--trailer", "Security-Approved-By: Bob Builder <bob@example.com>", in: team.repo)
        let check = try sandbox.secissue("protect", "check", "--no-file", in: team.repo)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("approved by Bob Builder <bob@example.com> (trailer: claimed, not verified)"))
        #expect(check.stderr.contains("trailer approvals are claimed, not verified"))
    }

    @Test("the platform's review record approves the reviewed commit and those before it, not commits pushed after the review")
    func reviewRecord() throws {
        let sandbox = try Sandbox()
        let team = try team(sandbox)
        let first = try changeWorkflow(sandbox, team.repo, "deploy: prod")
        let record = sandbox.path("reviews.txt")
        try "# approving reviews of the pull request\nbob-gh \(first)\nmallory-gh \(first)\n".write(toFile: record, atomically: true, encoding: .utf8)
        let reviewed = try sandbox.secissue("protect", "check", "--no-file", in: team.repo, env: ["SECISSUE_REVIEWS": record])
        #expect(reviewed.status == 0, "\(reviewed.stdout)\(reviewed.stderr)")
        #expect(reviewed.stdout.contains("approved by Bob Builder <bob@example.com> (platform review by bob-gh at \(first.prefix(7)))"))

        _ = try changeWorkflow(sandbox, team.repo, "lint: true")
        let later = try sandbox.secissue("protect", "check", "--no-file", "--reviews", record, in: team.repo)
        #expect(later.status == 2)
        #expect(later.stderr.contains("2 protected changes: 1 approved, 1 unapproved"))

        try "bob-gh abc\n".write(toFile: record, atomically: true, encoding: .utf8)
        let bad = try sandbox.secissue("protect", "check", "--no-file", "--reviews", record, in: team.repo)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("reviews.txt:1: expected REVIEWER COMMIT"))
    }

    @Test("config.yml, baselines and the CI workflows are protected even when protect.paths leaves them out")
    func alwaysProtected() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let config = try sandbox.read(".security/config.yml", in: repo)
        let start = try #require(config.range(of: "  paths:\n"))
        let end = try #require(config.range(of: "  # People who may approve"))
        try sandbox.write(".security/config.yml", config.replacingCharacters(in: start.lowerBound..<end.lowerBound, with: "  paths: [Dockerfile]\n"),
                          in: repo)
        try sandbox.git("commit", "-qam", "Only the Dockerfile", in: repo)
        try sandbox.git("checkout", "-qb", "feature", in: repo)
        try sandbox.write(".security/baselines/web.json", "{}\n", in: repo)
        try sandbox.write(".gitlab-ci.yml", "test: {script: [true]}\n", in: repo)
        try sandbox.write("app/other.py", "x = 1\n", in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-qm", "Baseline and CI", in: repo)
        let check = try sandbox.secissue("protect", "check", "--no-file", in: repo)
        #expect(check.status == 2)
        #expect(check.stdout.contains(".gitlab-ci.yml") && check.stdout.contains(".security/baselines/web.json"))
        #expect(!check.stdout.contains("app/other.py"))
    }
}

extension Sandbox {
    /// Plain git with the arguments as an array.
    @discardableResult
    func git(arguments: [String], in directory: String, env: [String: String] = [:]) throws -> String {
        let result = try run("/usr/bin/git", arguments, in: directory, env: env)
        guard result.status == 0 else {
            throw SandboxError("git \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)")
        }
        return result.stdout
    }
}
