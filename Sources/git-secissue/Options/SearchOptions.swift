import ArgumentParser
import SecIssueKit

extension FindingSort: ExpressibleByArgument {}

/// Finding things among many findings (`list`): text search, the tool, rule and CWE, what is
/// overdue or unassigned, the order and how many. They narrow the filter `list` builds.
struct SearchOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only findings mentioning TEXT (title, description, location or rule; any case).", valueName: "TEXT"))
    var search: String?
    @Option(help: ArgumentHelp("Only findings reported by this tool (a glob, any case).", valueName: "TOOL")) var tool: String?
    @Option(help: ArgumentHelp("Only findings of this scanner rule (a glob: CKV_AWS_*).", valueName: "GLOB")) var rule: String?
    @Option(help: ArgumentHelp("Only findings with this CWE (89 or CWE-89); repeat for several.", valueName: "CWE")) var cwe: [String] = []
    @Flag(help: "Only active findings past their due date.") var overdue = false
    @Flag(help: "Only findings nobody is assigned to.") var unassigned = false
    @Option(help: "The order: severity (most severe first), due (soonest first), age (oldest first), path or updated (newest first).")
    var sort: FindingSort = .severity
    @Option(help: ArgumentHelp("At most N findings, after sorting.", valueName: "N")) var limit: Int?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more") }
        for value in [tool, rule].compactMap({ $0 }) where !Glob.isUsable(value) {
            throw ValidationError("'\(value)' is not a usable glob")
        }
    }

    /// Narrows `filter` by these options; `today` is the day --overdue compares due dates with.
    func narrow(_ filter: inout FindingFilter, today: String) throws {
        filter.search = search.flatMap { $0.isEmpty ? nil : $0 }
        filter.tool = tool
        filter.ruleGlob = rule
        filter.cwes = try cwe.map { text in
            guard let number = FindingFilter.cwe(text) else { throw SecIssueError.usage("--cwe \(text) is not a CWE number such as 89 or CWE-89") }
            return number
        }
        filter.overdueOn = overdue ? today : nil
        filter.unassigned = unassigned
        filter.sort = sort
        filter.limit = limit
    }
}
