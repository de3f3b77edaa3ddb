/// `init`: installs `.security/` from the embedded templates, and a CI workflow on request.
public enum Initialise {
    /// The CI systems `init --ci` writes a workflow for.
    public enum CIProvider: String, CaseIterable, Sendable {
        case github, gitlab

        /// Where the workflow goes in the repository.
        public var path: String {
            switch self {
            case .github: return ".github/workflows/secissue.yml"
            case .gitlab: return ".gitlab/secissue.gitlab-ci.yml"
            }
        }

        var template: String {
            switch self {
            case .github: return "ci/github-actions.yml"
            case .gitlab: return "ci/gitlab-ci.yml"
            }
        }
    }

    /// The only paths outside `.security/` the tool writes: CI workflows and `.gitattributes`.
    public static var workflowPaths: Set<String> { Set(CIProvider.allCases.map(\.path) + [MergeDriver.attributesPath]) }

    /// The files to write: all of them on a first run; with `force`, the ones missing here; the
    /// CI workflow when asked for and missing. Nil means there is nothing to do.
    /// `guidance: false` leaves the starter guides out.
    public static func plan(_ store: SecurityStore, force: Bool, ci: CIProvider? = nil, guidance: Bool = true) throws -> PlannedWrite? {
        let present = try store.files.list(SecurityStore.directory) != nil
        var changes: [String: [UInt8]?] = [:]
        if !present || force {
            for (path, content) in Templates.securityFiles where try store.files.read(path) == nil {
                if !guidance && path.hasPrefix(GuidanceTopics.directory + "/") && !path.hasSuffix("/.gitkeep") { continue }
                // A .gitkeep only makes git keep an empty directory; one with findings needs none.
                let directory = String(path.prefix(upTo: path.lastIndex(of: "/") ?? path.startIndex))
                if path.hasSuffix("/.gitkeep"), try store.files.list(directory)?.isEmpty == false { continue }
                changes[path] = content
            }
        }
        if !present || force, let attributes = MergeDriver.attributes(adding: try store.files.read(MergeDriver.attributesPath)
            .map { String(decoding: $0, as: UTF8.self) }) {
            changes[MergeDriver.attributesPath] = attributes
        }
        if let ci, try store.files.read(ci.path) == nil {
            changes[ci.path] = Templates.file(ci.template)
        }
        if present && !force && changes.isEmpty { return nil }
        let what = [present ? (force ? "restore missing files of .security/" : nil) : "initialise .security/",
                    ci.map { "add the \($0.rawValue) workflow" }].compactMap { $0 }
        return PlannedWrite(changes: changes, message: "secissue: \(what.isEmpty ? "initialise" : what.joined(separator: ", "))\n")
    }
}
