import Testing
@testable import SecIssueKit
@testable import SecIssueTelemetry

/// Collects what a reader reports, as `--matches` would see it.
final class AccessLogObservations: @unchecked Sendable {
    var observations: [Observation] = []
}

/// Runs `text` through an `AccessLogReader`, in chunks of `chunk` bytes (all at once when nil).
func ingestAccessLog(_ text: String, format: LogFormat = .combined, policy: TelemetryPolicy = TelemetryPolicy(),
            chunk: Int? = nil) throws -> (observations: [Observation], aggregate: TelemetryAggregate, stats: IngestStats) {
    var reader = AccessLogReader(format: format, policy: policy)
    var aggregate = TelemetryAggregate()
    let log = AccessLogObservations()
    aggregate.observer = { log.observations.append($0) }
    let bytes = Array(text.utf8)
    try bytes.withUnsafeBytes { all in
        let size = max(1, chunk ?? all.count)
        var start = 0
        while start < all.count {
            let end = min(all.count, start + size)
            try reader.consume(UnsafeRawBufferPointer(rebasing: all[start..<end]), into: &aggregate)
            start = end
        }
    }
    try reader.finish(into: &aggregate)
    return (log.observations, aggregate, reader.stats)
}

private func parse(_ line: String, _ format: LogFormat = .combined, fields: TelemetryPolicy.JSONLFields = .init()) -> AccessLogLine? {
    AccessLogLine.parse(Array(line.utf8)[...], format: format, fields: fields)
}

@Suite("access log lines")
struct AccessLogLineTests {
    @Test("a combined line: every field, the time converted to UTC")
    func combined() throws {
        let line = try #require(parse(#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a?b=c HTTP/1.1" 200 2326 "http://example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)""#))
        #expect(line == AccessLogLine(client: "127.0.0.1", time: 971_211_336, method: "GET", target: "/a?b=c", status: 200,
                                      userAgent: "Mozilla/4.08 [en] (Win98; I ;Nav)"))
    }

    @Test("a common line has no user agent; the combined parser wants one")
    func common() throws {
        let text = #"10.0.0.5 - - [27/Nov/2026:08:00:00 +0000] "POST /login HTTP/1.0" 401 -"#
        let line = try #require(parse(text, .common))
        #expect(line.userAgent == nil)
        #expect(line.status == 401)
        #expect(line.method == "POST")
        #expect(line.time == 1_795_766_400)
        #expect(parse(text, .combined) == nil)
    }

    @Test("time zones east and west of UTC, and a leap day", arguments: [
        ("27/Nov/2026:08:00:00 +0000", Int64(1_795_766_400)),
        ("27/Nov/2026:08:00:00 +0530", Int64(1_795_746_600)),
        ("27/Nov/2026:01:00:00 -0700", Int64(1_795_766_400)),
        ("29/Feb/2024:23:59:59 +0000", Int64(1_709_251_199)),
        ("01/Mar/2024:00:59:59 +0100", Int64(1_709_251_199)),
    ])
    func timeZones(stamp: String, expected: Int64) throws {
        let line = try #require(parse("1.2.3.4 - - [\(stamp)] \"GET / HTTP/1.1\" 200 1 \"-\" \"ua\""))
        #expect(line.time == expected)
    }

    @Test("nginx and Apache escapes inside quoted fields are undone")
    func escapes() throws {
        let line = try #require(parse(#"1.2.3.4 - - [27/Nov/2026:08:00:00 +0000] "GET /s?q=\"x\"\x3Cb\x3E\\ HTTP/1.1" 200 5 "-" "agent \"quoted\"""#))
        #expect(line.target == #"/s?q="x"<b>\"#)
        #expect(line.userAgent == #"agent "quoted""#)
    }

    @Test("a request without a version, one with spaces in its target, and extra fields after the agent")
    func looseRequests() throws {
        let bare = try #require(parse(#"1.2.3.4 - - [27/Nov/2026:08:00:00 +0000] "GET /index.html" 200 5 "-" "-""#))
        #expect(bare.target == "/index.html")
        let spaced = try #require(parse(#"1.2.3.4 - - [27/Nov/2026:08:00:00 +0000] "GET /a b HTTP/1.1" 400 5 "-" "-" 0.003 "10.1.1.1""#))
        #expect(spaced.target == "/a b")
        #expect(spaced.status == 400)
    }

    @Test("malformed lines are not requests", arguments: [
        #"1.2.3.4 - - [27/Nov/2026:08:00:00 +0000] "-" 400 0 "-" "-""#,
        #"1.2.3.4 - - [27/Nov/2026:08:00:00 +0000] "\x16\x03\x01\x00\xF1\x01\x00\x00\xED\x03\x03" 400 157 "-" "-""#,
        #"1.2.3.4 - - [27/Nov/2026:08:00:00 +0000] "GET / HTTP/1.1" abc 5 "-" "-""#,
        #"1.2.3.4 - - [27/Nov/2026:08:00:00 +0000] "GET / HTTP/1.1" 200 many "-" "-""#,
        #"1.2.3.4 - - [31/Feb/2026:08:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "-""#,
        #"1.2.3.4 - - [27/Foo/2026:08:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "-""#,
        #"1.2.3.4 - - [27/Nov/2026:08:00:00 +0000] "GET / HTTP/1.1 200 5 "-" "-"#,
        #"1.2.3.4 - - [27/Nov/2026:08:00:00 +0000] "GET / HTTP/1.1""#,
        #"1.2.3.4 - - 27/Nov/2026:08:00:00 "GET / HTTP/1.1" 200 5"#,
        "", "-", "\u{0}\u{1}\u{2}", "[", #"a [ ""#, #"a [27/Nov/2026:08:00:00 +0000] ""#,
    ])
    func malformed(text: String) {
        #expect(parse(text, .combined) == nil)
        #expect(parse(text, .common) == nil)
    }

    @Test("no prefix of a line, and no line with a byte changed, crashes the parser")
    func truncations() {
        let text = #"1.2.3.4 - - [27/Nov/2026:08:00:00 +0000] "GET /a\"b\x41 HTTP/1.1" 200 5 "r\\" "a\"""#
        let bytes = Array(text.utf8)
        for end in 0...bytes.count {
            _ = AccessLogLine.parse(bytes[..<end], format: .combined)
            _ = AccessLogLine.parse(bytes[..<end], format: .jsonl)
        }
        for index in bytes.indices {
            for replacement: UInt8 in [0, 32, 34, 92, 91, 93, 255] {
                var changed = bytes
                changed[index] = replacement
                _ = AccessLogLine.parse(changed[...], format: .combined)
            }
        }
    }

    @Test("format detection tells combined, common and JSON lines apart")
    func detection() {
        let combined = #"1.2.3.4 - - [27/Nov/2026:08:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8""#
        let common = #"1.2.3.4 - - [27/Nov/2026:08:00:00 +0000] "GET / HTTP/1.1" 200 5"#
        #expect(LogFormat.detect(Array((combined + "\n").utf8)[...]) == .combined)
        #expect(LogFormat.detect(Array((common + "\n").utf8)[...]) == .common)
        #expect(LogFormat.detect(Array(#"{"time":"2026-11-27T08:00:00Z","uri":"/","status":200}"#.utf8)[...]) == .jsonl)
        #expect(LogFormat.detect(Array(("\u{1}garbage from a rotated file\n" + combined + "\n").utf8)[...]) == .combined, "one bad first line does not hide the format")
        #expect(LogFormat.detect(Array("hello world\n".utf8)[...]) == nil)
    }
}

@Suite("JSON-lines access logs")
struct AccessLogJSONTests {
    @Test("the default field names, a nested object skipped, JSON escapes undone")
    func defaults() throws {
        let line = try #require(parse(#"{"time":"2026-11-27T08:00:00Z","remote_addr":"10.0.0.5","extra":{"a":[1,"}",{"b":null}]},"method":"GET","uri":"/s?q=\u003cb\u003e","status":404,"http_user_agent":"curl/8 \"x\""}"#, .jsonl))
        #expect(line == AccessLogLine(client: "10.0.0.5", time: 1_795_766_400, method: "GET", target: "/s?q=<b>", status: 404,
                                      userAgent: #"curl/8 "x""#))
    }

    @Test("custom field names, the target taken from a request line, a status given as a string")
    func customFields() throws {
        var fields = TelemetryPolicy.JSONLFields()
        fields.time = "ts"
        fields.client = "ip"
        fields.path = "path"
        fields.request = "req"
        fields.status = "code"
        let line = try #require(parse(#"{"ts": 1795766400, "ip": "2001:db8::1", "req": "DELETE /items/7?x=1 HTTP/2.0", "code": "204"}"#,
                                      .jsonl, fields: fields))
        #expect(line == AccessLogLine(client: "2001:db8::1", time: 1_795_766_400, method: "DELETE", target: "/items/7?x=1", status: 204))
        // The default names are not read once others are configured.
        #expect(parse(#"{"time":"2026-11-27T08:00:00Z","uri":"/","status":200}"#, .jsonl, fields: fields) == nil)
    }

    @Test("times as ISO 8601 with offsets and fractions, in the access-log form, and as epoch numbers", arguments: [
        #""2026-11-27T08:00:00Z""#, #""2026-11-27T08:00:00.123456Z""#, #""2026-11-27T09:00:00+01:00""#,
        #""2026-11-27T02:30:00-0530""#, #""2026-11-27 08:00:00""#, #""[27/Nov/2026:08:00:00 +0000]""#,
        #""27/Nov/2026:10:00:00 +0200""#, "1795766400", "1795766400.75", "1795766400123", "1.7957664e9", #""1795766400""#,
    ])
    func times(value: String) throws {
        let line = try #require(parse(#"{"time": \#(value), "uri": "/", "status": 200}"#, .jsonl))
        #expect(line.time == 1_795_766_400)
    }

    @Test("a method field wins over the request line's; a missing client and method read as -")
    func methodAndDefaults() throws {
        let line = try #require(parse(#"{"time":1795766400,"method":"POST","request":"GET /x HTTP/1.1","status":200}"#, .jsonl))
        #expect(line.method == "POST")
        #expect(line.target == "/x")
        let bare = try #require(parse(#"{"time":1795766400,"uri":"/x","status":200}"#, .jsonl))
        #expect(bare.client == "-")
        #expect(bare.method == "-")
    }

    @Test("lines that are not usable requests", arguments: [
        #"{"uri":"/","status":200}"#, #"{"time":"yesterday","uri":"/","status":200}"#, #"{"time":1795766400,"status":200}"#,
        #"{"time":1795766400,"uri":"/"}"#, #"{"time":1795766400,"uri":"/","status":"ok"}"#, #"{"time":1795766400,"uri":"/","status":200"#,
        #"[1,2]"#, "not json", #"{"time":1795766400,"uri":"/","status":200} trailing"#, #"{"time":1795766400,"request":"-","status":400}"#,
    ])
    func unusable(text: String) {
        #expect(parse(text, .jsonl) == nil)
    }
}

@Suite("access log reader")
struct AccessLogReaderTests {
    static let attack = #"10.0.0.9 - - [27/Nov/2026:08:00:00 +0000] "GET /search?q=1%27%20OR%20%271%27%3D%271 HTTP/1.1" 200 5 "-" "sqlmap/1.10""#
    static let benign = #"10.0.0.1 - - [27/Nov/2026:08:00:01 +0000] "GET /index.html HTTP/1.1" 200 5 "-" "Mozilla/5.0""#

    @Test("records, skipped lines with what was expected, and the line number of each observation")
    func countsAndLines() throws {
        let text = [Self.benign, "garbage here", "", Self.attack, #"1.2.3.4 - - [27/Nov/2026:08:00:00 +0000] "-" 400 0 "-" "-""#].joined(separator: "\n")
        let result = try ingestAccessLog(text)
        #expect(result.stats.records == 2)
        #expect(result.stats.skipped == 2)
        #expect(result.stats.problems[0].hasPrefix("line 2: no [time] after the client address: expected HOST IDENT USER [TIME]"))
        #expect(result.stats.problems[1] == #"line 5: request "-" does not start with a method such as GET"#)
        #expect(result.observations.map(\.line) == [4])
        let observation = try #require(result.observations.first)
        #expect(observation.rule == "sqli")
        #expect(observation.resource == "/search")
        #expect(observation.source == "10.0.0.9")
        #expect(observation.time == 1_795_766_400)
        #expect(observation.cwe == 89)
        #expect(observation.severity == .high)
        #expect(observation.title == "SQL injection attempts on /search")
        #expect(observation.sample == "GET /search?q=1%27%20OR%20%271%27%3D%271 200")
    }

    @Test("CRLF line ends, a last line without a newline, and one-byte chunks read the same as one chunk")
    func chunking() throws {
        let text = [Self.benign, Self.attack, Self.benign, Self.attack].joined(separator: "\r\n")
        let whole = try ingestAccessLog(text)
        let bytewise = try ingestAccessLog(text, chunk: 1)
        let odd = try ingestAccessLog(text, chunk: 7)
        #expect(whole.stats.records == 4)
        #expect(whole.stats.skipped == 0)
        for result in [bytewise, odd] {
            #expect(result.stats.records == 4)
            #expect(result.observations.map(\.line) == whole.observations.map(\.line))
            #expect(result.observations.map(\.sample) == whole.observations.map(\.sample))
        }
        #expect(whole.observations.map(\.line) == [2, 4])
    }

    @Test("a common log and a JSON-lines log with custom field names")
    func otherFormats() throws {
        let common = #"10.0.0.9 - - [27/Nov/2026:08:00:00 +0000] "GET /file?name=..%2f..%2f..%2fetc%2fpasswd HTTP/1.1" 200 5"#
        let fromCommon = try ingestAccessLog(common + "\n", format: .common)
        #expect(fromCommon.observations.map(\.rule) == ["path-traversal"])
        var policy = TelemetryPolicy()
        policy.fields.time = "@timestamp"
        policy.fields.path = "url"
        policy.fields.client = "client_ip"
        let json = #"{"@timestamp":"2026-11-27T08:00:00Z","client_ip":"10.0.0.7","method":"GET","url":"/q?s=%3Csvg%20onload%3Dalert(1)%3E","status":200}"#
        let fromJSON = try ingestAccessLog(json + "\n" + json + "\n", format: .jsonl, policy: policy)
        #expect(fromJSON.observations.map(\.rule) == ["xss", "xss"])
        #expect(fromJSON.observations.map(\.line) == [1, 2])
        #expect(fromJSON.observations.first?.source == "10.0.0.7")
        #expect(fromJSON.aggregate.summaries.count == 1)
    }

    @Test("a line longer than the splitter's limit is skipped and said so")
    func overlong() throws {
        let long = "1.2.3.4 - - [27/Nov/2026:08:00:00 +0000] \"GET /" + String(repeating: "a", count: LineSplitter.limit) + " HTTP/1.1\" 200 5 \"-\" \"-\""
        let result = try ingestAccessLog(long + "\n" + Self.attack + "\n", chunk: 1 << 16)
        #expect(result.stats.skipped == 1)
        #expect(result.stats.problems.first?.hasPrefix("line 1: longer than") == true)
        #expect(result.observations.map(\.line) == [2])
    }
}
