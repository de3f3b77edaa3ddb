import SecIssueGit

/// The one runner of other programs (`SecIssueGit.Subprocess`: its own process group, a timeout,
/// arguments never through a shell), offered to the features, which cannot reach the git layer.
public typealias Subprocess = SecIssueGit.Subprocess
