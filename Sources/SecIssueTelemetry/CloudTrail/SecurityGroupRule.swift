import SecIssueKit
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
