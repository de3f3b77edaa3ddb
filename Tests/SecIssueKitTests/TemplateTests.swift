import Foundation
import Testing
@testable import SecIssueKit

@Suite("templates")
struct TemplateTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("templates")

    @Test("the embedded copy matches templates/ (run `make templates` after changing it)")
    func noDrift() throws {
        let enumerator = try #require(FileManager.default.enumerator(at: Self.directory, includingPropertiesForKeys: [.isRegularFileKey]))
        var onDisk: [String: [UInt8]] = [:]
        for case let url as URL in enumerator where try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true {
            let relative = String(url.path.dropFirst(Self.directory.path.count + 1))
            onDisk[relative] = Array(try Data(contentsOf: url))
        }
        let hooks = Self.directory.deletingLastPathComponent().appendingPathComponent("hooks")
        for name in try FileManager.default.contentsOfDirectory(atPath: hooks.path) where !name.hasSuffix(".md") {
            onDisk["hooks/" + name] = Array(try Data(contentsOf: hooks.appendingPathComponent(name)))
        }
        #expect(Set(onDisk.keys) == Set(Templates.paths), "files added or removed under templates/ or hooks/")
        for (path, bytes) in onDisk {
            #expect(Templates.file(path) == bytes, "templates/\(path) differs from the embedded copy")
        }
    }

    @Test("every shipped guide and the finding template parse")
    func templatesParse() throws {
        for path in Templates.paths where path.hasPrefix("security/guidance/") {
            let text = String(decoding: try #require(Templates.file(path)), as: UTF8.self)
            let document = try MarkdownDocument(parsing: text, path: path)
            let fields = try YAMLFields.parse(document.frontMatterText, path: path, lineOffset: 1)
            #expect(try fields.required("title").isEmpty == false)
        }
        let template = String(decoding: try #require(Templates.file("finding.md")), as: UTF8.self)
        #expect(try EditFinding.newFinding(fromTemplate: template, root: "/r", directory: "/r") == nil)
    }
}
