import Foundation

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

    private static func trail(_ name: String, _ request: JSONView) -> Change {
        let trail = (request["name"].string ?? request["trailName"].string).map { lastPart($0, after: ":trail/") }
        var change = Change(resource: trail, expected: "trail name", cwe: 778, title: { "CloudTrail trail \($0) changed" })
        switch name {
        case "StopLogging":
            change.severity = .critical
            change.title = { "CloudTrail logging stopped on trail \($0)" }
        case "DeleteTrail":
            change.severity = .critical
            change.title = { "CloudTrail trail \($0) deleted" }
        case "PutEventSelectors":
            change.title = { "CloudTrail event selectors changed on trail \($0)" }
            let selectors = request["eventSelectors"].items.count + request["advancedEventSelectors"].items.count
            change.detail = "trail \(trail ?? "?"): \(selectors) selector\(selectors == 1 ? "" : "s")"
        default:
            let settings = (request.value as? [String: Any])?.keys.filter { $0 != "name" }.sorted() ?? []
            change.detail = "trail \(trail ?? "?")" + (settings.isEmpty ? "" : ", settings \(settings.prefix(6).joined(separator: ", "))")
        }
        if change.detail.isEmpty { change.detail = "trail \(trail ?? "?")" }
        return change
    }

    private static func key(_ name: String, _ request: JSONView) -> Change {
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

/// A decoded JSON value read without a cast at each step: `event["requestParameters"]["groupId"].string`
/// is nil when a step is missing or of another type.
struct JSONView {
    let value: Any?

    init(_ value: Any?) {
        self.value = value is NSNull ? nil : value
    }

    subscript(key: String) -> JSONView { JSONView((value as? [String: Any])?[key]) }

    /// A non-empty string.
    var string: String? {
        guard let text = value as? String, !text.isEmpty else { return nil }
        return text
    }

    var int: Int? {
        if let number = value as? Int { return number }
        if let number = value as? NSNumber { return number.intValue }
        return (value as? String).flatMap { Int($0) }
    }

    var bool: Bool? {
        if let flag = value as? Bool { return flag }
        switch (value as? String)?.lowercased() {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }

    /// The elements of an array, or of EC2's `{"items": [...]}` wrapper.
    var items: [JSONView] {
        if let array = value as? [Any] { return array.map(JSONView.init) }
        if let array = (value as? [String: Any])?["items"] as? [Any] { return array.map(JSONView.init) }
        return []
    }

    /// `items`, or this value alone when it is a single object (XML-shaped S3 parameters).
    var list: [JSONView] {
        value is [String: Any] && self["items"].value == nil ? [self] : items
    }

    /// Every string anywhere inside this value.
    var strings: [String] {
        switch value {
        case let text as String: return [text]
        case let array as [Any]: return array.flatMap { JSONView($0).strings }
        case let object as [String: Any]: return object.values.flatMap { JSONView($0).strings }
        default: return []
        }
    }
}

/// What a policy document allows, in a few words, so that no document is quoted in a finding.
struct PolicySummary: CustomStringConvertible {
    var statements = 0
    /// An Allow of every action on every resource.
    var grantsAll = false
    /// An Allow to the principal `*`.
    var anyone = false

    /// Reads a document given as an object or as JSON text (percent-encoded or not); nil when it is neither.
    init?(_ value: JSONView) {
        var document = value
        if var text = value.string {
            if text.hasPrefix("%7B") || text.hasPrefix("%7b") { text = text.removingPercentEncoding ?? text }
            guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else { return nil }
            document = JSONView(object)
        }
        guard document.value is [String: Any] else { return nil }
        for statement in document["Statement"].list {
            statements += 1
            guard statement["Effect"].string?.lowercased() == "allow" else { continue }
            let actions = statement["Action"].strings
            let resources = statement["Resource"].strings
            if actions.contains(where: { $0 == "*" || $0 == "*:*" }), resources.contains("*") { grantsAll = true }
            if statement["Principal"].strings.contains("*") { anyone = true }
        }
    }

    var description: String {
        var parts = ["\(statements) statement\(statements == 1 ? "" : "s")"]
        if grantsAll { parts.append("allows every action on every resource") }
        if anyone { parts.append("allows anyone (Principal *)") }
        return parts.joined(separator: ", ")
    }
}

/// EC2 events: security groups, network ACLs and route tables (CWE-284).
enum CloudTrailNetwork {
    typealias Change = CloudTrailRules.Change

    static func change(_ name: String, _ event: JSONView) -> Change? {
        let request = event["requestParameters"]
        let response = event["responseElements"]
        switch name {
        case "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress":
            let egress = name.hasSuffix("Egress")
            return group(request["groupId"].string ?? request["groupName"].string,
                         rules: SecurityGroupRule.all(in: request), egress: egress, opening: name.hasPrefix("Authorize"))
        case "ModifySecurityGroupRules":
            let body = request["ModifySecurityGroupRulesRequest"]
            return group(body["GroupId"].string ?? request["groupId"].string,
                         rules: SecurityGroupRule.modified(in: request), egress: false, opening: true)
        case "CreateSecurityGroup":
            var change = group(response["groupId"].string ?? request["groupName"].string, rules: [], egress: false, opening: false)
            change.title = { "Security group \($0) created" }
            change.detail = [request["groupName"].string.map { "named \($0)" }, request["vpcId"].string.map { "in \($0)" }]
                .compactMap { $0 }.joined(separator: " ")
            return change
        case "DeleteSecurityGroup":
            let id = request["groupId"].string ?? request["groupName"].string
            var change = group(id, rules: [], egress: false, opening: false)
            change.title = { "Security group \($0) deleted" }
            change.detail = id.map { "group \($0)" } ?? ""
            return change
        case "CreateNetworkAcl":
            let id = response["networkAcl"]["networkAclId"].string
            return Change(resource: id ?? request["vpcId"].string, expected: "network ACL id", cwe: 284,
                          title: { "Network ACL \($0) created" }, detail: request["vpcId"].string.map { "in \($0)" } ?? "")
        case "DeleteNetworkAcl":
            return Change(resource: request["networkAclId"].string, expected: "network ACL id", cwe: 284,
                          title: { "Network ACL \($0) deleted" }, detail: request["networkAclId"].string ?? "")
        case "CreateNetworkAclEntry", "ReplaceNetworkAclEntry", "DeleteNetworkAclEntry":
            return Change(resource: request["networkAclId"].string, expected: "network ACL id", cwe: 284,
                          title: { "Network ACL \($0) changed" }, detail: aclEntry(request, removed: name.hasPrefix("Delete")))
        case "ReplaceNetworkAclAssociation":
            let detail = [request["networkAclId"].string, request["associationId"].string.map { "replaces association \($0)" }]
            return Change(resource: request["networkAclId"].string, expected: "network ACL id", cwe: 284,
                          title: { "Network ACL \($0) associated with a subnet" },
                          detail: detail.compactMap { $0 }.joined(separator: " "))
        case "CreateRouteTable":
            let id = response["routeTable"]["routeTableId"].string
            return Change(resource: id ?? request["vpcId"].string, expected: "route table id", cwe: 284,
                          title: { "Route table \($0) created" }, detail: request["vpcId"].string.map { "in \($0)" } ?? "")
        case "DeleteRouteTable":
            return Change(resource: request["routeTableId"].string, expected: "route table id", cwe: 284,
                          title: { "Route table \($0) deleted" }, detail: request["routeTableId"].string ?? "")
        case "CreateRoute", "ReplaceRoute", "DeleteRoute":
            return Change(resource: request["routeTableId"].string, expected: "route table id", cwe: 284,
                          title: { "Route table \($0) changed" }, detail: route(request))
        case "AssociateRouteTable", "ReplaceRouteTableAssociation":
            let target = request["subnetId"].string.map { "with \($0)" } ?? request["gatewayId"].string.map { "with \($0)" }
                ?? request["associationId"].string.map { "replaces association \($0)" }
            return Change(resource: request["routeTableId"].string, expected: "route table id", cwe: 284,
                          title: { "Route table \($0) associated" },
                          detail: [request["routeTableId"].string, target].compactMap { $0 }.joined(separator: " "))
        case "DisassociateRouteTable":
            return Change(resource: request["associationId"].string, expected: "route table association id", cwe: 284,
                          title: { "Route table association \($0) removed" }, detail: request["associationId"].string ?? "")
        default:
            return nil
        }
    }

    /// A security group change: high when an authorisation lets in (or out) the whole internet.
    private static func group(_ id: String?, rules: [SecurityGroupRule], egress: Bool, opening: Bool) -> Change {
        var change = Change(resource: id, expected: "security group id or name", cwe: 284, title: { "Security group \($0) changed" })
        change.detail = rules.prefix(3).map { $0.description(egress: egress) }.joined(separator: "; ")
            + (rules.count > 3 ? "; and \(rules.count - 3) more" : "")
        let open = rules.filter(\.isOpen)
        if opening, !open.isEmpty {
            var ports: [String] = []
            for rule in open where !ports.contains(rule.ports) { ports.append(rule.ports) }
            let label = ports.prefix(3).joined(separator: ", ") + (ports.count > 3 ? ", …" : "")
            change.severity = .high
            change.title = egress ? { "Security group \($0) opened to the internet for outbound traffic (\(label))" }
                : { "Security group \($0) opened to the internet (\(label))" }
        }
        return change
    }

    private static func aclEntry(_ request: JSONView, removed: Bool) -> String {
        let egress = request["egress"].bool == true
        var parts = [request["networkAclId"].string ?? "?", "rule \(request["ruleNumber"].int.map(String.init) ?? "?")"]
        if removed {
            parts.append(egress ? "(egress)" : "(ingress)")
        } else {
            let ports = SecurityGroupRule.portLabel(request["aclProtocol"].string ?? request["aclProtocol"].int.map(String.init),
                                                    from: request["portRange"]["from"].int, to: request["portRange"]["to"].int)
            let peer = request["cidrBlock"].string ?? request["ipv6CidrBlock"].string ?? "?"
            parts += [request["ruleAction"].string ?? "?", ports, egress ? "to" : "from", peer]
        }
        return parts.joined(separator: " ")
    }

    private static let routeTargets = ["gatewayId", "natGatewayId", "transitGatewayId", "vpcPeeringConnectionId", "instanceId",
                                       "networkInterfaceId", "egressOnlyInternetGatewayId", "vpcEndpointId", "carrierGatewayId",
                                       "localGatewayId", "coreNetworkArn"]

    private static func route(_ request: JSONView) -> String {
        let destination = request["destinationCidrBlock"].string ?? request["destinationIpv6CidrBlock"].string
            ?? request["destinationPrefixListId"].string ?? "?"
        let target = routeTargets.lazy.compactMap { request[$0].string }.first
        return "\(request["routeTableId"].string ?? "?") \(destination)" + (target.map { " via \($0)" } ?? "")
    }
}

/// One rule of a security group change: protocol, ports and the addresses or groups it names.
struct SecurityGroupRule {
    var ports: String
    var peers: [String]

    /// A rule for `0.0.0.0/0` or `::/0`.
    var isOpen: Bool { peers.contains("0.0.0.0/0") || peers.contains("::/0") }

    func description(egress: Bool) -> String {
        guard !peers.isEmpty else { return ports }
        let shown = peers.prefix(3).joined(separator: ", ") + (peers.count > 3 ? " and \(peers.count - 3) more" : "")
        return "\(ports) \(egress ? "to" : "from") \(shown)"
    }

    /// The rules of an Authorize or Revoke call: its `ipPermissions`, or the single rule given by
    /// the older flat parameters (`ipProtocol`, `cidrIp`…).
    static func all(in request: JSONView) -> [SecurityGroupRule] {
        var rules = request["ipPermissions"].items.map { permission in
            let peers = permission["ipRanges"].items.compactMap { $0["cidrIp"].string }
                + permission["ipv6Ranges"].items.compactMap { $0["cidrIpv6"].string }
                + permission["groups"].items.compactMap { $0["groupId"].string ?? $0["groupName"].string }
                + permission["prefixListIds"].items.compactMap { $0["prefixListId"].string }
            return SecurityGroupRule(ports: portLabel(protocolOf(permission["ipProtocol"]), from: permission["fromPort"].int,
                                                      to: permission["toPort"].int), peers: peers)
        }
        if rules.isEmpty, request["ipProtocol"].value != nil || request["cidrIp"].value != nil {
            let peers = [request["cidrIp"].string, request["sourceSecurityGroupName"].string].compactMap { $0 }
            rules.append(SecurityGroupRule(ports: portLabel(protocolOf(request["ipProtocol"]), from: request["fromPort"].int,
                                                            to: request["toPort"].int), peers: peers))
        }
        return rules
    }

    /// The rules of a ModifySecurityGroupRules call: every object with an `IpProtocol` inside it.
    static func modified(in request: JSONView) -> [SecurityGroupRule] {
        var rules: [SecurityGroupRule] = []
        var pending = [request]
        while let view = pending.popLast() {
            if let object = view.value as? [String: Any] {
                if object["IpProtocol"] != nil {
                    let peers = ["CidrIpv4", "CidrIpv6", "ReferencedGroupId", "PrefixListId"].compactMap { view[$0].string }
                    rules.append(SecurityGroupRule(ports: portLabel(protocolOf(view["IpProtocol"]), from: view["FromPort"].int,
                                                                    to: view["ToPort"].int), peers: peers))
                } else {
                    pending += object.keys.sorted().reversed().map { view[$0] }
                }
            } else {
                pending += view.items.reversed()
            }
        }
        return rules
    }

    private static func protocolOf(_ value: JSONView) -> String? {
        value.string ?? value.int.map(String.init)
    }

    /// `tcp 22`, `tcp 8000-8080`, `udp all ports`, `icmp` or `all traffic`.
    static func portLabel(_ protocolName: String?, from: Int?, to: Int?) -> String {
        let name: String
        switch protocolName?.lowercased() {
        case nil, "-1", "all": return "all traffic"
        case "6": name = "tcp"
        case "17": name = "udp"
        case "1": name = "icmp"
        case "58": name = "icmpv6"
        case let other?: name = CloudTrailRules.clean(other, limit: 20)
        }
        guard name == "tcp" || name == "udp", let from else { return name }
        let to = to ?? from
        if from < 0 || (from <= 0 && to >= 65535) { return "\(name) all ports" }
        return from == to ? "\(name) \(from)" : "\(name) \(from)-\(to)"
    }
}

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
