import Foundation
import SecIssueKit

/// Which CloudTrail events become findings, and what each says. Only changes to what guards an
/// account count: security groups, network ACLs and routes, IAM identities and policies, the
/// trails themselves, S3 bucket exposure and KMS keys. The rule is `cloudtrail/<EventName>` and
/// the resource is the thing changed, so there is one finding per event kind and resource.
/// A call that failed (`errorCode`) still counts, since someone tried, one severity lower.
/// Samples name who did what, where and from which address, and summarise request parameters
/// rather than quote them: no policy document, password, key or token reaches a finding.
public enum CloudTrailRules {
    public enum Outcome {
        /// Read-only, or not an event that changes security.
        case ignored
        case observation(Observation)
        /// An event that counts but cannot be used, and why.
        case problem(String)
    }

    /// What one event changed, before the who, when and whether it failed are added.
    struct Change {
        var resource: String?
        /// What `resource` should have been, for the problem when the event names none.
        var expected: String
        var severity = Severity.medium
        var cwe: Int?
        var title: (String) -> String
        /// What changed, for the sample (`tcp 22 from 0.0.0.0/0`); may be empty.
        var detail = ""
    }

    /// The observation an event makes, if it is one that counts; `record` is its 1-based number.
    public static func evaluate(_ event: [String: Any], record: Int) -> Outcome {
        let view = JSONView(event)
        guard let name = view["eventName"].string, let source = view["eventSource"].string else { return .ignored }
        if view["readOnly"].bool == true { return .ignored }
        guard let change = change(name: name, source: source, view) else { return .ignored }
        guard let resource = change.resource.map({ clean($0, limit: 200) }), !resource.isEmpty else {
            return .problem("\(name) names no \(change.expected)")
        }
        guard let timeText = view["eventTime"].string, let time = seconds(timeText) else {
            return .problem("\(name) has no eventTime in ISO 8601 UTC (2026-11-27T08:00:00Z)")
        }
        let failure = view["errorCode"].string.map { clean($0, limit: 60) }
        var severity = change.severity
        var title = change.title(resource)
        if failure != nil {
            severity = Severity.allCases[min(severity.rank + 1, Severity.allCases.count - 1)]
            title += " (attempt failed)"
        }
        let who = caller(view)
        let address = view["sourceIPAddress"].string.map { clean($0, limit: 80) }
        var sample = name
        if !change.detail.isEmpty { sample += " " + clean(change.detail, limit: 200) }
        sample += " by " + who
        if let address { sample += " from " + address }
        if let region = view["awsRegion"].string { sample += " in " + clean(region, limit: 40) }
        if let failure { sample += ", failed: " + failure }
        return .observation(Observation(
            rule: "cloudtrail/\(name)", resource: resource, time: time,
            source: address.map { "\(who) (\($0))" } ?? who, sample: sample, severity: severity, cwe: change.cwe,
            title: title, line: record))
    }

    /// The event names that can make a finding, by event source.
    public static let events: [String: Set<String>] = [
        "ec2.amazonaws.com": [
            "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress",
            "RevokeSecurityGroupEgress", "ModifySecurityGroupRules", "CreateSecurityGroup", "DeleteSecurityGroup",
            "CreateNetworkAcl", "DeleteNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAclEntry",
            "ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation", "CreateRoute", "DeleteRoute", "ReplaceRoute",
            "CreateRouteTable", "DeleteRouteTable", "AssociateRouteTable", "DisassociateRouteTable",
            "ReplaceRouteTableAssociation"],
        "iam.amazonaws.com": [
            "CreateUser", "DeleteUser", "CreateAccessKey", "CreateLoginProfile", "UpdateLoginProfile", "AddUserToGroup",
            "AttachUserPolicy", "AttachRolePolicy", "AttachGroupPolicy", "DetachUserPolicy", "DetachRolePolicy",
            "PutUserPolicy", "PutRolePolicy", "PutGroupPolicy", "CreatePolicy", "CreatePolicyVersion", "DeletePolicy",
            "UpdateAssumeRolePolicy"],
        "cloudtrail.amazonaws.com": ["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors"],
        "s3.amazonaws.com": [
            "PutBucketPolicy", "DeleteBucketPolicy", "PutBucketAcl", "PutBucketPublicAccessBlock",
            "DeleteBucketPublicAccessBlock", "PutPublicAccessBlock", "DeletePublicAccessBlock",
            "PutAccountPublicAccessBlock", "DeleteAccountPublicAccessBlock"],
        "kms.amazonaws.com": ["ScheduleKeyDeletion", "DisableKey", "DisableKeyRotation", "PutKeyPolicy"],
    ]

    static func change(name: String, source: String, _ event: JSONView) -> Change? {
        let service = source == "s3-control.amazonaws.com" ? "s3.amazonaws.com" : source
        guard events[service]?.contains(name) == true else { return nil }
        switch service {
        case "ec2.amazonaws.com": return CloudTrailNetwork.change(name, event)
        case "iam.amazonaws.com": return CloudTrailIdentity.change(name, event)
        case "cloudtrail.amazonaws.com": return trail(name, event["requestParameters"])
        case "s3.amazonaws.com": return CloudTrailStorage.change(name, event)
        default: return key(name, event["requestParameters"])
        }
    }

    /// Who made the call: the caller's ARN, or its type and principal (or the service acting).
    static func caller(_ event: JSONView) -> String {
        let identity = event["userIdentity"]
        if let arn = identity["arn"].string { return clean(arn, limit: 200) }
        let type = identity["type"].string ?? "unknown"
        let principal = identity["principalId"].string ?? identity["invokedBy"].string
        return clean(principal.map { "\(type):\($0)" } ?? type, limit: 200)
    }

    /// Seconds since 1970 of a CloudTrail time, `2026-11-27T08:00:00Z` (fractions of a second are dropped).
    static func seconds(_ text: String) -> Int64? {
        var text = text
        if text.count > 20, text.hasSuffix("Z"), let dot = text.firstIndex(of: "."), text.distance(from: text.startIndex, to: dot) == 19 {
            text = String(text[..<dot]) + "Z"
        }
        guard text.utf8.count == 20, let date = Timestamp.parse(text) else { return nil }
        return Int64(date.timeIntervalSince1970)
    }

    /// `text` without control characters, cut to `limit` characters.
    static func clean(_ text: String, limit: Int) -> String {
        var result = String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
        if result.count > limit { result = String(result.prefix(limit - 1)) + "…" }
        return result
    }

    /// The part of an ARN after `marker` (`arn:…:trail/main` gives `main`), or `text` when it has none.
    static func lastPart(_ text: String, after marker: String) -> String {
        guard text.hasPrefix("arn:"), let range = text.range(of: marker) else { return text }
        return String(text[range.upperBound...])
    }
}
