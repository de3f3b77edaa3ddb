import SecIssueKit

/// How to install the programs the templates' tests run, for the message when one is missing.
/// A test's own `install:` wins; for others the message says to put the program on PATH.
enum InstallHints {
    static let known: [String: String] = [
        "bandit": "pip install 'bandit[sarif]'",
        "semgrep": "pip install semgrep",
        "checkov": "pip install checkov",
        "sqlmap": "pip install sqlmap",
        "pip-audit": "pip install pip-audit",
        "detect-secrets": "pip install detect-secrets",
        "cfn-lint": "pip install cfn-lint",
        "curl": "apt-get install curl",
        "git": "apt-get install git",
        "trivy": "see https://trivy.dev for its packages",
        "osv-scanner": "go install github.com/google/osv-scanner/v2/cmd/osv-scanner@latest",
        "gitleaks": "see https://github.com/gitleaks/gitleaks#installing",
    ]

    /// "bandit is not installed (pip install 'bandit[sarif]')", or the test's own instructions.
    static func missing(_ program: String, test: SecurityTests.Test) -> String {
        let name = program.split(separator: "/").last.map(String.init) ?? program
        let how = test.install ?? known[name] ?? "install it, or put it on PATH"
        return "\(program) is not installed or not on PATH (\(how))"
    }
}
