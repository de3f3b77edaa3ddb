import Testing
@testable import SecIssueKit

@Suite("telemetry.client_addresses")
struct ClientAddressPolicyTests {
    @Test("truncated keeps the IPv4 /24 and the IPv6 /48; ports, prose and networks survive; applying twice changes nothing")
    func truncated() {
        let policy = ClientAddressPolicy.truncated
        #expect(policy.apply(to: "203.0.113.5 (2)") == "203.0.113.0/24 (2)")
        #expect(policy.apply(to: "from 2001:db8:85a3:8d3:1319:8a2e:370:7348, twice.") == "from 2001:db8:85a3::/48, twice.")
        #expect(policy.apply(to: "peer 198.51.100.7:51234 said") == "peer 198.51.100.0/24:51234 said")
        #expect(policy.apply(to: "arn:aws:iam::123456789012:user/alice (198.51.100.7) (34)")
                == "arn:aws:iam::123456789012:user/alice (198.51.100.0/24) (34)")
        #expect(policy.apply(to: "at 2026-11-27T08:01:00Z, version 1.2.3, rule 0.0.0.0/0") == "at 2026-11-27T08:01:00Z, version 1.2.3, rule 0.0.0.0/0")
        let once = policy.apply(to: "203.0.113.5 and ::ffff:1.2.3.4 and fe80::1")
        #expect(policy.apply(to: once) == once)
    }

    @Test("hashed gives the same pseudonym for the same address; full changes nothing")
    func hashedAndFull() {
        let hashed = ClientAddressPolicy.hashed.apply(to: "203.0.113.5 (2), 203.0.113.5 again, 203.0.113.6")
        let words = hashed.split(separator: " ")
        #expect(words[0].hasPrefix("ip-") && words[0].count == 15)
        #expect(words[0] == words[2] && words[0] != words[4])
        #expect(ClientAddressPolicy.full.apply(to: "203.0.113.5 (2)") == "203.0.113.5 (2)")
    }

    @Test("config.yml reads client_addresses and refuses an unknown value")
    func config() throws {
        #expect(try Config(yaml: "telemetry:\n  client_addresses: hashed\n").telemetry.clientAddresses == .hashed)
        #expect(Config().telemetry.clientAddresses == .truncated)
        #expect(throws: FileProblem.self) { try Config(yaml: "telemetry:\n  client_addresses: some\n") }
    }
}
