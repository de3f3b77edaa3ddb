import Foundation
import SecIssueKit

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

    static func matches(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, in table: [Int: [Int]],
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
