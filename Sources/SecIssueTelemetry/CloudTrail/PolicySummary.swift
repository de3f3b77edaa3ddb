import Foundation
import SecIssueKit

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
