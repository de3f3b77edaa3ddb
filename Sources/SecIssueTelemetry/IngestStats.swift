import Foundation
import SecIssueKit

/// What a reader got through: records read and the lines it could not use.
public struct IngestStats: Sendable {
    public var records = 0
    public var skipped = 0
    /// The first few unusable lines, as `line N: problem`.
    public var problems: [String] = []
    static let problemLimit = 5

    public init() {}

    mutating func skip(_ problem: String) {
        skipped += 1
        if problems.count < Self.problemLimit { problems.append(problem) }
    }
}
