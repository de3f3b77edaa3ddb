import Foundation
import SecIssueKit

/// What one commit (or a signed tag, or a platform review) offers towards approving protected
/// changes: its `Security-Approved-By:` trailers, its SSH signature, and the commits it approves
/// besides itself (`Security-Approves:`).
public struct ApprovalEvidence: Sendable, Equatable {
    public static let approvedBy = "Security-Approved-By"
    public static let approves = "Security-Approves"

    public var carrier: ObjectID
    /// Where the evidence comes from when it is not a commit: `on tag NAME`, `in the review record`.
    public var origin: String?
    /// Approvals by listed approvers; whether each counts depends on the author of the change.
    public var approvals: [Approval] = []
    /// Approvals offered that cannot count, in words (an unlisted person or key, a bad signature).
    public var rejected: [String] = []
    public var notes: [String] = []
    /// The commits named in `Security-Approves:`, as written (full or abbreviated hashes).
    public var targets: [String] = []

    public init(carrier: ObjectID, origin: String? = nil) {
        self.carrier = carrier
        self.origin = origin
    }

    /// Reads the trailers of `message` and has `verifier` check `signature` against the approvers'
    /// keys. Trailers count only when the policy trusts them; otherwise they are reported.
    init(carrier: ObjectID, message: String, signature: CommitSignature?, policy: ProtectPolicy, verifier: SSHVerifier = SSHVerifier()) {
        self.init(carrier: carrier)
        for (key, value) in Self.trailers(in: message) {
            if key.caseInsensitiveCompare(Self.approves) == .orderedSame {
                targets += value.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map { $0.lowercased() }
                continue
            }
            guard key.caseInsensitiveCompare(Self.approvedBy) == .orderedSame, !value.isEmpty else { continue }
            let written = ProtectPolicy.Approver(parsing: value)
            if let approver = policy.approvers.first(where: { $0.matches(name: written.name, email: written.email) }) {
                if policy.trustTrailers {
                    approvals.append(Approval(approver: approver, written: written, method: .trailer, carrier: carrier))
                } else {
                    rejected.append("\(Self.approvedBy) names \(approver.display), but a trailer is a claim anyone can write: "
                                    + "it counts when the approving commit or tag is signed with \(approver.display)'s key "
                                    + "(or with protect.trust_trailers: true)")
                }
            } else if !policy.approvers.isEmpty {
                rejected.append("\(Self.approvedBy) names \(written.display), who is not a listed approver")
            }
        }
        if let signature { readSignature(signature, policy: policy, verifier: verifier) }
    }

    /// A signed annotated tag: it approves the commit it points at and those its message names in
    /// `Security-Approves:`; only its signature counts, never a trailer in its message.
    init(tag: SignedTag, policy: ProtectPolicy, verifier: SSHVerifier = SSHVerifier()) {
        self.init(carrier: tag.target, origin: "on tag \(tag.name)")
        targets = [tag.target.hex] + Self.trailers(in: tag.message)
            .filter { $0.key.caseInsensitiveCompare(Self.approves) == .orderedSame }
            .flatMap { $0.value.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map { $0.lowercased() } }
        readSignature(tag.signature, policy: policy, verifier: verifier)
        approvals = approvals.map { approval in
            var approval = approval
            approval.tag = tag.name
            return approval
        }
    }

    /// An SSH signature counts for each approver who lists its key, once ssh-keygen has verified it;
    /// a key no approver lists, a bad signature and one that cannot be checked are refusals.
    /// OpenPGP and X.509 signatures are noted, since only SSH keys are listed.
    private mutating func readSignature(_ signature: CommitSignature, policy: ProtectPolicy, verifier: SSHVerifier) {
        guard signature.armored.contains(SSHSignature.armorBegin) else {
            notes.append("signed with OpenPGP or X.509: only SSH signatures are checked")
            return
        }
        switch verifier.verify(signature, approvers: policy.approvers) {
        case .verified(let indices, let keyType):
            approvals += indices.map { Approval(approver: policy.approvers[$0], method: .signature(keyType), carrier: carrier) }
        case .unlisted(let keyType):
            rejected.append("signed with a \(keyType) key that no approver lists")
        case .bad(let keyType, let indices, let detail):
            let names = indices.map { policy.approvers[$0].display }.joined(separator: ", ")
            rejected.append("bad signature: the \(keyType) signature with \(names)'s key does not verify (ssh-keygen: \(detail))")
        case .unavailable(let why):
            rejected.append(why)
        }
    }

    /// The `Key: value` trailers of a message's last paragraph, as git finds them: `#` comment
    /// lines are skipped, and a message of one paragraph (a subject alone) has none.
    public static func trailers(in message: String) -> [(key: String, value: String)] {
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.hasPrefix("#") }
        var paragraphs: [[String]] = [[]]
        for line in lines {
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                if !paragraphs[paragraphs.count - 1].isEmpty { paragraphs.append([]) }
            } else {
                paragraphs[paragraphs.count - 1].append(line)
            }
        }
        paragraphs.removeAll { $0.isEmpty }
        guard paragraphs.count > 1, let last = paragraphs.last else { return [] }
        return last.compactMap { line in
            guard let colon = line.firstIndex(of: ":"), line.first?.isWhitespace == false else { return nil }
            let key = String(line[..<colon])
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else { return nil }
            return (key, line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
    }
}
