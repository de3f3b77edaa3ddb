import Foundation

/// `protect:` in config.yml: the paths whose changes need a security approval, and who may give it.
public struct ProtectPolicy: Sendable, Equatable {
    public static let defaultPaths = [
        ".github/workflows/**", ".gitlab-ci.yml", "Jenkinsfile", ".circleci/**", "Dockerfile*", "**/*.tf",
        "k8s/**", "helm/**", ".security/config.yml", ".security/libraries.yml", "hooks/**",
    ]

    /// Paths protected whatever `protect.paths` says: the policy itself, the baselines, and the
    /// files that run the gate (the CI workflows `init --ci` writes, and a GitHub action), so
    /// that a change cannot switch its own gate off unapproved.
    public static let alwaysProtected = [
        ".security/config.yml", ".security/baselines/**", ".github/workflows/**", ".gitlab-ci.yml",
        ".gitlab/secissue.gitlab-ci.yml", "action.yml", "action.yaml",
    ]

    /// A person who may approve a protected change: matched by name or email; `keys` are the
    /// public keys (OpenSSH format) whose signatures count as that person's approval; `login` is
    /// their user name on the hosting platform, as its review record names them.
    public struct Approver: Sendable, Equatable {
        public var name: String?
        public var email: String?
        public var keys: [String]
        public var login: String?

        public init(name: String? = nil, email: String? = nil, keys: [String] = [], login: String? = nil) {
            self.name = name
            self.email = email
            self.keys = keys
            self.login = login
        }

        /// `Alice Example <alice@example.com>`, `alice@example.com` or `Alice Example`.
        public init(parsing text: String) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") {
                let name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
                self.init(name: name.isEmpty ? nil : name, email: String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]))
            } else if trimmed.contains("@") {
                self.init(email: trimmed)
            } else {
                self.init(name: trimmed)
            }
        }

        /// True when `person` (a trailer value or a commit identity) names this approver:
        /// the same email (case-insensitive), or the same name when either side has no email.
        public func matches(name otherName: String?, email otherEmail: String?) -> Bool {
            if let email, let otherEmail { return email.lowercased() == otherEmail.lowercased() }
            if let name, let otherName { return name.lowercased() == otherName.lowercased() }
            return false
        }

        public var display: String {
            switch (name, email) {
            case let (name?, email?): return "\(name) <\(email)>"
            default: return name ?? email ?? "?"
            }
        }
    }

    /// The configured paths (`protect.paths`); `allPaths` adds `alwaysProtected`.
    public var paths = ProtectPolicy.defaultPaths
    public var approvers: [Approver] = []
    /// The severity of an unapproved change (the gate fails at `gate.fail_on` and above).
    public var severity: Severity = .high
    /// Whether a `Security-Approved-By:` trailer alone approves (`protect.trust_trailers`). Off by
    /// default: a trailer is text anyone can write, so only a signature or a review record counts.
    public var trustTrailers = false

    public init() {}

    /// The configured paths, then those of `alwaysProtected` they lack.
    public var allPaths: [String] {
        paths + Self.alwaysProtected.filter { !paths.contains($0) }
    }

    /// True when `path` (relative to the repository root) is protected.
    public func isProtected(_ path: String) -> Bool {
        allPaths.contains { Glob.matches($0, path) }
    }
}
