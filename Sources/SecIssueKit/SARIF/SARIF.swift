/// The parts of SARIF 2.1.0 that importing reads. Everything else in a log is ignored.
enum SARIF {
    struct Log: Decodable {
        let version: String?
        let runs: [Run]?
    }

    struct Run: Decodable {
        let tool: Tool
        let results: [Result]?
        let originalUriBaseIds: [String: ArtifactLocation]?
        let automationDetails: AutomationDetails?
        let taxonomies: [ToolComponent]?
        let invocations: [Invocation]?
        /// Which commit of which repository was scanned; read leniently (a malformed entry is no entry).
        let versionControlProvenance: [VersionControl]?
    }

    struct VersionControl: Decodable {
        let revisionId: String?

        enum Key: String, CodingKey { case revisionId }

        init(from decoder: Decoder) throws {
            revisionId = try? decoder.container(keyedBy: Key.self).decodeIfPresent(String.self, forKey: .revisionId)
        }
    }

    struct Invocation: Decodable {
        let executionSuccessful: Bool?
        /// What the tool reported about its own run; an error names a file it could not scan.
        let toolExecutionNotifications: [Notification]?
        /// True when `toolExecutionNotifications` is there but not in a shape this reader knows:
        /// then which files failed is unknown, and the run is treated as not finished.
        let notificationsUnreadable: Bool

        enum Key: String, CodingKey { case executionSuccessful, toolExecutionNotifications }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            executionSuccessful = try container.decodeIfPresent(Bool.self, forKey: .executionSuccessful)
            if container.contains(.toolExecutionNotifications), try container.decodeNil(forKey: .toolExecutionNotifications) == false {
                let notifications = try? container.decode([Notification].self, forKey: .toolExecutionNotifications)
                toolExecutionNotifications = notifications
                notificationsUnreadable = notifications == nil
            } else {
                toolExecutionNotifications = nil
                notificationsUnreadable = false
            }
        }
    }

    struct Notification: Decodable {
        /// `error`, `warning` (SARIF's default), `note` or `none`.
        let level: String?
        let message: Message?
        let locations: [Location]?
    }

    struct AutomationDetails: Decodable {
        let id: String?
    }

    struct Tool: Decodable {
        let driver: ToolComponent
        let extensions: [ToolComponent]?
    }

    struct ToolComponent: Decodable {
        let name: String
        let version: String?
        let semanticVersion: String?
        let rules: [Rule]?
        let taxa: [Rule]?
    }

    struct Rule: Decodable {
        let id: String?
        let name: String?
        let shortDescription: Message?
        let fullDescription: Message?
        let help: Message?
        let helpUri: String?
        let properties: PropertyBag?
        let defaultConfiguration: Configuration?
        let relationships: [Relationship]?
    }

    struct Configuration: Decodable {
        let level: String?
    }

    struct Relationship: Decodable {
        let target: Reference?
    }

    struct Reference: Decodable {
        let id: String?
        let index: Int?
        let toolComponent: ComponentReference?
    }

    struct ComponentReference: Decodable {
        let name: String?
    }

    struct Message: Decodable {
        let text: String?
        let markdown: String?
    }

    struct Result: Decodable {
        let ruleId: String?
        let ruleIndex: Int?
        let rule: Reference?
        let level: String?
        let kind: String?
        let message: Message?
        let locations: [Location]?
        let fingerprints: [String: String]?
        let partialFingerprints: [String: String]?
        let suppressions: [Suppression]?
        let properties: PropertyBag?
        let taxa: [Reference]?
    }

    struct Location: Decodable {
        let physicalLocation: PhysicalLocation?
    }

    struct PhysicalLocation: Decodable {
        let artifactLocation: ArtifactLocation?
        let region: Region?
        let contextRegion: Region?
    }

    struct ArtifactLocation: Decodable {
        let uri: String?
        let uriBaseId: String?
    }

    struct Region: Decodable {
        let startLine: Int?
        let startColumn: Int?
        let endLine: Int?
        let endColumn: Int?
        let snippet: ArtifactContent?
    }

    struct ArtifactContent: Decodable {
        let text: String?
    }

    struct Suppression: Decodable {
        let kind: String?
        let status: String?
        let justification: String?
    }

    /// A property bag: only `tags` and `security-severity` (a number or a string, as tools differ).
    struct PropertyBag: Decodable {
        let tags: [String]?
        let securitySeverity: Double?

        enum Key: String, CodingKey {
            case tags
            case securitySeverity = "security-severity"
        }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            tags = try? container.decodeIfPresent([String].self, forKey: .tags)
            if let number = try? container.decodeIfPresent(Double.self, forKey: .securitySeverity) {
                securitySeverity = number
            } else if let text = try? container.decodeIfPresent(String.self, forKey: .securitySeverity) {
                securitySeverity = Double(text)
            } else {
                securitySeverity = nil
            }
        }
    }
}
