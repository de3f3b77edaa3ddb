import Testing
@testable import SecIssueKit

@Suite("finding layouts")
struct FindingLayoutTests {
    @Test("each layout maps an ID to its path and back; a file in another directory is no finding of either")
    func pathsAndIDs() {
        #expect(FindingLayout.flat.path(of: "SEC-3k9q7m2x1c") == ".security/findings/SEC-3k9q7m2x1c.md")
        #expect(FindingLayout.fannedOut.path(of: "SEC-3k9q7m2x1c") == ".security/findings/3k/SEC-3k9q7m2x1c.md")
        #expect(FindingLayout.fannedOut.path(of: "AB1-Zx") == ".security/findings/zx/AB1-Zx.md", "the key is lower case")
        #expect(FindingLayout.fannedOut.path(of: "SEC-x") == ".security/findings/x_/SEC-x.md", "a short ID still maps somewhere")
        for layout in FindingLayout.allCases {
            let located = FindingLayout.locate(layout.path(of: "SEC-3k9q7m2x1c"))
            #expect(located?.id == "SEC-3k9q7m2x1c" && located?.layout == layout)
        }
        #expect(FindingLayout.locate(".security/findings/zz/SEC-3k9q7m2x1c.md") == nil, "the wrong directory")
        #expect(FindingLayout.locate(".security/findings/3k/x/SEC-3k9q7m2x1c.md") == nil, "too deep")
        #expect(FindingLayout.locate(".security/findings/.gitkeep") == nil)
        #expect(FindingLayout.locate(".security/guidance/sql.md") == nil)
        #expect(FindingLayout.isUnderFindings(".security/findings/zz/SEC-3k9q7m2x1c.md"), "hooks and the gate still check it")
    }

    @Test("config.yml gets format: set in place or added after its opening comment; every other line stays")
    func settingFormat() throws {
        let template = "# Policy.\n# More.\n\nid_prefix: ABC\n"
        let set = StoreMigration.setting(format: 2, in: template)
        #expect(set.hasPrefix("# Policy.\n# More.\n\n# The store format"))
        #expect(set.hasSuffix("format: 2\n\nid_prefix: ABC\n"))
        let config = try Config(yaml: set)
        #expect(config.findingLayout == .fannedOut && config.idPrefix == "ABC")
        #expect(StoreMigration.setting(format: 2, in: "id_prefix: X\nformat: 1\n") == "id_prefix: X\nformat: 2\n")
        #expect(try Config(yaml: "id_prefix: X\n").findingLayout == .flat, "no format: is format 1")
        #expect(throws: FileProblem.self) { try Config(yaml: "format: 9\n") }
    }

    @Test("the merge driver's line matches both layouts and replaces the format 1 line")
    func attributes() {
        let old = "*.png binary\n.security/findings/*.md merge=secissue\n"
        #expect(MergeDriver.attributes(adding: old).map { String(decoding: $0, as: UTF8.self) }
            == "*.png binary\n.security/findings/**/*.md merge=secissue\n")
        #expect(MergeDriver.attributes(adding: ".security/findings/**/*.md merge=secissue\n") == nil)
        #expect(MergeDriver.attributes(adding: nil).map { String(decoding: $0, as: UTF8.self) } == ".security/findings/**/*.md merge=secissue\n")
    }
}
