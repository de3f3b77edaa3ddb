/// Whole numbers from config files that must lie in a range.
///
/// A number in a committed config is input from whoever last edited it: one far outside what the
/// setting can mean (`sla_days: 9223372036854775807`) used to reach date arithmetic and crash every
/// command of everyone who pulled it. Reading it through this refuses it where it is parsed, so
/// `validate` and every command report the same `path:line: field: ...` message instead.
extension YAMLFields {
    func int(_ key: String, in range: ClosedRange<Int>, unit: String) throws -> Int? {
        guard let text = try string(key) else { return nil }
        let allowed = "allowed \(range.lowerBound)…\(range.upperBound) \(unit)"
        guard let value = Int(text) else {
            // All digits but no Int: a number too large for 64 bits, not a typo for a word.
            let digits = text.drop { $0 == "-" || $0 == "+" }
            if !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) {
                throw problem(key, "\(text) is out of range: \(allowed)")
            }
            throw problem(key, "expected a whole number, found '\(text)'")
        }
        guard range.contains(value) else { throw problem(key, "\(value) is out of range: \(allowed)") }
        return value
    }
}
