/// One request of a web access log. (Placeholder: the access-log parser replaces this file.)
public struct AccessLogLine {
    public var client: String
    public var time: Int64
    public var method: String
    public var target: String
    public var status: Int
    public var userAgent: String?

    public static func parse(_ bytes: ArraySlice<UInt8>, format: LogFormat) -> AccessLogLine? { nil }
}
