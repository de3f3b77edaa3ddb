import Foundation
import SecIssueKit

/// What one commit offers towards approving protected changes: its `Security-Approved-By:`
/// trailers, its SSH signature, and the commits it approves besides itself (`Security-Approves:`).
public struct ApprovalEvidence: Sendable, Equatable {
    public static let approvedBy = "Security-Approved-By"
    public static let approves = "Security-Approves"

    public var carrier: ObjectID
    /// Approvals by listed approvers; whether each counts depends on the author of the change.
    public var approvals: [Approval] = []
    /// Approvals offered that cannot count, in words (an unlisted person, a bad signature).
    public var rejected: [String] = []
    public var notes: [String] = []
    /// The commits named in `Security-Approves:`, as written (full or abbreviated hashes).
    public var targets: [String] = []

    public init(carrier: ObjectID) {
        self.carrier = carrier
    }

    /// Reads the trailers of `message` and checks `signature` against the approvers' keys.
    public init(carrier: ObjectID, message: String, signature: CommitSignature?, policy: ProtectPolicy) {
        self.init(carrier: carrier)
        for (key, value) in Self.trailers(in: message) {
            if key.caseInsensitiveCompare(Self.approves) == .orderedSame {
                targets += value.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map { $0.lowercased() }
                continue
            }
            guard key.caseInsensitiveCompare(Self.approvedBy) == .orderedSame, !value.isEmpty else { continue }
            let written = ProtectPolicy.Approver(parsing: value)
            if let approver = policy.approvers.first(where: { $0.matches(name: written.name, email: written.email) }) {
                approvals.append(Approval(approver: approver, written: written, method: .trailer, carrier: carrier))
            } else if !policy.approvers.isEmpty {
                rejected.append("\(Self.approvedBy) names \(written.display), who is not a listed approver")
            }
        }
        if let signature { readSignature(signature, policy: policy) }
    }

    /// An SSH signature counts for each approver who lists its key and only when it verifies;
    /// other signatures are noted, since they cannot be checked here.
    private mutating func readSignature(_ signature: CommitSignature, policy: ProtectPolicy) {
        guard signature.armored.contains(SSHSignature.armorBegin) else {
            notes.append("signed with OpenPGP or X.509: only SSH signatures are checked")
            return
        }
        let parsed: SSHSignature
        do {
            parsed = try SSHSignature(armored: signature.armored)
        } catch {
            rejected.append("unreadable SSH signature: \(error)")
            return
        }
        let owners = policy.approvers.filter { approver in approver.keys.contains { SSHSignature.keyBlob($0) == parsed.publicKey } }
        guard !owners.isEmpty else {
            notes.append("signed with a key (\(parsed.keyType)) that no approver lists")
            return
        }
        let names = owners.map(\.display).joined(separator: ", ")
        do {
            if try parsed.verify(signature.signedData) {
                approvals += owners.map { Approval(approver: $0, method: .signature(parsed.keyType), carrier: carrier) }
            } else {
                rejected.append("bad signature: the \(parsed.keyType) signature with \(names)'s key does not verify")
            }
        } catch {
            rejected.append("the signature with \(names)'s key cannot be checked: \(error)")
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
