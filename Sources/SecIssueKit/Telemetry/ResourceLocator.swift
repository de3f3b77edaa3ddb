import Foundation
import SecIssueGit

/// Finds where a commit defines the resources telemetry names (security groups, buckets, trails,
/// IAM names, routes such as `/search`), so that a finding points at the code that owns them.
/// Every text file is read once and all resources are looked for together: a cloud id or name
/// as a whole token, a route as a quoted string (route parameters in any framework's spelling
/// match each other) or an nginx `location`. Of all the places a resource appears, the best is
/// kept: a definition (`name = "web-sg"`, `GroupName: web-sg`, `@app.route("/search")`) before
/// a mention, infrastructure code (Terraform, CloudFormation, CDK) before other code, and both
/// before documentation and tests; then the first file in path order and its first line.
public enum ResourceLocator {
    /// Files larger than this are not read.
    public static let sizeLimit = 1 << 20

    /// Directories that hold other projects' files, build output or the findings themselves.
    static let skippedDirectories: Set<String> = [
        ".security", ".git", "node_modules", "vendor", "third_party", "third-party", "bower_components", "Pods",
        ".build", ".terraform", ".venv", "venv", "site-packages", "__pycache__"]

    public static func locate(_ resources: Set<String>, in repository: Repository, commit: ObjectID) throws -> [String: Finding.Location] {
        try locate(resources, in: repository, tree: repository.tree(ofCommit: commit))
    }

    /// The best place of each resource that appears under `tree`; resources found nowhere are left out.
    public static func locate(_ resources: Set<String>, in repository: Repository, tree: ObjectID) throws -> [String: Finding.Location] {
        var search = ResourceSearch(resources)
        guard !search.isEmpty else { return [:] }
        for file in try files(in: repository, tree: tree) where ResourceSearch.worthReading(file.path) {
            // A submodule is an entry without a blob: there is nothing to read.
            guard let bytes = try? repository.blob(file.id) else { continue }
            search.scan(path: file.path, bytes)
            if search.isSettled { break }
        }
        return search.locations
    }

    /// Every file under `tree` with its blob, sorted by path, outside `skippedDirectories`.
    static func files(in repository: Repository, tree: ObjectID) throws -> [(path: String, id: ObjectID)] {
        var files: [(path: String, id: ObjectID)] = []
        var pending: [(prefix: String, tree: ObjectID)] = [("", tree)]
        while let (prefix, current) = pending.popLast() {
            for entry in try repository.entries(at: "", in: current) ?? [] {
                if entry.isTree {
                    if !skippedDirectories.contains(entry.name) { pending.append((prefix + entry.name + "/", entry.id)) }
                } else {
                    files.append((prefix + entry.name, entry.id))
                }
            }
        }
        return files.sorted { $0.path < $1.path }
    }
}

/// The state of one search: the resources as byte needles keyed by hash, and the best place
/// found so far for each. Fed file after file in path order.
struct ResourceSearch {
    private struct Needle {
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

extension ResourceSearch {
    /// Files that cannot define a resource: media, archives, compiled code and lock files.
    static let skippedExtensions: Set<String> = [
        "png", "jpg", "jpeg", "gif", "webp", "ico", "bmp", "tiff", "svg", "pdf", "zip", "gz", "tgz", "bz2", "xz", "7z",
        "jar", "war", "class", "so", "dylib", "dll", "exe", "o", "a", "pyc", "woff", "woff2", "ttf", "otf", "eot",
        "mp3", "mp4", "mov", "avi", "wasm", "lock", "sum", "map"]
    static let lockFiles: Set<String> = ["package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "Package.resolved"]

    static func worthReading(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if lockFiles.contains(name) || name.hasSuffix(".min.js") { return false }
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return true }
        return !skippedExtensions.contains(name[name.index(after: dot)...].lowercased())
    }

    static let documentExtensions: Set<String> = ["md", "markdown", "rst", "txt", "adoc"]
    static let asideDirectories: Set<String> = ["test", "tests", "spec", "specs", "__tests__", "testdata", "fixtures", "e2e", "docs", "doc"]

    /// Documentation and tests: a resource named there is only a reference to it.
    static func isAside(_ path: String) -> Bool {
        let parts = path.lowercased().split(separator: "/")
        guard let name = parts.last else { return false }
        if parts.dropLast().contains(where: { asideDirectories.contains(String($0)) }) { return true }
        if let dot = name.lastIndex(of: "."), documentExtensions.contains(String(name[name.index(after: dot)...])) { return true }
        return name.hasPrefix("test_") || name.contains(".test.") || name.contains(".spec.") || name.contains("_test.")
    }

    static let infrastructureExtensions: Set<String> = ["tf", "tfvars", "hcl", "yaml", "yml", "template"]
    static let templateMarkers = [Array("AWSTemplateFormatVersion".utf8), Array("\"AWS::".utf8)]
    static let cdkMarkers = [Array("aws-cdk".utf8), Array("aws_cdk".utf8), Array("pulumi".utf8)]
    static let cdkExtensions: Set<String> = ["ts", "js", "mjs", "py", "java", "go", "cs"]

    /// Terraform, YAML, CloudFormation JSON and CDK (or Pulumi) programs.
    static func isInfrastructure(_ path: String, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let dot = path.lastIndex(of: ".") else { return false }
        let ext = path[path.index(after: dot)...].lowercased()
        if infrastructureExtensions.contains(ext) { return true }
        let all = 0..<text.count
        if ext == "json" { return templateMarkers.contains { contains(text, all, $0) } }
        return cdkExtensions.contains(ext) && cdkMarkers.contains { contains(text, all, $0) }
    }

    /// Keys whose value names the thing being defined: `name`, `GroupName`, `bucket_name`, `KeyId`, `policy_arn`…
    static let definingKeys: Set<String> = ["bucket", "alias", "trail", "group", "role", "user", "policy"]

    /// True when the token at `token` is what its line defines: the value of a naming key
    /// (`name = "web-sg"`, `GroupName: web-sg`, `"BucketName": "logs"`, `bucketName: 'logs'`),
    /// a Terraform block label (`resource "aws_s3_bucket" "logs"`) or a YAML mapping key.
    static func isDefinition(_ text: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, _ token: Range<Int>) -> Bool {
        var index = token.lowerBound - 1
        let quoted = index >= line.lowerBound && isQuote(text[index])
        if quoted { index -= 1 }
        var first = line.lowerBound
        while first < line.upperBound, text[first] == 0x20 || text[first] == 0x09 { first += 1 }
        if quoted, startsWith(text, first..<line.upperBound, ["resource ", "data ", "module "]) { return true }
        var after = token.upperBound
        if after < line.upperBound, isQuote(text[after]) { after += 1 }
        if after < line.upperBound, text[after] == UInt8(ascii: ":") {
            var lead = first
            if lead < line.upperBound, text[lead] == UInt8(ascii: "-") { lead += 1 }
            while lead < line.upperBound, text[lead] == 0x20 { lead += 1 }
            if lead == token.lowerBound - (quoted ? 1 : 0) { return true }
        }
        while index >= line.lowerBound, text[index] == 0x20 || text[index] == 0x09 { index -= 1 }
        guard index >= line.lowerBound else { return false }
        let sign = text[index]
        guard sign == UInt8(ascii: ":") || sign == UInt8(ascii: "=") else { return false }
        if sign == UInt8(ascii: "="), index > line.lowerBound, [UInt8]("=!<>".utf8).contains(text[index - 1]) { return false }
        index -= 1
        while index >= line.lowerBound, text[index] == 0x20 || text[index] == 0x09 { index -= 1 }
        if index >= line.lowerBound, isQuote(text[index]) { index -= 1 }
        var key: [UInt8] = []
        while index >= line.lowerBound, isTokenByte(text[index], wide: false) {
            let byte = text[index]
            if byte != UInt8(ascii: "_"), byte != UInt8(ascii: "-") { key.append(byte | 0x20) }
            index -= 1
        }
        let name = String(decoding: key.reversed(), as: UTF8.self)
        return name.hasSuffix("name") || name.hasSuffix("id") || name.hasSuffix("arn") || definingKeys.contains(name)
    }

    static let routeMarkers = [".route(", ".get(", ".post(", ".put(", ".patch(", ".delete(", ".all(", ".use(", ".options(",
                               ".head(", "path(", "Mapping(", ".HandleFunc(", ".Handle(", ".GET(", ".POST(", ".PUT(",
                               ".DELETE(", ".PATCH(", "@Path(", "Route(", ".add_url_rule(", ".add_api_route(", ".websocket("]
        .map { Array($0.utf8) }
    static let djangoPath = Array("path(".utf8)

    /// True when the text before a quoted route declares it (`@app.route(`, `router.get(`, `path(`…).
    static func declaresRoute(_ text: UnsafeBufferPointer<UInt8>, _ before: Range<Int>) -> Bool {
        routeMarkers.contains { contains(text, before, $0) }
    }

    /// The path of an nginx `location` line (`location /search {`, `location = /login`); nil for
    /// other lines and for regular-expression locations.
    static func nginxLocation(_ text: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Substring? {
        var first = line.lowerBound
        while first < line.upperBound, text[first] == 0x20 || text[first] == 0x09 { first += 1 }
        guard startsWith(text, first..<line.upperBound, ["location "]) else { return nil }
        let words = String(decoding: UnsafeBufferPointer(rebasing: text[first..<line.upperBound]), as: UTF8.self)
            .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "{" }).dropFirst()
        guard let word = words.first(where: { $0 != "=" && $0 != "^~" }), word.hasPrefix("/") else { return nil }
        return word
    }

    /// The key a route is compared by: without query, fragment and trailing slash, and with every
    /// parameter (`<int:id>`, `:id`, `{id}`, `*`, a number or an id) as `{}`. Nil for `/` alone.
    static func routeKey(_ route: Substring) -> String? {
        var path = route.prefix { $0 != "?" && $0 != "#" }
        while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
        guard path.hasPrefix("/"), path.count > 1, !path.contains(where: { $0 == " " || $0 == "\t" }) else { return nil }
        let segments = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map { segment -> Substring in
            isParameter(segment) ? "{}" : segment
        }
        return "/" + segments.joined(separator: "/")
    }

    private static func isParameter(_ segment: Substring) -> Bool {
        guard let first = segment.first else { return false }
        if ":<{*".contains(first) || segment.hasSuffix("}") { return true }
        if segment.allSatisfy(\.isNumber) { return true }
        return segment.count >= 16 && segment.allSatisfy { $0.isHexDigit || $0 == "-" } && segment.contains(where: \.isNumber)
    }

    /// Identifier bytes: letters, digits, `_` and `-`; `.` joins them; ARNs also take `:` and `/`.
    static func isTokenByte(_ byte: UInt8, wide: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."):
            return true
        case UInt8(ascii: ":"), UInt8(ascii: "/"):
            return wide
        default:
            return false
        }
    }

    /// A needle that tokens can match: identifier bytes and inner dots only.
    static func isToken(_ bytes: [UInt8]) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy { isTokenByte($0, wide: false) } && bytes.first != 0x2E && bytes.last != 0x2E
    }

    private static func isQuote(_ byte: UInt8) -> Bool { byte == 0x22 || byte == 0x27 || byte == 0x60 }

    /// FNV-1a, so that a token is looked up without making a string of it.
    static func hash(_ bytes: some Collection<UInt8>) -> Int {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: value)
    }

    private static func matches(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, in table: [Int: [Int]],
                                _ needles: [Needle]) -> [Int] {
        guard let candidates = table[hash(UnsafeBufferPointer(rebasing: text[range]))] else { return [] }
        return candidates.filter { needles[$0].bytes.elementsEqual(UnsafeBufferPointer(rebasing: text[range])) }
    }

    static func contains(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ needle: [UInt8]) -> Bool {
        guard let head = needle.first, range.count >= needle.count else { return false }
        var index = range.lowerBound
        let last = range.upperBound - needle.count
        while index <= last {
            if text[index] == head, UnsafeBufferPointer(rebasing: text[index..<(index + needle.count)]).elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    private static func startsWith(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ prefixes: [String]) -> Bool {
        prefixes.contains { prefix in
            range.count >= prefix.utf8.count
                && UnsafeBufferPointer(rebasing: text[range.lowerBound..<(range.lowerBound + prefix.utf8.count)]).elementsEqual(prefix.utf8)
        }
    }
}
