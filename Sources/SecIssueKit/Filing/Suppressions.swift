/// The `ignore:` rules of config.yml as one import applies them: the first rule in file order that
/// covers a result and has not expired settles its finding; an expired rule that covers a result
/// is reported once, and the result is filed as usual.
struct Suppressions {
    let rules: [SuppressionRule]
    let today: String
    /// How many findings each rule settled, by its number.
    private var settled: [Int: Int] = [:]
    /// Expired rules that covered a result, in the order met.
    private var expired: [SuppressionRule] = []

    init(rules: [SuppressionRule], today: String) {
        self.rules = rules
        self.today = today
    }

    /// The rule that settles `result`'s finding, if one does.
    mutating func rule(for result: ScanResult) -> SuppressionRule? {
        for rule in rules where rule.covers(result) {
            guard rule.hasExpired(on: today) else { return rule }
            if !expired.contains(rule) { expired.append(rule) }
        }
        return nil
    }

    /// Marks `finding` as the rule says, with the rule named in its triage and activity.
    mutating func settle(_ finding: inout Finding, by rule: SuppressionRule, stamp: Stamp) {
        let before = finding.status
        finding.status = rule.status
        finding.triage = Finding.Triage(reason: rule.reason, by: "config.yml ignore[\(rule.number)]",
                                        expires: rule.status == .riskAccepted ? rule.expires : nil)
        finding.updated = stamp.timestamp
        finding.activity.append("\(stamp.timestamp) \(stamp.person) status \(before.rawValue) -> \(rule.status.rawValue): "
            + "\(rule.name) in config.yml\(rule.expires.map { " until \($0)" } ?? ""): \(rule.reason)")
        settled[rule.number, default: 0] += 1
    }

    /// What the import says about the rules: how many findings each settled, and which expired.
    var notes: [String] {
        rules.compactMap { rule in
            settled[rule.number].map { "\(rule.name) in config.yml settled \($0) finding\($0 == 1 ? "" : "s") as \(rule.status.rawValue)" }
        } + expired.map { rule in
            "\(rule.name) in config.yml expired on \(rule.expires ?? "?"): its results are filed as usual; renew or remove it"
        }
    }
}
