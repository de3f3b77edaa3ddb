import Foundation
import SecIssueGit
import Testing
import TestSupport
@testable import SecIssueKit
@testable import SecIssueProtect

/// A directory in the test's scratch directory with its own git identity, running real `git` and `ssh-keygen`.
private struct Scratch {
    let root: URL
    let environment: [String: String]

    init() throws {
        root = try ScratchDirectory.make("protect")
        try "[user]\n\tname = Alice Example\n\temail = alice@example.com\n[init]\n\tdefaultBranch = main\n"
            .write(to: root.appendingPathComponent(".gitconfig"), atomically: true, encoding: .utf8)
        environment = ["HOME": root.path, "PATH": "/usr/local/bin:/usr/bin:/bin", "GIT_CONFIG_NOSYSTEM": "1", "LANG": "C.UTF-8"]
    }

    var path: String { root.path }

    @discardableResult
    func run(_ program: String, _ arguments: [String], in directory: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? path)
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problem = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SecIssueError("\(program) \(arguments.joined(separator: " ")): \(String(decoding: problem, as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    func git(_ arguments: String..., in directory: String) throws -> String { try run("/usr/bin/git", arguments, in: directory) }

    func write(_ relative: String, _ text: String, in directory: String) throws {
        let url = URL(fileURLWithPath: directory).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// A key pair made by `ssh-keygen`; returns the public key line.
    func key(_ name: String, type: String = "ed25519") throws -> String {
        try run("/usr/bin/ssh-keygen", ["-q", "-t", type, "-N", "", "-C", name, "-f", "\(path)/\(name)"])
        return try String(contentsOfFile: "\(path)/\(name).pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A repository with one commit on main.
    func repository() throws -> String {
        let directory = "\(path)/repo"
        try git("init", "-q", directory, in: path)
        try write("README.md", "# app\n", in: directory)
        try git("add", "-A", in: directory)
        try git("commit", "-qm", "Initial commit", in: directory)
        return directory
    }

    func commitInfo(_ revision: String, in directory: String) throws -> (Repository, CommitInfo) {
        let repository = try Repository.open(at: directory)
        return (repository, try repository.commitInfo(try repository.resolveCommit(revision)))
    }
}

@Suite("protect: approvals", .scratchDirectory)
struct ProtectApprovalTests {
    static let bob = ProtectPolicy.Approver(name: "Bob Builder", email: "bob@example.com")
    static let alice = ProtectPolicy.Approver(name: "Alice Example", email: "alice@example.com")
    static let author = Signature(name: "Alice Example", email: "alice@example.com", time: 0)
    static let commit = ObjectID(hex: String(repeating: "a", count: 40))!

    /// A policy that trusts trailers (`protect.trust_trailers: true`), so trailers decide.
    func policy(_ approvers: ProtectPolicy.Approver...) -> ProtectPolicy {
        var policy = ProtectPolicy()
        policy.approvers = approvers
        policy.trustTrailers = true
        return policy
    }

    @Test("by default a trailer is a claim: it approves nothing and the reason says how to approve")
    func trailersNotTrusted() {
        var policy = ProtectPolicy()
        policy.approvers = [Self.bob]
        let decision = decide("Tune CI\n\nSecurity-Approved-By: Bob Builder <bob@example.com>\n", policy)
        #expect(!decision.isApproved)
        #expect(decision.reasons.first?.contains("a trailer is a claim anyone can write") == true)
        #expect(decide("x\n", policy).reasons == [ApprovalDecision.nothingOffered])
        policy.trustTrailers = true
        let trusted = decide("Tune CI\n\nSecurity-Approved-By: Bob Builder <bob@example.com>\n", policy)
        #expect(trusted.approval.map { $0.summary(for: Self.commit) } == "Bob Builder <bob@example.com> (trailer: claimed, not verified)")
    }

    @Test("the configured paths are merged with the always-protected ones; trust_trailers and login are read from config.yml")
    func alwaysProtectedAndConfig() throws {
        let config = try Config(yaml: "protect:\n  paths: [src/deploy/**]\n  trust_trailers: true\n  approvers:\n    - name: Bob\n      login: bob-gh\n")
        let policy = config.protect
        #expect(policy.trustTrailers)
        #expect(policy.approvers.first?.login == "bob-gh")
        for path in ["src/deploy/run.sh", ".security/config.yml", ".security/baselines/web.json", ".github/workflows/ci.yml",
                     ".gitlab-ci.yml", ".gitlab/secissue.gitlab-ci.yml", "action.yml"] {
            #expect(policy.isProtected(path), "\(path)")
        }
        #expect(!policy.isProtected("Dockerfile"))
        #expect(!Config().protect.trustTrailers)
        #expect(throws: (any Error).self) { try Config(yaml: "protect:\n  trust_trailers: maybe\n") }
    }

    func decide(_ message: String, _ policy: ProtectPolicy, author: Signature = author) -> ApprovalDecision {
        let evidence = ApprovalEvidence(carrier: Self.commit, message: message, signature: nil, policy: policy)
        return ApprovalDecision.decide(Self.commit, author: author, evidence: [evidence], policy: policy)
    }

    @Test("trailers come from the last paragraph only; a subject alone has none; comment lines are skipped")
    func trailers() {
        let message = "Tune CI\n\nBody mentions Security-Approved-By: nobody\n\n# a comment\nSecurity-Approved-By: Bob Builder <bob@example.com>\nSigned-off-by: A <a@x>\n"
        #expect(ApprovalEvidence.trailers(in: message).map(\.key) == ["Security-Approved-By", "Signed-off-by"])
        #expect(ApprovalEvidence.trailers(in: message).first?.value == "Bob Builder <bob@example.com>")
        #expect(ApprovalEvidence.trailers(in: "Security-Approved-By: Bob <bob@example.com>\n").isEmpty)
    }

    @Test("an approver who is not the author approves; the author approving themselves does not count")
    func selfApproval() {
        let policy = policy(Self.bob, Self.alice)
        let approved = decide("Tune CI\n\nSecurity-Approved-By: Bob Builder <bob@example.com>\n", policy)
        #expect(approved.approval?.approver == Self.bob)
        #expect(approved.approval?.method == .trailer)

        let own = decide("Tune CI\n\nSecurity-Approved-By: Alice Example <ALICE@example.com>\n", policy)
        #expect(!own.isApproved)
        #expect(own.reasons == ["approved only by the commit's own author (Alice Example <alice@example.com>)"])

        // One valid approval among several trailers is enough.
        let both = decide("Tune CI\n\nSecurity-Approved-By: Alice Example <alice@example.com>\nSecurity-Approved-By: bob@example.com\n", policy)
        #expect(both.approval?.approver == Self.bob)
    }

    @Test("the author is recognised by name when the emails differ, and by email when the names differ")
    func authorByNameOrEmail() {
        let policy = policy(Self.alice)
        let otherAddress = Signature(name: "Alice Example", email: "alice@home.example", time: 0)
        #expect(!decide("x\n\nSecurity-Approved-By: Alice Example <alice@example.com>\n", policy, author: otherAddress).isApproved)
        let otherName = Signature(name: "A. Example", email: "Alice@Example.com", time: 0)
        #expect(!decide("x\n\nSecurity-Approved-By: alice@example.com\n", policy, author: otherName).isApproved)
    }

    @Test("names match approvers listed by name, emails those listed by email; others are not approvers")
    func nameAndEmailMatching() {
        let byName = policy(ProtectPolicy.Approver(parsing: "Bob Builder"))
        #expect(decide("x\n\nSecurity-Approved-By: bob builder <bob@elsewhere.example>\n", byName).isApproved)
        let byEmail = policy(ProtectPolicy.Approver(parsing: "bob@example.com"))
        #expect(decide("x\n\nSecurity-Approved-By: Robert <BOB@example.com>\n", byEmail).isApproved)
        #expect(!decide("x\n\nSecurity-Approved-By: Robert <robert@example.com>\n", byEmail).isApproved)

        let stranger = decide("x\n\nSecurity-Approved-By: Mallory <mallory@example.com>\n", policy(Self.bob))
        #expect(stranger.reasons == ["Security-Approved-By names Mallory <mallory@example.com>, who is not a listed approver"])
        #expect(decide("x\n", policy(Self.bob)).reasons == [ApprovalDecision.nothingOfferedTrusted])
    }

    @Test("with no approvers configured every protected change is unapproved, and the reason says what to add")
    func noApprovers() {
        let decision = decide("x\n\nSecurity-Approved-By: Bob Builder <bob@example.com>\n", ProtectPolicy())
        #expect(!decision.isApproved)
        #expect(decision.reasons == [ApprovalDecision.noApprovers])
    }
}

@Suite("protect: SSH signatures", .scratchDirectory)
struct ProtectSignatureTests {
    @Test("ssh-keygen verifies a signature for its message and namespace git, and not another message, namespace or key")
    func sshkeygenSignature() throws {
        let scratch = try Scratch()
        let publicKey = try scratch.key("bob")
        let otherKey = try scratch.key("mallory")
        try "deploy: production\n".write(toFile: "\(scratch.path)/message", atomically: true, encoding: .utf8)
        try scratch.run("/usr/bin/ssh-keygen", ["-Y", "sign", "-n", "git", "-f", "\(scratch.path)/bob", "\(scratch.path)/message"])
        let armored = try String(contentsOfFile: "\(scratch.path)/message.sig", encoding: .utf8)
        let signature = try SSHSignature(armored: armored)
        #expect(signature.keyType == "ssh-ed25519")
        #expect(signature.namespace == "git")
        #expect(signature.publicKey == SSHSignature.keyBlob(publicKey))
        #expect(throws: SSHSignature.Problem.self) { try SSHSignature(armored: "-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----\n") }

        let verifier = SSHVerifier()
        #expect(verifier.program != nil)
        let bob = [ProtectPolicy.Approver(name: "Bob", keys: [otherKey]), ProtectPolicy.Approver(name: "Bob Builder", keys: [publicKey])]
        func check(_ text: String, _ armored: String, _ approvers: [ProtectPolicy.Approver]) -> SSHVerifier.Outcome {
            verifier.verify(CommitSignature(armored: armored, signedData: Array(text.utf8)), approvers: approvers)
        }
        #expect(check("deploy: production\n", armored, bob) == .verified(approvers: [1], keyType: "ssh-ed25519"))
        guard case .bad = check("deploy: staging\n", armored, bob) else { Issue.record("another message verified"); return }
        #expect(check("deploy: production\n", armored, [ProtectPolicy.Approver(name: "Mallory", keys: [otherKey])]) == .unlisted(keyType: "ssh-ed25519"))

        // Signed for another namespace (as `ssh-keygen -Y sign -n file` does): never a git approval.
        try FileManager.default.removeItem(atPath: "\(scratch.path)/message.sig")
        try scratch.run("/usr/bin/ssh-keygen", ["-Y", "sign", "-n", "file", "-f", "\(scratch.path)/bob", "\(scratch.path)/message"])
        let fileSignature = try String(contentsOfFile: "\(scratch.path)/message.sig", encoding: .utf8)
        guard case .bad = check("deploy: production\n", fileSignature, bob) else { Issue.record("namespace file verified"); return }
    }

    @Test("allowed signers come from the approvers' keys only: a key line cannot add options or principals")
    func allowedSigners() {
        let approvers = [ProtectPolicy.Approver(name: "Bob", keys: ["ssh-ed25519 AAAAC3Nz bob@laptop", "cert-authority,principals=\"*\" ssh-rsa AAAA"]),
                         ProtectPolicy.Approver(name: "Carol", keys: ["ssh-rsa AAAAB3Nza+/= carol"])]
        #expect(SSHVerifier.allowedSigners(approvers) == "approver-1 namespaces=\"git\" ssh-ed25519 AAAAC3Nz\napprover-2 namespaces=\"git\" ssh-rsa AAAAB3Nza+/=\n")
    }

    @Test("a commit signed with git (gpg.format=ssh) by an approver's key approves it unless the approver is its author")
    func signedCommit() throws {
        let scratch = try Scratch()
        let repo = try scratch.repository()
        let bobKey = try scratch.key("bob")
        let carolKey = try scratch.key("carol", type: "ecdsa")
        try scratch.write(".github/workflows/ci.yml", "on: push\n", in: repo)
        try scratch.git("add", "-A", in: repo)
        try scratch.git("-c", "gpg.format=ssh", "-c", "user.signingkey=\(scratch.path)/bob.pub", "commit", "-S", "-qm", "Add CI", in: repo)
        try scratch.write(".github/workflows/ci.yml", "on: [push]\n", in: repo)
        try scratch.git("-c", "gpg.format=ssh", "-c", "user.signingkey=\(scratch.path)/carol.pub", "commit", "-S", "-qam", "Tune CI", in: repo)
        let (repository, first) = try scratch.commitInfo("HEAD~1", in: repo)
        let (_, second) = try scratch.commitInfo("HEAD", in: repo)
        let signature = try #require(try repository.signature(ofCommit: first.id))
        #expect(signature.armored.hasPrefix(SSHSignature.armorBegin))
        #expect(try repository.signature(ofCommit: try repository.resolveCommit("HEAD~2")) == nil)

        var policy = ProtectPolicy()
        policy.approvers = [ProtectPolicy.Approver(name: "Bob Builder", email: "bob@example.com", keys: [bobKey]),
                            ProtectPolicy.Approver(name: "Carol", email: "carol@example.com", keys: [carolKey])]
        let ledger = ApprovalLedger(workspace: Workspace(repository: repository), policy: policy)
        let decision = try ledger.decision(for: first)
        #expect(decision.approval?.approver.name == "Bob Builder")
        #expect(decision.approval?.method == .signature("ssh-ed25519"))
        #expect(try ledger.decision(for: second).approval?.method == .signature("ecdsa-sha2-nistp256"))

        // The same key listed for the author: a self-approval.
        policy.approvers = [ProtectPolicy.Approver(name: "Alice Example", email: "alice@example.com", keys: [bobKey])]
        let own = try ApprovalLedger(workspace: Workspace(repository: repository), policy: policy).decision(for: first)
        #expect(!own.isApproved)
        #expect(own.reasons.first?.contains("own author") == true)

        // A key nobody lists: refused, and said so.
        policy.approvers = [ProtectPolicy.Approver(name: "Dave", email: "dave@example.com")]
        let unlisted = try ApprovalLedger(workspace: Workspace(repository: repository), policy: policy).decision(for: first)
        #expect(!unlisted.isApproved)
        #expect(unlisted.reasons == ["signed with a ssh-ed25519 key that no approver lists"])
    }

    @Test("a signature over other bytes is a bad signature; an RSA key verifies like any other")
    func badAndRSA() throws {
        let scratch = try Scratch()
        let bobKey = try scratch.key("bob")
        let rsaKey = try scratch.key("rsa", type: "rsa")
        for name in ["bob", "rsa"] {
            try "signed bytes\n".write(toFile: "\(scratch.path)/\(name).txt", atomically: true, encoding: .utf8)
            try scratch.run("/usr/bin/ssh-keygen", ["-Y", "sign", "-n", "git", "-f", "\(scratch.path)/\(name)", "\(scratch.path)/\(name).txt"])
        }
        var policy = ProtectPolicy()
        policy.approvers = [ProtectPolicy.Approver(name: "Bob Builder", email: "bob@example.com", keys: [bobKey, rsaKey])]
        let commit = ObjectID(hex: String(repeating: "b", count: 40))!
        func evidence(_ name: String, data: String) throws -> ApprovalEvidence {
            let armored = try String(contentsOfFile: "\(scratch.path)/\(name).txt.sig", encoding: .utf8)
            return ApprovalEvidence(carrier: commit, message: "x\n", signature: CommitSignature(armored: armored, signedData: Array(data.utf8)),
                                    policy: policy)
        }
        let good = try evidence("bob", data: "signed bytes\n")
        #expect(good.approvals.count == 1)
        let tampered = try evidence("bob", data: "other bytes\n")
        #expect(tampered.approvals.isEmpty)
        #expect(tampered.rejected.first?.hasPrefix("bad signature: the ssh-ed25519 signature with Bob Builder <bob@example.com>'s key does not verify") == true)
        let rsa = try evidence("rsa", data: "signed bytes\n")
        #expect(rsa.approvals.map(\.method) == [.signature("ssh-rsa")])
        #expect(try evidence("rsa", data: "other bytes\n").approvals.isEmpty)
    }
}

@Suite("protect: commits and ranges", .scratchDirectory)
struct ProtectCheckTests {
    @Test("a merge counts only for protected files whose merged content differs from every parent")
    func mergeCommits() throws {
        let scratch = try Scratch()
        let repo = try scratch.repository()
        try scratch.write("Dockerfile", "FROM alpine\n", in: repo)
        try scratch.write("app.py", "a = 1\n", in: repo)
        try scratch.git("add", "-A", in: repo)
        try scratch.git("commit", "-qm", "Base", in: repo)
        try scratch.git("checkout", "-qb", "side", in: repo)
        try scratch.write("Dockerfile", "FROM alpine:3.20\n", in: repo)
        try scratch.git("commit", "-qam", "Pin the image", in: repo)
        try scratch.git("checkout", "-q", "main", in: repo)
        try scratch.write("app.py", "a = 2\n", in: repo)
        try scratch.git("commit", "-qam", "Change the app", in: repo)
        try scratch.git("merge", "-q", "--no-edit", "side", in: repo)
        let (repository, clean) = try scratch.commitInfo("HEAD", in: repo)
        #expect(clean.parents.count == 2)
        #expect(try ProtectCheck.protectedChanges(of: clean, in: Workspace(repository: repository), policy: ProtectPolicy(), lineCounts: true).isEmpty)

        // An edit made while merging belongs to the merge.
        try scratch.git("reset", "-q", "--hard", "HEAD~1", in: repo)
        try scratch.git("merge", "-q", "--no-commit", "side", in: repo)
        try scratch.write("Dockerfile", "FROM alpine:3.20\nUSER root\n", in: repo)
        try scratch.git("commit", "-qam", "Merge side", in: repo)
        let (_, evil) = try scratch.commitInfo("HEAD", in: repo)
        let changes = try ProtectCheck.protectedChanges(of: evil, in: Workspace(repository: repository), policy: ProtectPolicy(), lineCounts: true)
        #expect(changes.map(\.path) == ["Dockerfile"])
        #expect(changes.first?.stat == "+2 -1")
    }

    @Test("ranges: A..B, one revision, the default branch; findings carry the commit and a stable ID")
    func rangesAndResults() throws {
        let scratch = try Scratch()
        let repo = try scratch.repository()
        try scratch.git("checkout", "-qb", "feature", in: repo)
        try scratch.write(".github/workflows/ci.yml", "on: push\njobs: {}\n", in: repo)
        try scratch.git("add", "-A", in: repo)
        try scratch.git("commit", "-qm", "Add CI", in: repo)
        try scratch.write("app.py", "print()\n", in: repo)
        try scratch.git("add", "-A", in: repo)
        try scratch.git("commit", "-qm", "Code", in: repo)
        let workspace = Workspace(repository: try Repository.open(at: repo), environment: [:])

        let range = try ProtectRange.resolve(nil, in: workspace)
        #expect(range.label == "main..HEAD")
        #expect(range.commits.count == 2)
        #expect(try ProtectRange.resolve("main..feature", in: workspace).commits == range.commits)
        #expect(try ProtectRange.resolve("feature", in: workspace).commits.count == 3)
        #expect(throws: SecIssueError.self) { try ProtectRange.resolve("nope..HEAD", in: workspace) }
        #expect(throws: SecIssueError.self) { try ProtectRange.resolve("main...HEAD", in: workspace) }

        var policy = ProtectPolicy()
        policy.approvers = [ProtectPolicy.Approver(parsing: "Bob Builder <bob@example.com>")]
        policy.severity = .critical
        let verdicts = try ProtectCheck.verdicts(range, in: workspace, policy: policy)
        #expect(verdicts.count == 1)
        let verdict = try #require(verdicts.first)
        #expect(verdict.changes.map(\.stat) == ["+2 -0"])
        let result = try #require(ProtectCheck.results(verdicts, policy: policy).first)
        #expect(result.title == "Unapproved change to the deployment pipeline: \(verdict.commit.id.short()) Add CI")
        #expect(result.severity == .critical)
        #expect(result.tool == "protect" && result.rule == "unapproved-change")
        #expect(result.fingerprint == "v1/protect:\(verdict.commit.id.hex)")
        #expect(result.location == Finding.Location(path: ".github/workflows/ci.yml", line: 1))
        #expect(result.message.contains(verdict.commit.id.hex) && result.message.contains("`.github/workflows/ci.yml` +2 -0 (added)"))
        #expect(ProtectFiling.findingID(verdict, config: Config()) == FindingID.derived(prefix: "SEC", key: result.identityKey))
    }
}

@Suite("protect: the documented examples")
struct ProtectDocsTests {
    static let doc: String = {
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: package.appendingPathComponent("docs/protect.md"), encoding: .utf8)) ?? ""
    }()

    /// The body of the first fenced block that starts with `opening` (the fence line included).
    func block(_ opening: String) throws -> String {
        let start = try #require(Self.doc.range(of: opening))
        let end = try #require(Self.doc.range(of: "```", range: start.upperBound..<Self.doc.endIndex))
        return String(Self.doc[start.upperBound..<end.lowerBound])
    }

    @Test("docs/protect.md: the config example parses with keys and logins, trailers untrusted; the review record names Bob")
    func examples() throws {
        let policy = try Config(yaml: try block("```yaml\n")).protect
        #expect(!policy.trustTrailers)
        #expect(policy.approvers.map(\.display) == ["Bob Builder <bob@example.com>", "Carol Ops <carol@example.com>"])
        #expect(policy.approvers.first?.login == "bob-builder")
        #expect(policy.approvers.map(\.keys.count) == [1, 1])
        #expect(SSHVerifier.allowedSigners(policy.approvers).split(separator: "\n").count == 2)
        #expect(policy.isProtected(".security/baselines/host.json") && policy.isProtected("action.yml"))

        let reviews = try PlatformReview.parse(try block("# approving reviews of the pull request (REVIEWER COMMIT)\n"), path: "reviews")
        #expect(reviews.count == 1)
        #expect(reviews.first.flatMap { $0.approver(in: policy) }?.name == "Bob Builder")
    }
}
