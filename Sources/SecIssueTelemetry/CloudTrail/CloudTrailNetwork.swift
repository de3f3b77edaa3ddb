import SecIssueKit
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
