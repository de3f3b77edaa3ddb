import SecIssueKit

/// One commit of the first-parent history that changed `.security/findings/`: when (author
/// time, seconds since 1970) and the findings it changed, each to its new version or to nil
/// when its file went away.
public struct HistoryStep: Sendable {
    public let commit: ObjectID
    public let time: Int64
    public let changes: [(id: String, record: FindingRecord?)]
}
