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
                resource); a later ingest adds to its counts, and events already counted are not counted twice. Attacks on \
                a route whose code findings are all fixed are attempts, filed at telemetry.attempts.severity. Files of \
                any size are read in one pass, gzip-compressed or not; - reads standard input.
                """)

        @Argument(help: "Log files, or - for standard input.") var files: [String]
        @Option(help: "The log format: combined, common, jsonl, cloudtrail or auto (detected per file).") var input: LogFormat = .auto
        @OptionGroup var output: ListingOptions
        @Flag(help: "Print each detection (FILE:LINE, rule, route or resource, and the reason: which tokens decided) instead of the summary.") var matches = false
        @OptionGroup var filing: FilingOptions
        @Option(help: ArgumentHelp("The commit whose code is searched for the routes and resources (default HEAD).", valueName: "REV"))
        var commit: String?
        @OptionGroup var write: WriteOptions

        func run() throws {
            let session = try ScanSession(workspace: try Workspace.discover(), commit: commit, target: write.ref)
            let config = session.config
            let onMatch: ((String, Observation) -> Void)? = matches ? { path, observation in
                let reason = observation.reason.map { "\t" + SafeText.escape($0, for: .terminal) } ?? ""
                Output.print("\(path == "-" ? "-" : path):\(observation.line)\t\(observation.rule)\t\(observation.resource)\(reason)\n")
            } : nil
            // Reading is the long part; the line is gone before anything else is printed.
            let progress = Progress("ingesting")
            let ingest: TelemetryIngest
            do {
                defer { progress.finish() }
                ingest = try TelemetryIngest(files: files, format: input, session: session, onMatch: onMatch, progress: matches ? nil : progress.update)
            }
            for file in ingest.files where file.stats.skipped > 0 {
                Output.warning("\(file.path): skipped \(file.stats.skipped) unreadable record(s); first: \(file.stats.problems.joined(separator: "; "))")
            }
            if ingest.overflow > 0 {
                Output.warning("\(ingest.overflow) event(s) not counted: more than \(TelemetryAggregate.summaryLimit) routes and resources in one run")
            }
            let filed = try ingest.filing(session).run(filing.noFile ? .plan : .write(write.mode))
            if !filing.noFile { Output.filed(filed, countsLabel: "findings") }
            let report = filed.report
            let gate = ingest.gateReasons(report, config: config)
            if !matches {
                switch output.format {
                case .json:
                    Output.print(bytes: TelemetryTable.json(ingest, report: report, gate: gate).renderedBytes())
                case .csv:
                    Output.print(TelemetryTable.listing(ingest, report: report).csv())
                case .table:
                    Output.print(TelemetryTable.render(ingest, report: report, width: output.width))
                }
            }
            if !gate.isEmpty {
                try Output.failGate(gate, summary: "\(gate.count) active telemetry finding(s) at or above \(config.failOn.rawValue)")
            }
        }
    }
}

extension LogFormat: ExpressibleByArgument {}
