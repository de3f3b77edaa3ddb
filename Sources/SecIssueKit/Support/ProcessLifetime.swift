/// Values kept until the process exits, never freed.
///
/// A listing of 100,000 findings is a graph of millions of strings; releasing it one object at a
/// time after the output is written costs as much as a quarter of the command, for memory the
/// operating system takes back at exit anyway. A command hands such a value here once it is done
/// with it. Only for values a command holds to its end, never for anything in a loop.
public enum ProcessLifetime {
    nonisolated(unsafe) private static var kept: [Any] = []

    public static func keep(_ value: Any) {
        kept.append(value)
    }
}
