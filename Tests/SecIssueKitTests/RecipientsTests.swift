import Testing
@testable import SecIssueKit

@Suite(".security/recipients")
struct RecipientsTests {
    static let age = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"
    static let ssh = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsKLqeplhpW+uObz5dvMgjz1OxfM/XXUB+VHtZ6isGN"

    @Test("keys with their holders; comments and blank lines ignored; written back the same")
    func parse() throws {
        let text = "# who\n\n\(Self.age) Alice <alice@example.com>\n\(Self.ssh)   Bob (laptop)\r\n"
        let recipients = try Recipients(text: text)
        #expect(recipients.entries == [Recipient(key: Self.age, name: "Alice <alice@example.com>"),
                                       Recipient(key: Self.ssh, name: "Bob (laptop)")])
        #expect(recipients.names == ["Alice <alice@example.com>", "Bob (laptop)"])
        #expect(try Recipients(text: recipients.text) == recipients)
    }

    @Test("a line that is no age or SSH public key is refused with its line number", arguments: [
        "age1UPPERCASE", "ssh-dss AAAAB3NzaC1kc3MAAACBAP", "ssh-ed25519 not-base64!", "alice@example.com",
    ])
    func refused(line: String) {
        #expect(throws: FileProblem(path: Recipients.path, line: 2, message:
            "not a public key: write age1… (age-keygen -y), ssh-ed25519 AAAA… or ssh-rsa AAAA…, then who holds it")) {
            try Recipients(text: "\(Self.age) Alice\n\(line)\n")
        }
    }
}
