import ArgumentParser
import SecIssueKit
import SecIssueBaseline

extension BaselineCommand {
    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "record",
            abstract: "Record the files (hash, mode, owner, size) and optionally the OS packages of a system as baseline NAME.",
            discussion: "Writes .security/baselines/NAME.yml, replacing an earlier recording, and commits it like any change to .security/.")

        @Argument(help: "The baseline's name: letters, digits, '.', '_' and '-', such as web or db-prod.") var name: String
        @Option(help: ArgumentHelp("The system's root directory: / for this machine, or a mounted image.", valueName: "DIR")) var root: String
        @Flag(help: "Also record the installed OS packages, read from the dpkg, apk or rpm database under the root.") var packages = false
        @Flag(help: "Also keep a copy of each small text file (64 KiB at most, secrets redacted) in .security/baselines/NAME.content/, so check shows a diff.")
        var withContent = false
        @Argument(help: ArgumentHelp("Files, directories (walked whole) or globs inside the root, such as etc/ssh/** or usr/bin/*.",
                                     valueName: "PATH|GLOB")) var paths: [String] = []
        @OptionGroup var write: WriteOptions

        func run() throws {
            try Baseline.validate(name: name)
            let workspace = try Workspace.discover()
            try workspace.store(at: write.ref).requireInitialised()
            let (baseline, warnings) = try Baseline.record(name: name, root: root, patterns: paths, packages: packages)
            warnings.forEach(Output.warning)
            let text = BaselineFile.encode(baseline)
            // What is written must read back: a file name YAML cannot carry stops here, before any write.
            _ = try BaselineFile.decode(text, name: name)
            let path = Baseline.path(name)
            let counts = "\(count(baseline.files.count, "file"))" + (packages ? ", \(count(baseline.packages.count, "package"))" : "")
            let message = "secissue: record baseline \(name) (\(counts))\n"
            var copies: [String: [UInt8]?] = [:]
            if withContent {
                let (kept, skipped) = try BaselineContent.record(baseline, root: root)
                skipped.forEach(Output.warning)
                copies = kept.mapValues { Array($0.utf8) }
            }
            let outcome = try workspace.write(write.mode) { store in
                try store.requireInitialised()
                var changes: [String: [UInt8]?] = copies
                // Copies of an earlier recording that this one does not keep go with it.
                for stale in try store.files.paths(under: BaselineContent.directory(name)) where copies[stale] == nil {
                    changes.updateValue(nil, forKey: stale)
                }
                changes[path] = Array(text.utf8)
                return PlannedWrite(changes: changes, message: message)
            }
            Output.print("recorded baseline \(name): \(counts) in \(path)\n")
            Output.report(outcome, message: message)
        }

        private func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
    }
}
