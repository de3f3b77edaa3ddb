import ArgumentParser
import SecIssueKit
import SecIssueTelemetry

extension TelemetryCommand {
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ingest",
            abstract: "File findings from attacks and risky changes seen in access logs and CloudTrail; exit 2 at gate.fail_on.",
            discussion: """
                Web access logs (Apache/nginx combined or common, JSON lines): SQL injection, cross-site scripting, \
                path traversal and command injection attempts (SQL probes made only of metacharacters at low severity), \
                bursts of 4xx or 5xx responses per route, directory sweeps per client (forced-browsing) and rises in the \
                4xx or 5xx share across the site against the log's own median (http-4xx-rate, http-5xx-rate). CloudTrail: security group, network \
                ACL, route, IAM, trail, S3 bucket policy and KMS key changes. One finding per rule and route (or cloud \
                resource); a later ingest adds to its counts, and events already counted are not counted twice. Files of \
                any size are read in one pass; - reads standard input.
                """)

        @Argument(help: "Log files, or - for standard input.") var files: [String]
        @Option(help: "The log format: combined, common, jsonl, cloudtrail or auto (detected per file).") var input: LogFormat = .auto
        @Option(help: "table or json.") var format: ListFormat = .table
        @Flag(help: "Print each detection (FILE:LINE, rule, route or resource, and the reason: which tokens decided) instead of the summary.") var matches = false
        @Flag(help: "Report without filing findings.") var noFile = false
        @Option(help: ArgumentHelp("The commit whose code is searched for the routes and resources (default HEAD).", valueName: "REV"))
        var commit: String?
        @OptionGroup var write: WriteOptions

        func validate() throws {
            if format == .csv { throw ValidationError("--format takes table or json") }
        }

        func run() throws {
            let session = try ScanSession(workspace: try Workspace.discover(), commit: commit, target: write.ref)
            let config = session.config
            let onMatch: ((String, Observation) -> Void)? = matches ? { path, observation in
                let reason = observation.reason.map { "\t" + SafeText.escape($0, for: .terminal) } ?? ""
                Output.print("\(path == "-" ? "-" : path):\(observation.line)\t\(observation.rule)\t\(observation.resource)\(reason)\n")
            } : nil
            let ingest = try TelemetryIngest(files: files, format: input, session: session, onMatch: onMatch)
            for file in ingest.files where file.stats.skipped > 0 {
                Output.warning("\(file.path): skipped \(file.stats.skipped) unreadable record(s); first: \(file.stats.problems.joined(separator: "; "))")
            }
            if ingest.overflow > 0 {
                Output.warning("\(ingest.overflow) event(s) not counted: more than \(TelemetryAggregate.summaryLimit) routes and resources in one run")
            }
            let filed = try ingest.filing(session).run(noFile ? .plan : .write(write.mode))
            if !noFile { Output.filed(filed, countsLabel: "findings") }
            let report = filed.report
            let gate = ingest.gateReasons(report, config: config)
            if !matches {
                switch format {
                case .json:
                    Output.print(bytes: TelemetryTable.json(ingest, report: report, idPrefix: config.idPrefix, gate: gate).renderedBytes())
                default:
                    Output.print(TelemetryTable.render(ingest, report: report, idPrefix: config.idPrefix))
                }
            }
            if !gate.isEmpty {
                try Output.failGate(gate, summary: "\(gate.count) active telemetry finding(s) at or above \(config.failOn.rawValue)")
            }
        }
    }
}

extension LogFormat: ExpressibleByArgument {}
