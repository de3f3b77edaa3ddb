import Foundation
import SecIssueKit

/// A decoder for one log format, fed the input in chunks so that memory does not grow with the input.
public protocol TelemetryReader {
    mutating func consume(_ chunk: UnsafeRawBufferPointer, into aggregate: inout TelemetryAggregate) throws
    /// Called once at the end of the input (flushes a last line without a newline, open bursts…).
    mutating func finish(into aggregate: inout TelemetryAggregate) throws
    var stats: IngestStats { get }
}
