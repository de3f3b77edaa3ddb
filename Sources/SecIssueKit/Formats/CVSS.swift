import Foundation

/// CVSS base scores computed from their vectors (FIRST's specifications), so a finding's
/// severity comes from the vector an advisory publishes rather than from a label.
public enum CVSS {
    /// The base score of a v3.0 or v3.1 vector (`CVSS:3.1/AV:N/AC:L/...`), or a v2 vector
    /// (`AV:N/AC:L/Au:N/C:P/I:P/A:P`); nil for a malformed vector or another version (v4's
    /// score needs its macro-vector table, which is not implemented: callers fall back).
    public static func baseScore(_ vector: String) -> Double? {
        let trimmed = vector.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("CVSS:3.") { return v3(trimmed) }
        if trimmed.hasPrefix("CVSS:") { return nil }
        return v2(trimmed.hasPrefix("(") ? String(trimmed.dropFirst().dropLast()) : trimmed)
    }

    /// The qualitative rating of a score (CVSS v3's table; 0 is `info`).
    public static func severity(score: Double) -> Severity {
        switch score {
        case 9.0...: return .critical
        case 7.0..<9.0: return .high
        case 4.0..<7.0: return .medium
        case let value where value > 0: return .low
        default: return .info
        }
    }

    /// The metrics of a vector, each once; nil when a part is not `Name:Value` or repeats.
    private static func metrics(_ parts: some Sequence<Substring>) -> [String: String]? {
        var metrics: [String: String] = [:]
        for part in parts {
            let pair = part.split(separator: ":", maxSplits: 1)
            guard pair.count == 2, metrics.updateValue(String(pair[1]), forKey: String(pair[0])) == nil else { return nil }
        }
        return metrics
    }

    private static func v3(_ vector: String) -> Double? {
        let parts = vector.split(separator: "/")
        guard let version = parts.first, let metrics = metrics(parts.dropFirst()) else { return nil }
        let changed: Bool
        switch metrics["S"] {
        case "U": changed = false
        case "C": changed = true
        default: return nil
        }
        guard let av = ["N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2][metrics["AV"] ?? ""],
              let ac = ["L": 0.77, "H": 0.44][metrics["AC"] ?? ""],
              let pr = (changed ? ["N": 0.85, "L": 0.68, "H": 0.5] : ["N": 0.85, "L": 0.62, "H": 0.27])[metrics["PR"] ?? ""],
              let ui = ["N": 0.85, "R": 0.62][metrics["UI"] ?? ""] else { return nil }
        let cia = ["H": 0.56, "L": 0.22, "N": 0.0]
        guard let c = cia[metrics["C"] ?? ""], let i = cia[metrics["I"] ?? ""], let a = cia[metrics["A"] ?? ""] else { return nil }
        let iss = 1 - (1 - c) * (1 - i) * (1 - a)
        let impact = changed ? 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15) : 6.42 * iss
        let exploitability = 8.22 * av * ac * pr * ui
        guard impact > 0 else { return 0 }
        let raw = changed ? min(1.08 * (impact + exploitability), 10) : min(impact + exploitability, 10)
        return version == "CVSS:3.0" ? (raw * 10).rounded(.up) / 10 : roundUp(raw)
    }

    /// CVSS v3.1's Roundup: the smallest one-decimal number not below the input, computed on
    /// integers so that floating-point noise (4.000000001) does not round up.
    static func roundUp(_ value: Double) -> Double {
        let integer = Int((value * 100_000).rounded())
        return integer % 10_000 == 0 ? Double(integer) / 100_000 : (Double(integer / 10_000) + 1) / 10
    }

    private static func v2(_ vector: String) -> Double? {
        guard let metrics = metrics(vector.split(separator: "/")),
              let av = ["L": 0.395, "A": 0.646, "N": 1.0][metrics["AV"] ?? ""],
              let ac = ["H": 0.35, "M": 0.61, "L": 0.71][metrics["AC"] ?? ""],
              let au = ["M": 0.45, "S": 0.56, "N": 0.704][metrics["Au"] ?? ""] else { return nil }
        let cia = ["N": 0.0, "P": 0.275, "C": 0.660]
        guard let c = cia[metrics["C"] ?? ""], let i = cia[metrics["I"] ?? ""], let a = cia[metrics["A"] ?? ""] else { return nil }
        let impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a))
        let exploitability = 20 * av * ac * au
        let score = (0.6 * impact + 0.4 * exploitability - 1.5) * (impact == 0 ? 0 : 1.176)
        return (score * 10).rounded() / 10
    }
}
