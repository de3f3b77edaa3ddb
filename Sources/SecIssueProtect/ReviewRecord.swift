import Foundation
import SecIssueKit

/// The hosting platform's record of approving reviews, as the CI job hands it over: a file named
/// by `SECISSUE_REVIEWS` (or `protect check --reviews FILE`) with one approving review per line,
/// `REVIEWER COMMIT`: the reviewer's platform login (or email) and the full hash of the commit
/// they approved. `#` lines and blank lines are skipped. A review approves the protected changes
/// at that commit and before it; commits pushed after the review are not approved by it.
public struct PlatformReview: Sendable, Equatable {
    public var reviewer: String
    public var commit: ObjectID

    public init(reviewer: String, commit: ObjectID) {
        self.reviewer = reviewer
        self.commit = commit
    }

    public static let environmentVariable = "SECISSUE_REVIEWS"

    /// Parses a review record; a malformed line is an error, never skipped, since a gate must not
    /// quietly read less than it was given.
    public static func parse(_ text: String, path: String) throws -> [PlatformReview] {
        var reviews: [PlatformReview] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard fields.count == 2, fields[1].count == 40, let commit = ObjectID(hex: fields[1].lowercased()) else {
                throw SecIssueError("\(path):\(index + 1): expected REVIEWER COMMIT (a login or email, then a full 40-character commit hash)")
            }
            reviews.append(PlatformReview(reviewer: fields[0], commit: commit))
        }
        return reviews
    }

    /// Reads the record at `path`.
    public static func load(_ path: String) throws -> [PlatformReview] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SecIssueError("cannot read the review record \(path)")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// The approver this review's reviewer is: the same login, or the same email (case-insensitive).
    func approver(in policy: ProtectPolicy) -> ProtectPolicy.Approver? {
        let name = reviewer.lowercased()
        return policy.approvers.first { approver in
            approver.login?.lowercased() == name || approver.email?.lowercased() == name
        }
    }
}
