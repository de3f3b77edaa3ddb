import SecIssueGit

// The values of git the core and its features speak in. They are plain Sendable values with
// no libgit2 handle inside; the handles (Repository, Blame, the index) stay behind `Workspace`,
// so a feature target can name a commit without being able to reach the C layer.
public typealias ObjectID = SecIssueGit.ObjectID
public typealias CommitInfo = SecIssueGit.CommitInfo
public typealias Signature = SecIssueGit.Signature
public typealias CommitSignature = SecIssueGit.CommitSignature
public typealias CommittedFileChange = SecIssueGit.CommittedFileChange
public typealias TreeEntryChange = SecIssueGit.TreeEntryChange
public typealias StagedFileChange = SecIssueGit.StagedFileChange
public typealias StagedChanges = SecIssueGit.StagedChanges
public typealias SignedTag = SecIssueGit.SignedTag
public typealias HistoryLimits = SecIssueGit.HistoryLimits
