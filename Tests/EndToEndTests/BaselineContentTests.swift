import Foundation
import Testing
import TestSupport

/// `baseline check` on a changed configuration file said "content" and showed two hashes; with
/// `record --with-content` it shows how the file differs, secrets redacted.
@Suite("baseline content", .scratchDirectory)
struct BaselineContentTests {
    static let config = "server {\n    listen 443 ssl;\n    ssl_protocols TLSv1.2 TLSv1.3;\n    root /srv/www;\n}\n"
    static let token = "ghp_" + "R8vK2mQ7xL4nP9wT3bY6cF1hJ5dS0aZ2eG7u"

    func system(_ sandbox: Sandbox) throws -> String {
        let root = sandbox.path("sys")
        try sandbox.write("etc/nginx/nginx.conf", Self.config, in: root)
        try sandbox.write("etc/app/env", "API_TOKEN=\(Self.token)\nDEBUG=false\n", in: root)
        try sandbox.write("etc/app/blob.bin", "ab\u{0}cd", in: root)
        return root
    }

    @Test("without --with-content a changed file is 'content' and two hashes: the reproduction")
    func hashesOnly() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let root = try system(sandbox)
        #expect(try sandbox.secissue("baseline", "record", "web", "--root", root, "etc", in: repo).status == 0)
        try sandbox.write("etc/nginx/nginx.conf", Self.config.replacingOccurrences(of: "TLSv1.2 TLSv1.3", with: "TLSv1 TLSv1.1"), in: root)
        let check = try sandbox.secissue("baseline", "check", "web", "--root", root, in: repo)
        #expect(check.stdout.contains("/etc/nginx/nginx.conf") && check.stdout.contains("content"))
        #expect(!check.stdout.contains("TLSv1.1"), "nothing to show the change with")
        let finding = try #require(try sandbox.findings(in: repo).first)
        #expect((finding["description"] as? String)?.contains("**sha256**") == true)
    }

    @Test("with --with-content, check shows a unified diff in its output and the finding; secrets never reach git")
    func diffFromRecordedCopy() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let root = try system(sandbox)
        let record = try sandbox.secissue("baseline", "record", "web", "--root", root, "--with-content", "etc", in: repo)
        #expect(record.status == 0, "\(record.stderr)")
        #expect(record.stderr.contains("/etc/app/blob.bin is not text: its content is not kept, only its hash"), "\(record.stderr)")
        let kept = try sandbox.git("show", "--name-only", "--format=", "HEAD", in: repo).split(separator: "\n").map(String.init)
        #expect(kept.sorted() == [".security/baselines/web.content/etc/app/env", ".security/baselines/web.content/etc/nginx/nginx.conf",
                                  ".security/baselines/web.yml"])
        let env = try sandbox.git("show", "HEAD:.security/baselines/web.content/etc/app/env", in: repo)
        #expect(env.contains("API_TOKEN=[redacted]") && env.contains("DEBUG=false"), "\(env)")

        try sandbox.write("etc/nginx/nginx.conf", Self.config.replacingOccurrences(of: "TLSv1.2 TLSv1.3", with: "TLSv1 TLSv1.1"), in: root)
        try sandbox.write("etc/app/env", "API_TOKEN=\(Self.token)\nDEBUG=true\n", in: root)
        let check = try sandbox.secissue("baseline", "check", "web", "--root", root, in: repo)
        #expect(check.status == 0, "medium drift passes the default gate: \(check.stderr)")
        #expect(check.stdout.contains("""
            /etc/nginx/nginx.conf: changed since it was recorded
            --- a/etc/nginx/nginx.conf
            +++ b/etc/nginx/nginx.conf
            @@ -1,5 +1,5 @@
             server {
                 listen 443 ssl;
            -    ssl_protocols TLSv1.2 TLSv1.3;
            +    ssl_protocols TLSv1 TLSv1.1;
                 root /srv/www;
             }
            """), "\(check.stdout)")
        #expect(check.stdout.contains("-DEBUG=false\n+DEBUG=true"))
        #expect(!check.stdout.contains(Self.token))
        let findings = try sandbox.findings(in: repo)
        let nginx = try #require(findings.first { ($0["title"] as? String)?.contains("nginx.conf") == true })
        #expect((nginx["description"] as? String)?.contains("+    ssl_protocols TLSv1 TLSv1.1;") == true)
        let json = try sandbox.secissue("baseline", "check", "web", "--root", root, "--no-file", "--format", "json", in: repo)
        #expect(json.stdout.contains("+    ssl_protocols TLSv1 TLSv1.1;"))
        let everything = try sandbox.git("log", "-p", "--all", in: repo)
        #expect(!everything.contains(Self.token), "a secret reached a git object")

        // Re-recording without --with-content drops the copies.
        #expect(try sandbox.secissue("baseline", "record", "web", "--root", root, "etc", in: repo).status == 0)
        #expect(try sandbox.git("ls-tree", "-r", "--name-only", "HEAD", ".security/baselines", in: repo) == ".security/baselines/web.yml\n")
    }
}
