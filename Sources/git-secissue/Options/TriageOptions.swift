import ArgumentParser
import SecIssueKit

struct TriageOptions: ParsableArguments {
    @Option(help: "Why: required for risk-accepted and false-positive.") var reason: String?
    @Option(help: ArgumentHelp("When a risk acceptance ends.", valueName: "YYYY-MM-DD")) var expires: String?
    @Option(help: ArgumentHelp("The finding this one duplicates.", valueName: "ID")) var duplicateOf: String?
    @Option(help: ArgumentHelp("The commit that fixed it (with fixed).", valueName: "REV")) var commit: String?
}
