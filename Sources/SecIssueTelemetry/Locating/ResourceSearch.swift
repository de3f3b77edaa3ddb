import Foundation
import SecIssueKit

/// The state of one search: the resources as byte needles keyed by hash, and the best place
/// found so far for each. Fed file after file in path order.
struct ResourceSearch {
    struct Needle {
        let resource: String
        let bytes: [UInt8]
        /// False for a name taken from an ARN, which only counts where it is defined.
        let exact: Bool
    }

    private struct Place {
        /// 0 (a definition in infrastructure code) to 5 (a mention in documentation or a test).
        let score: Int
        let exact: Bool
        let location: Finding.Location

        func isBetter(than other: Place) -> Bool {
            (score, exact ? 0 : 1) < (other.score, other.exact ? 0 : 1)
        }
    }

    private var needles: [Needle] = []
    /// Needles matched against tokens of identifier characters (and dots within them).
    private var words: [Int: [Int]] = [:]
    /// ARN needles, matched against tokens that may also hold `:` and `/`.
    private var arns: [Int: [Int]] = [:]
    /// Needles with other characters, matched against whole quoted strings.
    private var quoted: [Int: [Int]] = [:]
    /// Route keys (`/users/{}`) and the resources that have them.
    private var routes: [String: [String]] = [:]
    /// Hashes of the first segment of each route key, to pass over most quoted strings at once.
    private var routeHeads: Set<Int> = []
    /// A wanted route starts with a parameter, so no quoted string can be passed over by its first segment.
    private var routeHeadIsParameter = false
    private var best: [String: Place] = [:]
    private let wanted: Int
    /// Which token lengths a needle has, so that most tokens are passed over without hashing.
    private let lengths: [Bool]

    init(_ resources: Set<String>) {
        var needles: [Needle] = []
        var words: [Int: [Int]] = [:], arns: [Int: [Int]] = [:], quoted: [Int: [Int]] = [:]
        func add(_ needle: Needle, to table: inout [Int: [Int]]) {
            table[Self.hash(needle.bytes), default: []].append(needles.count)
            needles.append(needle)
        }
        var wanted = 0
        for resource in resources.sorted() {
            if resource.hasPrefix("/") {
                if let key = Self.routeKey(Substring(resource)) {
                    routes[key, default: []].append(resource)
                    let head = key.dropFirst().prefix { $0 != "/" }
                    if head == "{}" { routeHeadIsParameter = true } else { routeHeads.insert(Self.hash(Array(head.utf8))) }
                    wanted += 1
                }
                continue
            }
            let bytes = Array(resource.utf8)
            guard !bytes.isEmpty, bytes.count <= 512 else { continue }
            wanted += 1
            if resource.hasPrefix("arn:") {
                add(Needle(resource: resource, bytes: bytes, exact: true), to: &arns)
                if let cut = bytes.lastIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ":") }),
                   case let name = Array(bytes[(cut + 1)...]), Self.isToken(name) {
                    add(Needle(resource: resource, bytes: name, exact: false), to: &words)
                }
            } else if Self.isToken(bytes) {
                add(Needle(resource: resource, bytes: bytes, exact: true), to: &words)
            } else {
                add(Needle(resource: resource, bytes: bytes, exact: true), to: &quoted)
            }
        }
        var lengths = [Bool](repeating: false, count: 513)
        for needle in needles { lengths[needle.bytes.count] = true }
        (self.needles, self.words, self.arns, self.quoted, self.wanted, self.lengths) = (needles, words, arns, quoted, wanted, lengths)
    }

    var isEmpty: Bool { wanted == 0 }

    /// True once every resource has a place nothing can beat.
    var isSettled: Bool { best.count == wanted && best.values.allSatisfy { $0.score == 0 && $0.exact } }

    var locations: [String: Finding.Location] { best.mapValues(\.location) }

    /// Looks for every needle in one file; binary files and files over the size limit are passed over.
    mutating func scan(path: String, _ bytes: [UInt8]) {
        guard bytes.count <= ResourceLocator.sizeLimit else { return }
        let aside = Self.isAside(path)
        var infrastructure: Bool?
        bytes.withUnsafeBufferPointer { text in
            guard let base = text.baseAddress.map(UnsafeRawPointer.init), memchr(base, 0, min(text.count, 8192)) == nil else { return }
            var file = FileScan(path: path, text: text, aside: aside)
            var start = 0
            var number = 0
            while start < text.count {
                let newline = memchr(base + start, 0x0A, text.count - start)
                let end = newline.map { base.distance(to: UnsafeRawPointer($0)) } ?? text.count
                number += 1
                file.line = start..<(end > start && text[end - 1] == 0x0D ? end - 1 : end)
                file.number = number
                scanLine(&file, infrastructure: &infrastructure)
                start = end + 1
            }
        }
    }

    /// What `scan` knows about the file and line at hand.
    private struct FileScan {
        let path: String
        let text: UnsafeBufferPointer<UInt8>
        let aside: Bool
        var line = 0..<0
        var number = 0
    }

    private mutating func scanLine(_ file: inout FileScan, infrastructure: inout Bool?) {
        let text = file.text
        let line = file.line
        if !words.isEmpty {
            for (needle, definition) in tokens(in: file, wide: false) { record(needle, definition: definition, file, &infrastructure) }
        }
        if !arns.isEmpty {
            for (needle, definition) in tokens(in: file, wide: true) { record(needle, definition: definition, file, &infrastructure) }
        }
        guard !routes.isEmpty || !quoted.isEmpty else { return }
        if !routes.isEmpty, let path = Self.nginxLocation(text, line) {
            offerRoute(path, declared: true, file)
        }
        var djangoLine: Bool?
        var index = line.lowerBound
        while index < line.upperBound {
            let quote = text[index]
            guard quote == 0x22 || quote == 0x27 || quote == 0x60 else { index += 1; continue }
            guard let close = text[(index + 1)..<line.upperBound].firstIndex(of: quote) else { break }
            let content = (index + 1)..<close
            if !quoted.isEmpty {
                for needle in Self.matches(text, content, in: quoted, needles) {
                    let definition = Self.isDefinition(text, line, content)
                    record(needle, definition: definition, file, &infrastructure)
                }
            }
            if !routes.isEmpty, !content.isEmpty {
                if text[content.lowerBound] == UInt8(ascii: "/") {
                    quotedRoute(content, slash: false, before: line.lowerBound..<index, file)
                } else {
                    // Django writes its routes without the leading slash: path("users/<int:id>/", ...).
                    if djangoLine == nil { djangoLine = Self.contains(text, line, Self.djangoPath) }
                    if djangoLine == true { quotedRoute(content, slash: true, before: line.lowerBound..<index, file) }
                }
            }
            index = close + 1
        }
    }

    /// The needles matching a token of the line, and whether the line defines that token.
    private func tokens(in file: FileScan, wide: Bool) -> [(needle: Int, definition: Bool)] {
        var found: [(needle: Int, definition: Bool)] = []
        let text = file.text
        let table = wide ? arns : words
        var index = file.line.lowerBound
        let end = file.line.upperBound
        while index < end {
            guard Self.isTokenByte(text[index], wide: wide) else { index += 1; continue }
            var stop = index
            while stop < end, Self.isTokenByte(text[stop], wide: wide) { stop += 1 }
            var first = index
            var last = stop
            // Dots (and for ARNs colons and slashes) only join words, they do not end a token.
            while first < last, !Self.isTokenByte(text[first], wide: false) || text[first] == 0x2E { first += 1 }
            while last > first, !Self.isTokenByte(text[last - 1], wide: false) || text[last - 1] == 0x2E { last -= 1 }
            if first < last, last - first < lengths.count, lengths[last - first] {
                for needle in Self.matches(text, first..<last, in: table, needles) {
                    found.append((needle, Self.isDefinition(text, file.line, first..<last)))
                }
            }
            index = stop
        }
        return found
    }

    private mutating func record(_ index: Int, definition: Bool, _ file: FileScan, _ infrastructure: inout Bool?) {
        let needle = needles[index]
        guard needle.exact || definition else { return }
        if infrastructure == nil { infrastructure = Self.isInfrastructure(file.path, file.text) }
        let score = file.aside ? (definition ? 4 : 5) : (definition ? 0 : 2) + (infrastructure! ? 0 : 1)
        keep(needle.resource, Place(score: score, exact: needle.exact, location: Finding.Location(path: file.path, line: file.number)))
    }

    /// Offers a quoted string that may be a route; whether the line declares it is only worked out
    /// for strings that match a wanted route, since most quoted strings do not.
    private mutating func quotedRoute(_ content: Range<Int>, slash: Bool, before: Range<Int>, _ file: FileScan) {
        let text = file.text
        let start = content.lowerBound + (slash ? 0 : 1)
        var end = start
        while end < content.upperBound, text[end] != UInt8(ascii: "/"), text[end] != UInt8(ascii: "?"), text[end] != UInt8(ascii: "#") { end += 1 }
        let head = UnsafeBufferPointer(rebasing: text[start..<end])
        guard routeHeadIsParameter || head.first.map({ ":<{*0123456789".utf8.contains($0) }) == true
                || routeHeads.contains(Self.hash(head)) else { return }
        let route = Substring(decoding: UnsafeBufferPointer(rebasing: text[content]), as: UTF8.self)
        guard let key = Self.routeKey(slash ? "/" + route : route), routes[key] != nil else { return }
        offerRoute(key: key, declared: slash || Self.declaresRoute(text, before), file)
    }

    private mutating func offerRoute(_ text: Substring, declared: Bool, _ file: FileScan) {
        if let key = Self.routeKey(text) { offerRoute(key: key, declared: declared, file) }
    }

    private mutating func offerRoute(key: String, declared: Bool, _ file: FileScan) {
        guard let resources = routes[key] else { return }
        let score = (file.aside ? 4 : 0) + (declared ? 0 : 2)
        for resource in resources {
            keep(resource, Place(score: score, exact: true, location: Finding.Location(path: file.path, line: file.number)))
        }
    }

    private mutating func keep(_ resource: String, _ place: Place) {
        if let current = best[resource], !place.isBetter(than: current) { return }
        best[resource] = place
    }
}
