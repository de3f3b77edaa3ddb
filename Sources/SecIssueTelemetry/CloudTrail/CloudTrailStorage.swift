import SecIssueKit
/// S3 events that can expose a bucket, or every bucket of an account (CWE-732).
enum CloudTrailStorage {
    typealias Change = CloudTrailRules.Change

    static let publicGroups = ["acs.amazonaws.com/groups/global/AllUsers", "acs.amazonaws.com/groups/global/AuthenticatedUsers"]
    static let publicCannedACLs: Set<String> = ["public-read", "public-read-write", "authenticated-read"]

    static func change(_ name: String, _ event: JSONView) -> Change? {
        let request = event["requestParameters"]
        let bucket = request["bucketName"].string
        let account = request["accountId"].string ?? request["x-amz-account-id"].strings.first ?? event["recipientAccountId"].string
        let accountWide = bucket == nil && name.contains("PublicAccessBlock") && !name.contains("Bucket")
        let place: (String) -> String = accountWide ? { "account \($0)" } : { "S3 bucket \($0)" }
        var change = Change(resource: accountWide ? account : bucket, expected: "S3 bucket name", cwe: 732,
                            title: { "\(place($0)) changed" })
        change.detail = accountWide ? "account \(account ?? "?")" : "bucket \(bucket ?? "?")"
        switch name {
        case "PutBucketPolicy":
            let policy = PolicySummary(request["bucketPolicy"])
            change.title = { "Bucket policy of \(place($0)) changed" }
            if let policy { change.detail += ": \(policy)" }
            if policy?.anyone == true {
                change.severity = .high
                change.title = { "Bucket policy of \(place($0)) allows anyone (Principal *)" }
            }
        case "DeleteBucketPolicy":
            change.title = { "Bucket policy of \(place($0)) deleted" }
        case "PutBucketAcl":
            let canned = request["x-amz-acl"].strings.first
            let grants = request["AccessControlPolicy"]["AccessControlList"]["Grant"].list.count
            change.detail += canned.map { ": canned ACL \(CloudTrailRules.clean($0, limit: 30))" } ?? ": \(grants) grant\(grants == 1 ? "" : "s")"
            change.title = { "ACL of \(place($0)) changed" }
            let everyone = request.strings.contains { text in publicGroups.contains { text.contains($0) } }
            if everyone || canned.map(publicCannedACLs.contains) == true {
                change.severity = .high
                change.title = { "ACL of \(place($0)) grants access to everyone" }
            }
        case "PutBucketPublicAccessBlock", "PutPublicAccessBlock", "PutAccountPublicAccessBlock":
            let configuration = request["PublicAccessBlockConfiguration"]
            let off = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"]
                .filter { configuration[$0].bool == false }
            change.title = { "Public access block of \(place($0)) changed" }
            if !off.isEmpty {
                change.severity = .high
                change.title = { "Public access block of \(place($0)) weakened (\(off.joined(separator: ", ")) off)" }
                change.detail += ": \(off.joined(separator: ", ")) off"
            }
        default: // the Delete…PublicAccessBlock events
            change.severity = .high
            change.title = { "Public access block removed from \(place($0))" }
        }
        return change
    }
}

// KMS events: keys disabled, scheduled for deletion or opened by their policy.
extension CloudTrailRules {
    static func key(_ name: String, _ request: JSONView) -> Change {
        let key = request["keyId"].string.map { lastPart($0, after: ":key/") }
        var change = Change(resource: key, expected: "KMS key id", severity: .high, title: { "KMS key \($0) disabled" })
        change.detail = "key \(key ?? "?")"
        switch name {
        case "ScheduleKeyDeletion":
            change.title = { "KMS key \($0) scheduled for deletion" }
            if let days = request["pendingWindowInDays"].int { change.detail += " in \(days) days" }
        case "DisableKeyRotation":
            change.severity = .medium
            change.title = { "Rotation of KMS key \($0) disabled" }
        case "PutKeyPolicy":
            let policy = PolicySummary(request["policy"])
            change.cwe = 732
            change.severity = policy?.anyone == true ? .high : .medium
            change.title = policy?.anyone == true ? { "Key policy of KMS key \($0) allows anyone" } : { "Key policy of KMS key \($0) changed" }
            if let policy { change.detail += ": " + policy.description }
        default:
            break
        }
        return change
    }
}
