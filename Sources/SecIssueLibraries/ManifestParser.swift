import SecIssueKit
/// Reads the dependencies out of the manifests and lock files of every supported package manager.
public enum ManifestParser {
    /// A file format this parser reads, known from the file's name.
    public enum Kind: String, CaseIterable, Sendable {
        case packageResolved, npmLock, yarnLock, requirements, poetryLock, pipfileLock
        case goMod, goSum, cargoLock, gemfileLock, pom, composerLock, nugetLock

        /// The ecosystem whose names the file holds.
        public var ecosystem: Ecosystem {
            switch self {
            case .packageResolved: .swift
            case .npmLock, .yarnLock: .npm
            case .requirements, .poetryLock, .pipfileLock: .pypi
            case .goMod, .goSum: .go
            case .cargoLock: .cargo
            case .gemfileLock: .rubygems
            case .pom: .maven
            case .composerLock: .composer
            case .nugetLock: .nuget
            }
        }
    }

    private static let names: [String: Kind] = [
        "Package.resolved": .packageResolved, "package-lock.json": .npmLock, "npm-shrinkwrap.json": .npmLock,
        "yarn.lock": .yarnLock, "poetry.lock": .poetryLock, "Pipfile.lock": .pipfileLock,
        "go.mod": .goMod, "go.sum": .goSum, "Cargo.lock": .cargoLock, "Gemfile.lock": .gemfileLock,
        "gems.locked": .gemfileLock, "pom.xml": .pom, "composer.lock": .composerLock, "packages.lock.json": .nugetLock,
    ]

    /// The format of the file at a repository path, judged by its name alone; nil when it is none of ours.
    ///
    /// `requirements*.txt` and any `.txt` in a directory named `requirements/` (the common split into
    /// `requirements/base.txt`, `requirements/dev.txt`) are pip requirements files.
    public static func kind(of path: String) -> Kind? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let file = parts.last.map(String.init) else { return nil }
        if let kind = names[file] { return kind }
        guard file.hasSuffix(".txt") else { return nil }
        if file.hasPrefix("requirements") { return .requirements }
        return parts.count > 1 && parts[parts.count - 2] == "requirements" ? .requirements : nil
    }

    /// The dependencies a file declares, in the order of their lines, each (name, version, source) once.
    ///
    /// Throws a `FileProblem` naming `path`, and the line when one can be known, for a file that is not
    /// what its name says or is cut short, and `SecIssueError` for a file name `kind(of:)` does not know.
    public static func parse(_ text: String, path: String) throws -> [Dependency] {
        guard let kind = kind(of: path) else {
            throw SecIssueError("\(path): not a manifest or lock file this tool reads")
        }
        let found: [Dependency]
        switch kind {
        case .packageResolved: found = try PackageResolvedParser.parse(text, path: path)
        case .npmLock: found = try NPMLockParser.parse(text, path: path)
        case .yarnLock: found = try YarnLockParser.parse(text, path: path)
        case .requirements: found = try RequirementsParser.parse(text, path: path).dependencies
        case .poetryLock: found = try PoetryLockParser.parse(text, path: path)
        case .pipfileLock: found = try PipfileLockParser.parse(text, path: path)
        case .goMod: found = try GoModParser.parse(text, path: path)
        case .goSum: found = try GoSumParser.parse(text, path: path)
        case .cargoLock: found = try CargoLockParser.parse(text, path: path)
        case .gemfileLock: found = try GemfileLockParser.parse(text, path: path)
        case .pom: found = try PomParser.parse(text, path: path)
        case .composerLock: found = try ComposerLockParser.parse(text, path: path)
        case .nugetLock: found = try NuGetLockParser.parse(text, path: path)
        }
        return tidy(found)
    }

    /// The other requirements files a pip requirements file pulls in with `-r`, as repository paths.
    ///
    /// `parse` does not follow them: the caller reads each file it finds in the repository once, and this
    /// list tells it which ones a given file depends on (a missing one is worth a warning).
    public static func includes(_ text: String, path: String) throws -> [String] {
        guard kind(of: path) == .requirements else { return [] }
        return try RequirementsParser.parse(text, path: path).includes
    }

    /// Sorts by line, so JSON formats (whose objects have no order once parsed) come out stable,
    /// and drops repeats: nested npm trees and multi-platform gems list the same version many times.
    private static func tidy(_ found: [Dependency]) -> [Dependency] {
        let sorted = found.enumerated().sorted { left, right in
            let (a, b) = (left.element, right.element)
            if a.line != b.line { return (a.line ?? .max) < (b.line ?? .max) }
            if a.name != b.name { return a.name < b.name }
            return left.offset < right.offset
        }
        var seen = Set<String>()
        return sorted.map(\.element).filter { seen.insert("\($0.name)\u{0}\($0.version ?? "")\u{0}\($0.source ?? "")").inserted }
    }
}
