/// A Maven version as Maven's `ComparableVersion` orders it: items split on `.`, `-` and
/// digit/letter changes, `-` opening a sub-list; qualifiers alpha < beta < milestone < rc (cr) <
/// snapshot < release (``, ga, final, release) < sp, unknown qualifiers after them alphabetically;
/// trailing zeros and release qualifiers dropped, so `1.0 == 1 == 1.0.0-ga`.
public struct MavenVersion: Comparable, Sendable {
    indirect enum Item: Sendable {
        case number(Numeral)
        case text(String)
        case list([Item])
    }

    let items: [Item]

    /// Every string parses (Maven accepts any); nil only for empty text.
    public init?(_ text: String) {
        let version = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !version.isEmpty else { return nil }
        items = Self.parse(Array(version))
    }

    private static let qualifiers = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"]
    private static let aliases = ["ga": "", "final": "", "release": "", "cr": "rc"]

    private static func qualifier(_ text: String, followedByDigit: Bool) -> String {
        var value = text
        if followedByDigit && value.count == 1 {
            value = ["a": "alpha", "b": "beta", "m": "milestone"][value] ?? value
        }
        return aliases[value] ?? value
    }

    /// The qualifier's rank as Maven compares it: a known one by position, others after all of them.
    private static func comparable(_ qualifier: String) -> String {
        if let index = qualifiers.firstIndex(of: qualifier) { return String(index) }
        return "\(qualifiers.count)-\(qualifier)"
    }

    private static func item(_ text: String, isDigit: Bool, followedByDigit: Bool = false) -> Item {
        isDigit ? .number(Numeral(text) ?? .zero) : .text(qualifier(text, followedByDigit: followedByDigit))
    }

    /// Maven 3's parseVersion: a stack of lists, each normalised at the end.
    private static func parse(_ chars: [Character]) -> [Item] {
        // Lists are built as arrays of indices into `lists`, then assembled.
        var lists: [[ItemOrList]] = [[]]
        var stack = [0]
        var current = 0
        var isDigit = false
        var start = 0
        func substring(_ from: Int, _ to: Int) -> String { String(chars[from..<to]) }
        func openList() {
            lists.append([])
            lists[current].append(.list(lists.count - 1))
            current = lists.count - 1
            stack.append(current)
        }
        for (index, char) in chars.enumerated() {
            if char == "." {
                lists[current].append(.item(index == start ? .number(.zero) : item(substring(start, index), isDigit: isDigit)))
                start = index + 1
            } else if char == "-" {
                lists[current].append(.item(index == start ? .number(.zero) : item(substring(start, index), isDigit: isDigit)))
                start = index + 1
                openList()
            } else if char.isASCIIDigit {
                if !isDigit && index > start {
                    lists[current].append(.item(item(substring(start, index), isDigit: false, followedByDigit: true)))
                    start = index
                    openList()
                }
                isDigit = true
            } else {
                if isDigit && index > start {
                    lists[current].append(.item(item(substring(start, index), isDigit: true)))
                    start = index
                    openList()
                }
                isDigit = false
            }
        }
        if chars.count > start {
            lists[current].append(.item(item(substring(start, chars.count), isDigit: isDigit)))
        }
        func build(_ index: Int) -> [Item] {
            var items: [Item] = lists[index].map { entry in
                switch entry {
                case .item(let item): return item
                case .list(let child): return .list(build(child))
                }
            }
            // normalize(): drop trailing null items (0, release qualifiers, empty lists) back to the last list.
            var position = items.count - 1
            while position >= 0 {
                if isNull(items[position]) {
                    items.remove(at: position)
                } else if case .list = items[position] {
                } else {
                    break
                }
                position -= 1
            }
            return items
        }
        return build(0)
    }

    private enum ItemOrList {
        case item(Item)
        case list(Int)
    }

    private static func isNull(_ item: Item) -> Bool {
        switch item {
        case .number(let value): return value.isZero
        case .text(let value): return comparable(value) == comparable("")
        case .list(let items): return items.isEmpty
        }
    }

    /// ComparableVersion's Item.compareTo, with nil for "no item".
    private static func compare(_ lhs: Item?, _ rhs: Item?) -> Int {
        switch (lhs, rhs) {
        case (nil, nil): return 0
        case (nil, let right?): return -compare(right, nil)
        case (.number(let a)?, nil): return a.isZero ? 0 : 1
        case (.number(let a)?, .number(let b)?): return order(a, b)
        case (.number?, .text?), (.number?, .list?): return 1
        case (.text(let a)?, nil): return order(comparable(a), comparable(""))
        case (.text?, .number?): return -1
        case (.text(let a)?, .text(let b)?): return order(comparable(a), comparable(b))
        case (.text?, .list?): return -1
        case (.list(let items)?, nil): return items.isEmpty ? 0 : compare(items[0], nil)
        case (.list?, .number?): return -1
        case (.list?, .text?): return 1
        case (.list(let a)?, .list(let b)?): return compareLists(a, b)
        }
    }

    private static func compareLists(_ a: [Item], _ b: [Item]) -> Int {
        for index in 0..<max(a.count, b.count) {
            let result = compare(index < a.count ? a[index] : nil, index < b.count ? b[index] : nil)
            if result != 0 { return result }
        }
        return 0
    }

    /// The leading numbers (`1.2.3-rc1` -> 1, 2, 3), for prefix ranges.
    public var release: [Numeral] {
        var numbers: [Numeral] = []
        for item in items {
            guard case .number(let value) = item else { break }
            numbers.append(value)
        }
        return numbers
    }

    public static func compare(_ lhs: MavenVersion, _ rhs: MavenVersion) -> Int { compareLists(lhs.items, rhs.items) }
    public static func < (lhs: MavenVersion, rhs: MavenVersion) -> Bool { compare(lhs, rhs) < 0 }
    public static func == (lhs: MavenVersion, rhs: MavenVersion) -> Bool { compare(lhs, rhs) == 0 }
}
