import Foundation
import Testing
import TestSupport
@testable import SecIssueGit

/// `git -c` and `GIT_CONFIG_COUNT` reach a subcommand only through the environment; these
/// read them as git 2.39's `git_config_from_parameters` does.
@Suite("configuration git passes in the environment", .scratchDirectory)
struct CommandLineConfigTests {
    typealias Entry = CommandLineConfig.Entry

    @Test("GIT_CONFIG_PARAMETERS as git -c writes it: new style, old style, implicit true, quotes")
    func parameters() throws {
        let text = #"'user.name'='Ann O'\''Hara' 'core.pager'='' 'color.ui' 'old.Style=a=b' 'url.Https://X/.insteadOf'='y' 'a.b'= 'bang.x'='hey'\!''"#
        #expect(try CommandLineConfig.parse(parameters: text) == [
            Entry(key: "user.name", value: "Ann O'Hara"), Entry(key: "core.pager", value: ""), Entry(key: "color.ui", value: nil),
            Entry(key: "old.style", value: "a=b"), Entry(key: "url.Https://X/.insteadof", value: "y"), Entry(key: "a.b", value: nil),
            Entry(key: "bang.x", value: "hey!"),
        ])
    }

    @Test("what git calls bogus is an error", arguments: ["user.name", "'user.name'x", "'user.name'='x'y", "'unterminated", "'nodot'='1'", "'a.1b'='1'", "'a b.c'='1'"])
    func bogus(text: String) {
        #expect(throws: GitError.self) { try CommandLineConfig.parse(parameters: text) }
    }

    @Test("counted pairs come first, then the parameters; a missing pair is an error")
    func counted() throws {
        let environment = ["GIT_CONFIG_COUNT": "2", "GIT_CONFIG_KEY_0": "User.Name", "GIT_CONFIG_VALUE_0": "counted",
                           "GIT_CONFIG_KEY_1": "user.email", "GIT_CONFIG_VALUE_1": "c@e", "GIT_CONFIG_PARAMETERS": "'user.name'='param'"]
        #expect(try CommandLineConfig(environment: environment).entries
                == [Entry(key: "user.name", value: "counted"), Entry(key: "user.email", value: "c@e"), Entry(key: "user.name", value: "param")])
        #expect(try CommandLineConfig(environment: ["GIT_CONFIG_COUNT": ""]).entries.isEmpty)
        #expect(throws: GitError.self) { try CommandLineConfig(environment: ["GIT_CONFIG_COUNT": "1"]) }
        #expect(throws: GitError.self) { try CommandLineConfig(environment: ["GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "a.b"]) }
        #expect(throws: GitError.self) { try CommandLineConfig(environment: ["GIT_CONFIG_COUNT": "x"]) }
    }

    @Test("the settings win over the repository's own files in every read of its configuration, and their file goes with the repository")
    func overlay() throws {
        let scratch = try Scratch()
        try scratch.repository.setConfig("user.name", to: "Local")
        try scratch.repository.setConfig("core.filemode", to: "true")
        let hostile = "quote \" backslash \\ newline\nsemicolon ; hash # [section]"
        let environment = ["GIT_CONFIG_PARAMETERS": "'user.name'='Local' 'user.name'='Override' 'weird.Sub \"x\\.key'='\(hostile)' 'core.fileMode'='false'",
                           "GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "user.email", "GIT_CONFIG_VALUE_0": "o@example.com"]
        var repository: Repository? = try Repository.open(at: scratch.path, environment: environment)
        let file = try #require(repository?.commandLineConfigFile)
        #expect(try repository?.configString("user.name") == "Override")
        #expect(try repository?.configString("weird.Sub \"x\\.key") == hostile)
        #expect(try repository?.signature(.author, environment: [:]).person == "Override <o@example.com>")
        #expect(try repository?.configString("core.filemode") == "false")
        #expect(FileManager.default.fileExists(atPath: file))
        repository = nil
        #expect(!FileManager.default.fileExists(atPath: file))
        #expect(try Repository.open(at: scratch.path, environment: [:]).configString("user.name") == "Local")
    }
}
