import SecIssueKit
/// IAM events: users, their keys and passwords, policies and who may assume a role (CWE-269).
enum CloudTrailIdentity {
    typealias Change = CloudTrailRules.Change

    static func change(_ name: String, _ event: JSONView) -> Change? {
        let request = event["requestParameters"]
        let user = request["userName"].string
        var change = Change(resource: user, expected: "IAM user name", cwe: 269, title: { "IAM user \($0) changed" })
        change.detail = user.map { "user \($0)" } ?? ""
        switch name {
        case "CreateUser":
            change.title = { "IAM user \($0) created" }
        case "DeleteUser":
            change.title = { "IAM user \($0) deleted" }
        case "CreateAccessKey":
            // Without userName the key is for the caller's own user.
            let own = event["userIdentity"]["userName"].string
                ?? event["userIdentity"]["arn"].string.map { CloudTrailRules.lastPart($0, after: ":user/") }
            change.resource = user ?? own
            change.title = { "Access key created for IAM user \($0)" }
            change.detail = (user ?? own).map { "for user \($0)" } ?? ""
        case "CreateLoginProfile", "UpdateLoginProfile":
            change.title = name.hasPrefix("Create") ? { "Console password set for IAM user \($0)" }
                : { "Console password changed for IAM user \($0)" }
            if request["passwordResetRequired"].bool == true { change.detail += ", reset required at next sign-in" }
        case "AddUserToGroup":
            let group = request["groupName"].string ?? "?"
            change.title = { "IAM user \($0) added to group \(group)" }
            change.detail += " to group \(group)"
        case "AttachUserPolicy", "AttachRolePolicy", "AttachGroupPolicy", "DetachUserPolicy", "DetachRolePolicy":
            return attachment(name, request)
        case "PutUserPolicy", "PutRolePolicy", "PutGroupPolicy":
            return inlinePolicy(name, request)
        case "CreatePolicy", "CreatePolicyVersion":
            let creating = name == "CreatePolicy"
            let resource = creating ? request["policyName"].string : request["policyArn"].string
            let policy = PolicySummary(request["policyDocument"])
            change = Change(resource: resource, expected: creating ? "policy name" : "policy ARN", cwe: 269,
                            title: creating ? { "IAM policy \($0) created" } : { "New version of IAM policy \($0)" })
            change.detail = "policy \(resource ?? "?")" + (policy.map { ": \($0)" } ?? "")
            if policy?.grantsAll == true {
                change.severity = .high
                change.title = creating ? { "IAM policy \($0) created granting every action on every resource" }
                    : { "New version of IAM policy \($0) grants every action on every resource" }
            }
        case "DeletePolicy":
            change = Change(resource: request["policyArn"].string, expected: "policy ARN", cwe: 269, title: { "IAM policy \($0) deleted" })
            change.detail = request["policyArn"].string.map { "policy \($0)" } ?? ""
        case "UpdateAssumeRolePolicy":
            let role = request["roleName"].string
            let policy = PolicySummary(request["policyDocument"])
            change = Change(resource: role, expected: "role name", cwe: 269, title: { "Trust policy of IAM role \($0) changed" })
            change.detail = "role \(role ?? "?")" + (policy.map { ": \($0)" } ?? "")
            if policy?.anyone == true {
                change.severity = .high
                change.title = { "Trust policy of IAM role \($0) lets anyone assume it" }
            }
        default:
            return nil
        }
        return change
    }

    /// Managed policies that amount to full control of the account.
    static func isAdministrator(_ policy: String) -> Bool {
        policy.hasPrefix("AdministratorAccess") || policy == "IAMFullAccess"
    }

    /// The user, role or group an event is about, by the event name.
    private static func principal(_ name: String, _ request: JSONView) -> (kind: String, name: String?) {
        if name.hasSuffix("RolePolicy") { return ("role", request["roleName"].string) }
        if name.hasSuffix("GroupPolicy") { return ("group", request["groupName"].string) }
        return ("user", request["userName"].string)
    }

    private static func attachment(_ name: String, _ request: JSONView) -> Change {
        let (kind, target) = principal(name, request)
        let policy = request["policyArn"].string.map { String($0.split(separator: "/").last ?? Substring($0)) } ?? "?"
        let attach = name.hasPrefix("Attach")
        var change = Change(resource: target, expected: "\(kind) name", cwe: 269,
                            title: attach ? { "IAM policy \(policy) attached to IAM \(kind) \($0)" }
                                : { "IAM policy \(policy) detached from IAM \(kind) \($0)" })
        change.detail = "\(policy) \(attach ? "to" : "from") \(kind) \(target ?? "?")"
        if attach, isAdministrator(policy) {
            change.severity = .high
            change.title = { "Administrator policy \(policy) attached to IAM \(kind) \($0)" }
        }
        return change
    }

    private static func inlinePolicy(_ name: String, _ request: JSONView) -> Change {
        let (kind, target) = principal(name, request)
        let policyName = request["policyName"].string ?? "?"
        let policy = PolicySummary(request["policyDocument"])
        var change = Change(resource: target, expected: "\(kind) name", cwe: 269,
                            title: { "Inline policy \(policyName) put on IAM \(kind) \($0)" })
        change.detail = "\(policyName) on \(kind) \(target ?? "?")" + (policy.map { ": \($0)" } ?? "")
        if policy?.grantsAll == true {
            change.severity = .high
            change.title = { "Inline policy \(policyName) on IAM \(kind) \($0) grants every action on every resource" }
        }
        return change
    }
}
