import Foundation
import SecIssueKit

/// Finds where a commit defines the resources telemetry names (security groups, buckets, trails,
/// IAM names, routes such as `/search`), so that a finding points at the code that owns them.
/// Every text file is read once and all resources are looked for together: a cloud id or name
/// as a whole token, a route as a quoted string (route parameters in any framework's spelling
/// match each other) or an nginx `location`. Of all the places a resource appears, the best is
/// kept: a definition (`name = "web-sg"`, `GroupName: web-sg`, `@app.route("/search")`) before
/// a mention, infrastructure code (Terraform, CloudFormation, CDK) before other code, and both
/// before documentation and tests; then the first file in path order and its first line.
public enum ResourceLocator {
    /// Files larger than this are not read.
    public static let sizeLimit = 1 << 20

    /// Directories that hold other projects' files, build output or the findings themselves.
    static let skippedDirectories: Set<String> = [
        ".security", ".git", "node_modules", "vendor", "third_party", "third-party", "bower_components", "Pods",
        ".build", ".terraform", ".venv", "venv", "site-packages", "__pycache__"]

    /// The best place of each resource that appears in `files`; resources found nowhere are left out.
    public static func locate(_ resources: Set<String>, in files: CommitFiles) throws -> [String: Finding.Location] {
        var search = ResourceSearch(resources)
        guard !search.isEmpty else { return [:] }
        for path in try files.allPaths(skipping: skippedDirectories) where ResourceSearch.worthReading(path) {
            // A submodule is an entry without a blob: there is nothing to read.
            guard let bytes = try? files.read(path) else { continue }
            search.scan(path: path, bytes)
            if search.isSettled { break }
        }
        return search.locations
    }
}
