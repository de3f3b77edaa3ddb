import Foundation

/// The numbers `stats` should give, computed here from plain git (`git log --first-parent`,
/// `git ls-tree`, `git cat-file`) and the front matter lines of each finding version, without
/// the tool's reader: what the stats tests compare against.
struct GitHistoryTruth {
    static let severities = ["critical", "high", "medium", "low", "info"]
    static let slaDays: [String: Int64] = ["critical": 7, "high": 30, "medium": 90, "low": 180]

    struct Version { let status: String; let severity: String; var active: Bool { status == "open" || status == "confirmed" } }
    struct Fix { let severity: String; let seconds: Int64 }

    /// (time, changes) per first-parent commit that changed .security/findings, oldest first.
    var steps: [(time: Int64, changes: [(id: String, version: Version?)])] = []

    init(sandbox: Sandbox, repo: String) throws {
        let log = try sandbox.git("log", "--first-parent", "--reverse", "--format=%H %at", "--", ".security/findings", in: repo)
        var previous: [String: String] = [:]
        var versions: [String: Version] = [:]
        for line in log.split(separator: "\n") {
            let parts = line.split(separator: " ")
            let commit = String(parts[0]), time = Int64(parts[1])!
            var blobs: [String: String] = [:]
            for entry in try sandbox.git("ls-tree", "-r", commit, ".security/findings/", in: repo).split(separator: "\n") {
                // <mode> blob <id>\t<path>
                let fields = entry.split(separator: "\t")
                let name = (String(fields[1]) as NSString).lastPathComponent
                guard name.hasSuffix(".md") else { continue }
                blobs[String(name.dropLast(3))] = String(fields[0].split(separator: " ")[2])
            }
            var changes: [(String, Version?)] = []
            for id in Set(blobs.keys).union(previous.keys).sorted() where blobs[id] != previous[id] {
                guard let blob = blobs[id] else { changes.append((id, nil)); continue }
                if versions[blob] == nil {
                    let text = try sandbox.git("cat-file", "-p", blob, in: repo)
                    func field(_ name: String) -> String {
                        text.split(separator: "\n").first { $0.hasPrefix(name + ": ") }.map { String($0.dropFirst(name.count + 2)) } ?? ""
                    }
                    versions[blob] = Version(status: field("status"), severity: field("severity"))
                }
                changes.append((id, versions[blob]))
            }
            previous = blobs
            steps.append((time, changes))
        }
    }

    struct Expected {
        var periods: [(open: [String: Int], new: Int, fixed: Int)] = []
        var open: [String: Int] = [:]
        var overdue: [String: Int] = [:]
        var fixes: [Fix] = []
        var ages: [Int] = [0, 0, 0, 0, 0, 0]
    }

    /// The numbers for weeks starting at `start` (a Monday), up to `until` (included).
    func expected(start: Int64, until: Int64) -> Expected {
        var result = Expected()
        var state: [String: Version] = [:]
        var firstSeen: [String: Int64] = [:]
        var periodEnd = start + 7 * 86_400
        var current = (open: [String: Int](), new: 0, fixed: 0)
        func openCounts() -> [String: Int] {
            var counts: [String: Int] = [:]
            for version in state.values where version.active { counts[version.severity, default: 0] += 1 }
            return counts
        }
        for step in steps where step.time <= until {
            while step.time >= periodEnd {
                current.open = openCounts()
                result.periods.append(current)
                current = ([:], 0, 0)
                periodEnd += 7 * 86_400
            }
            for (id, version) in step.changes {
                let old = state[id]
                if let version {
                    if firstSeen[id] == nil {
                        firstSeen[id] = step.time
                        if step.time >= start { current.new += 1 }
                    }
                    if version.status == "fixed", let old, old.status != "fixed" {
                        if step.time >= start {
                            current.fixed += 1
                            result.fixes.append(Fix(severity: version.severity, seconds: step.time - firstSeen[id]!))
                        }
                    }
                }
                state[id] = version
            }
        }
        while periodEnd - 7 * 86_400 <= until {
            current.open = openCounts()
            result.periods.append(current)
            current = ([:], 0, 0)
            periodEnd += 7 * 86_400
        }
        result.open = openCounts()
        for (id, version) in state where version.active {
            let seen = firstSeen[id]!
            if let days = Self.slaDays[version.severity], seen + days * 86_400 < until { result.overdue[version.severity, default: 0] += 1 }
            let age = (until - seen) / 86_400
            result.ages[[7, 30, 90, 180, 365].firstIndex { age <= $0 } ?? 5] += 1
        }
        return result
    }
}
