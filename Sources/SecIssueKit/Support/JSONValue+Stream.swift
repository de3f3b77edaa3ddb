extension JSONValue {
    /// The bytes of `.array(items.map(element))` rendered, handed to `emit` in pieces of about
    /// 64 KiB as they are made: a listing of 100,000 findings never holds the whole JSON tree
    /// or the whole text, only one element and one piece at a time.
    public static func streamArray<Items: Sequence>(
        _ items: Items, element: (Items.Element) -> JSONValue, emit: ([UInt8]) -> Void
    ) {
        streamArray(items, write: { item, out in element(item).write(to: &out, indent: 1) }, emit: emit)
    }

    /// The same, with each element written by `write` (at an indent of one level).
    static func streamArray<Items: Sequence>(
        _ items: Items, write: (Items.Element, inout [UInt8]) -> Void, emit: ([UInt8]) -> Void
    ) {
        let pieceSize = 1 << 16
        var out: [UInt8] = []
        out.reserveCapacity(pieceSize + 4096)
        var first = true
        for item in items {
            out.append(contentsOf: (first ? "[\n" : ",\n").utf8)
            first = false
            indent(1, into: &out)
            write(item, &out)
            if out.count >= pieceSize {
                emit(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        out.append(contentsOf: (first ? "[]\n" : "\n]\n").utf8)
        emit(out)
    }
}
