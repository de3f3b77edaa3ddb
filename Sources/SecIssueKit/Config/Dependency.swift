/// One library a manifest or lock file says the project uses.
public struct Dependency: Equatable, Sendable {
    /// The package world the name belongs to: names are only unique within one.
    public var ecosystem: Ecosystem
    /// The name as the ecosystem spells it: `@babel/core`, `org.slf4j:slf4j-api`, `github.com/pkg/errors`.
    public var name: String
    /// The version the file pins, or the range it asks for when it pins none (`>=1,<2`); nil when it says nothing.
    public var version: String?
    /// Repository path of the file that declares it.
    public var manifest: String
    /// 1-based line where it is declared, when the format makes that cheap to know.
    public var line: Int?
    /// Where it comes from when that is not the ecosystem's default registry: `git`, `path`, `registry`, `url`,
    /// or for a Go `replace` the module that replaces it.
    public var source: String?

    public init(ecosystem: Ecosystem, name: String, version: String?, manifest: String, line: Int? = nil, source: String? = nil) {
        self.ecosystem = ecosystem
        self.name = name
        self.version = version
        self.manifest = manifest
        self.line = line
        self.source = source
    }
}

/// A package ecosystem, named as `.security/libraries.yml` names it.
public enum Ecosystem: String, CaseIterable, Sendable {
    case swift, npm, pypi, go, cargo, rubygems, maven, composer, nuget
}
