import Foundation
import Testing
import TestSupport
import SecIssueKit

/// A passphrase-protected SSH key is asked for once per command, however many confidential
/// findings it opens, through a real terminal (tmux), and its unlocked copy has no name: it cannot
/// outlive the command.
@Suite("passphrase-protected identities", .scratchDirectory)
struct PassphraseKeyTests {
    /// A tmux server of its own, running one command in a terminal.
    struct Terminal {
        let sandbox: Sandbox
        let socket = "secissue-\(UUID().uuidString.prefix(8))"

        /// Through `Subprocess`, which waits for tmux itself: Foundation's `Process` would wait for
        /// the server tmux leaves running too (it keeps a descriptor Process watches).
        func tmux(_ arguments: [String]) throws -> (status: Int32, output: String) {
            let result = try Subprocess.run(["tmux", "-L", socket] + arguments, environment: sandbox.environment, timeout: 30)
            return (result.status, String(decoding: result.stdout + result.stderr, as: UTF8.self))
        }

        func start(_ command: String) throws {
            // The shell ignores Ctrl-C (the command sets its own handler), so it lives to write the status.
            let started = try tmux(["new-session", "-d", "-x", "400", "-y", "40", "trap '' INT; " + command + "; sleep 60"])
            guard started.status == 0 else { throw SandboxError("tmux: \(started.output)") }
        }

        var screen: String { (try? tmux(["capture-pane", "-p"]).output) ?? "" }

        /// Waits (up to a minute) until `condition` holds.
        func wait(_ what: String, _ condition: () -> Bool) throws {
            for _ in 0..<300 where !condition() { Thread.sleep(forTimeInterval: 0.2) }
            guard condition() else {
                throw SandboxError("timed out waiting for \(what); the screen:\n\(screen)\n\((try? tmux(["list-sessions"]).output) ?? "")\n\((try? FileManager.default.contentsOfDirectory(atPath: sandbox.root.path)) ?? [])")
            }
        }

        func stop() { _ = try? tmux(["kill-server"]) }
    }

    @Test("three findings opened with a protected SSH key ask for its passphrase once; the unlocked copy has no name, so nothing is left after Ctrl-C or SIGKILL")
    func oncePerCommand() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let key = sandbox.path("id_protected")
        let made = try sandbox.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "correct horse", "-C", "protected", "-f", key], in: repo)
        #expect(made.status == 0, "\(made.stderr)")
        let added = try sandbox.secissue("recipients", "add", try sandbox.read("../id_protected.pub", in: repo), "--name", "Protected", in: repo)
        #expect(added.status == 0, "\(added.stderr)")
        for title in ["Gecko one", "Gecko two", "Gecko three"] { _ = try sandbox.newFinding("--confidential", "--title", title, in: repo) }
        let runtime = sandbox.path("runtime")
        try FileManager.default.createDirectory(atPath: runtime, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let environment = sandbox.environment.merging(["XDG_RUNTIME_DIR": runtime, "SECISSUE_IDENTITY": key]) { $1 }
        let assignments = environment.map { "\($0.key)='\($0.value)'" }.sorted().joined(separator: " ")
        func command(_ done: String) -> String {
            "cd '\(repo)' && env \(assignments) '\(Sandbox.binary)' list > '\(done).out' 2> '\(done).err'; echo $? > '\(done)'"
        }
        let prompt = "Enter passphrase for \(key)"
        let terminal = Terminal(sandbox: sandbox)
        defer { terminal.stop() }

        let done = sandbox.path("first.done")
        try terminal.start(command(done))
        try terminal.wait("the passphrase prompt") { terminal.screen.contains(prompt) }
        let typed = try terminal.tmux(["send-keys", "-t", "0", "correct horse", "Enter"])
        #expect(typed.status == 0, "\(typed.output)")
        try terminal.wait("the command") { FileManager.default.fileExists(atPath: done) }
        let errors = try String(contentsOfFile: done + ".err", encoding: .utf8)
        #expect(try String(contentsOfFile: done, encoding: .utf8) == "0\n", "\(errors)")
        let listed = try String(contentsOfFile: done + ".out", encoding: .utf8)
        #expect(["Gecko one", "Gecko two", "Gecko three"].allSatisfy(listed.contains), "\(listed)")
        let screen = terminal.screen
        #expect(screen.components(separatedBy: "passphrase").count == 2, "one prompt for three findings: \(screen)")
        #expect(!screen.contains("correct horse"), "the passphrase is not echoed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: runtime).isEmpty, "the copy never had a name there")
        terminal.stop()

        // At the prompt the copy is a file without a name in the runtime directory, held open by
        // the command: Ctrl-C, and even SIGKILL, which no handler sees, leave nothing behind.
        for (signal, status) in [("C-c", "130"), ("KILL", "137")] {
            let second = Terminal(sandbox: sandbox)
            defer { second.stop() }
            let interrupted = sandbox.path("\(signal).done")
            try second.start(command(interrupted))
            try second.wait("the passphrase prompt") { second.screen.contains(prompt) }
            #expect(try FileManager.default.contentsOfDirectory(atPath: runtime).isEmpty)
            let process = try #require(Self.process(in: repo), "the command's process")
            #expect(Self.openFiles(process).contains { $0.hasPrefix(runtime + "/#") && $0.hasSuffix(" (deleted)") }, "\(Self.openFiles(process))")
            if signal == "KILL" {
                #expect(kill(process, SIGKILL) == 0)
            } else {
                #expect(try second.tmux(["send-keys", "-t", "0", signal]).status == 0)
            }
            try second.wait("the command") { FileManager.default.fileExists(atPath: interrupted) }
            #expect(try String(contentsOfFile: interrupted, encoding: .utf8) == status + "\n")
            #expect(try FileManager.default.contentsOfDirectory(atPath: runtime).isEmpty, "nothing left after \(signal)")
        }
    }

    /// The git-secissue process working in `directory`, from /proc.
    static func process(in directory: String) -> pid_t? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid_t($0) }.first { pid in
            (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) == "git-secissue\n"
                && (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")) == directory
        }
    }

    /// What the descriptors of `process` point at, as /proc shows them.
    static func openFiles(_ process: pid_t) -> [String] {
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process)/fd")) ?? []
        return descriptors.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(process)/fd/\($0)") }
    }
}
