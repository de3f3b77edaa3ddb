import Foundation
import SecIssueKit

/// Reads AWS CloudTrail: a log file as CloudTrail delivers it (`{"Records": [...]}`, usually one
/// line of many megabytes), a JSON array of events, or JSON lines with one event per line (as
/// CloudWatch Logs and EventBridge exports give; an EventBridge envelope is unwrapped to its
/// `detail`). Records are cut out of the stream one by one and decoded on their own, so memory
/// is bounded by the largest record rather than by the file. Which events count is up to
/// `CloudTrailRules`.
public struct CloudTrailReader: TelemetryReader {
    /// `records` counts the CloudTrail events read, whether they made an observation or were
    /// ignored (read-only, or no change to security); `skipped` the records that could not be used.
    public private(set) var stats = IngestStats()
    private var splitter = JSONRecordSplitter(limit: JSONRecordSplitter.recordLimit)
    /// Records that were CloudTrail events, usable or not.
    private var events = 0
    /// The keys of the first record that decoded but was no CloudTrail event, for the error.
    private var foreignKeys: [String]?

    public init() {}

    public mutating func consume(_ chunk: UnsafeRawBufferPointer, into aggregate: inout TelemetryAggregate) throws {
        // The splitter is moved out while it calls back into `self`, without copying its buffer.
        var splitter = JSONRecordSplitter(limit: 0)
        swap(&splitter, &self.splitter)
        defer { swap(&splitter, &self.splitter) }
        try splitter.feed(chunk) { cut, number in handle(cut, number: number, into: &aggregate) }
    }

    /// Reports a record cut off by the end of the input, then throws when nothing in the input was
    /// a CloudTrail event, so that a wrong file is an error rather than an empty result.
    public mutating func finish(into aggregate: inout TelemetryAggregate) throws {
        var splitter = JSONRecordSplitter(limit: 0)
        swap(&splitter, &self.splitter)
        defer { swap(&splitter, &self.splitter) }
        splitter.finish { cut, number in handle(cut, number: number, into: &aggregate) }
        let seen = splitter.number
        guard events == 0, seen > 0 else { return }
        var found = "\(seen) record\(seen == 1 ? "" : "s") and none is a CloudTrail event"
        if let foreignKeys {
            found += " (the first has the keys \(foreignKeys.joined(separator: ", ")))"
        } else if let problem = stats.problems.first {
            found += " (\(problem))"
        }
        throw SecIssueError("not CloudTrail: found \(found); expected a CloudTrail log file ({\"Records\": [...]}) "
            + "or JSON lines of CloudTrail events with eventName and eventSource")
    }

    private mutating func handle(_ cut: JSONRecordSplitter.Cut, number: Int, into aggregate: inout TelemetryAggregate) {
        switch cut {
        case .record(let bytes):
            decode(bytes, number: number, into: &aggregate)
        case .oversized:
            stats.skip("record \(number): larger than \(JSONRecordSplitter.recordLimit >> 20) MB, not read")
        case .broken(let why):
            stats.skip("record \(number): \(why)")
        case .notObject:
            stats.skip("record \(number): not a JSON object")
        case .stray(let text):
            stats.skip("record \(number): not JSON: \(text)")
        }
    }

    private mutating func decode(_ bytes: UnsafeRawBufferPointer, number: Int, into aggregate: inout TelemetryAggregate) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            stats.skip("record \(number): not valid JSON" + (detail.map { ": \($0)" } ?? ""))
            return
        }
        guard var event = object as? [String: Any] else {
            stats.skip("record \(number): not a JSON object")
            return
        }
        if event["eventName"] == nil, let detail = event["detail"] as? [String: Any] { event = detail }
        guard event["eventName"] is String, event["eventSource"] is String else {
            if foreignKeys == nil { foreignKeys = Array(event.keys.sorted().prefix(6)) }
            stats.skip("record \(number): not a CloudTrail event (no eventName and eventSource)")
            return
        }
        events += 1
        switch CloudTrailRules.evaluate(event, record: number) {
        case .ignored:
            stats.records += 1
        case .observation(let observation):
            stats.records += 1
            aggregate.add(observation)
        case .problem(let problem):
            stats.skip("record \(number): \(problem)")
        }
    }
}
