import Foundation
import Testing
@testable import SecIssueKit

@Suite("filters, globs and config")
struct FilterAndConfigTests {
    @Test("globs", arguments: [
        ("app/**", "app/a/b.py", true), ("app/**", "lib/a.py", false), ("**/*.py", "a.py", true), ("**/*.py", "x/y/a.py", true),
        ("*.py", "x/a.py", false), ("app/*.py", "app/a.py", true), ("app/?.py", "app/ab.py", false), ("[ab].txt", "b.txt", true),
        ("a+b(c).txt", "a+b(c).txt", true),
    ])
    func glob(pattern: String, path: String, matches: Bool) {
        #expect(Glob.matches(pattern, path) == matches)
    }

    @Test("config reads the template's values and reports bad fields with their line")
    func config() throws {
        let template = try #require(Templates.file("security/config.yml"))
        let config = try Config(yaml: String(decoding: template, as: UTF8.self))
        #expect(config.idPrefix == "SEC")
        #expect(config.slaDays[.critical] == 7 && config.slaDays[.low] == 180)
        #expect(config.slaDays[.info] == .some(nil))
        #expect(config.failOn == .high)
        let created = try #require(Timestamp.parse("2026-11-26T17:00:00Z"))
        #expect(config.dueDate(for: .high, created: created) == "2026-12-26")
        #expect(config.dueDate(for: .info, created: created) == nil)

        #expect {
            try Config(yaml: "id_prefix: SEC\nsla_days:\n  high: soon\n")
        } throws: { ($0 as? FileProblem)?.description == ".security/config.yml:3: sla_days.high: expected a whole number, found 'soon'" }
        #expect {
            try Config(yaml: "id_prefix: sec-1\n")
        } throws: { ($0 as? FileProblem)?.line == 1 }
    }

    @Test("only --all with no other criterion selects every finding without looking at them")
    func selectsEvery() {
        // A new criterion must turn `selectsEvery` off: this list changes with the filter's fields.
        let fields = Mirror(reflecting: FindingFilter()).children.compactMap(\.label)
        #expect(fields == ["statuses", "severities", "minSeverity", "tag", "pathGlob", "assignee", "all", "search", "tool",
                           "ruleGlob", "cwes", "overdueOn", "unassigned", "sort", "limit"])
        var filter = FindingFilter()
        #expect(!filter.selectsEvery)
        filter.all = true
        filter.sort = .path
        filter.limit = 3
        #expect(filter.selectsEvery)
        let criteria: [(inout FindingFilter) -> Void] = [
            { $0.statuses = [.open] }, { $0.severities = [.low] }, { $0.minSeverity = .low }, { $0.tag = "x" }, { $0.pathGlob = "*" },
            { $0.assignee = "a" }, { $0.search = "s" }, { $0.tool = "t" }, { $0.ruleGlob = "r" }, { $0.cwes = [1] },
            { $0.overdueOn = "2026-01-01" }, { $0.unassigned = true },
        ]
        for criterion in criteria {
            var narrowed = filter
            criterion(&narrowed)
            #expect(!narrowed.selectsEvery)
        }
    }

    @Test("assignees match by whole value, email or name, ignoring case")
    func samePerson() {
        #expect(FindingFilter.samePerson("Bob <bob@example.com>", "BOB@example.com"))
        #expect(FindingFilter.samePerson("Bob <bob@example.com>", "bob"))
        #expect(FindingFilter.samePerson("bob", "Bob"))
        #expect(!FindingFilter.samePerson("Bob <bob@example.com>", "bo"))
        #expect(!FindingFilter.samePerson(nil, "bob"))
    }

    @Test("the default list is the active findings, most severe first, then soonest due")
    func defaultOrder() {
        func finding(_ id: String, _ severity: Severity, _ status: Status, due: String?) -> Finding {
            var finding = Finding(id: id, title: id, status: status, severity: severity, created: "2026-01-01T00:00:00Z", reporter: "r")
            finding.due = due
            return finding
        }
        let findings = [finding("SEC-a", .low, .open, due: "2026-02-01"), finding("SEC-b", .critical, .fixed, due: nil),
                        finding("SEC-c", .high, .confirmed, due: "2026-03-01"), finding("SEC-d", .high, .open, due: "2026-02-01")]
        #expect(FindingFilter().apply(findings).map(\.id) == ["SEC-d", "SEC-c", "SEC-a"])
        var all = FindingFilter()
        all.all = true
        #expect(all.apply(findings).map(\.id) == ["SEC-b", "SEC-d", "SEC-c", "SEC-a"])
    }

    @Test("every order sorts as its keys compared as text would, whatever order the findings come in",
          arguments: FindingSort.allCases)
    func ordersByKeys(sort: FindingSort) {
        // Ties on every key but the ID, IDs out of order, a missing due date and location, non-ASCII text.
        let rows: [(String, Severity, String?, String, String?, Int?)] = [
            ("SEC-q", .high, "2026-02-01", "2026-01-02T00:00:00Z", "b.py", 3), ("SEC-b", .high, "2026-02-01", "2026-01-02T00:00:00Z", "b.py", 3),
            ("SEC-é", .low, nil, "2026-01-01T00:00:00Z", nil, nil), ("SEC-a", .critical, "2025-12-31", "2026-01-03T00:00:00Z", "a.py", nil),
            ("SEC-Z", .low, "2026-02-01", "2026-01-01T00:00:00Z", "é.py", 1), ("SEC-m", .high, "2026-01-15", "2026-01-02T00:00:00Z", "b.py", 2),
        ]
        let findings = rows.map { id, severity, due, time, path, line in
            var finding = Finding(id: id, title: id, status: .open, severity: severity, created: time, reporter: "r")
            finding.due = due
            finding.updated = time
            finding.location = path.map { Finding.Location(path: $0, line: line) }
            return finding
        }
        let expected: [String] = findings.sorted { a, b in
            switch sort {
            case .severity: return (a.severity.rank, a.due ?? "9999", a.id) < (b.severity.rank, b.due ?? "9999", b.id)
            case .due: return (a.due ?? "9999", a.severity.rank, a.id) < (b.due ?? "9999", b.severity.rank, b.id)
            case .age: return (a.created, a.id) < (b.created, b.id)
            case .path: return (a.location?.path ?? "\u{10FFFF}", a.location?.line ?? Int.max, a.id) < (b.location?.path ?? "\u{10FFFF}", b.location?.line ?? Int.max, b.id)
            case .updated: return (b.updated, a.id) < (a.updated, b.id)
            }
        }.map(\.id)
        var filter = FindingFilter()
        filter.sort = sort
        #expect(filter.apply(findings).map(\.id) == expected)
        #expect(filter.apply(findings.reversed()).map(\.id) == expected)
    }

    @Test("text keys become their places among the distinct values, in order or not")
    func ordinals() {
        #expect(FindingSort.ordinals(["a", "a", "b", "c"]) == [0, 0, 1, 2])
        #expect(FindingSort.ordinals(["c", "a", "b", "a", "é", "e"]) == [2, 0, 1, 0, 4, 3])
        #expect(FindingSort.ordinals([]) == [])
    }
}
