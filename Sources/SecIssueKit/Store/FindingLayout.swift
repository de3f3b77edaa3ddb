/// Where finding files live under `.security/findings/`: the one place that maps a finding ID to
/// its path and back. The store's format (`format:` in config.yml, docs/format.md) names the
/// layout writers use:
///
/// - format 1, `flat`: `findings/SEC-3k9q7m2x1c.md`;
/// - format 2, `fannedOut`: `findings/3k/SEC-3k9q7m2x1c.md`, in a directory named by the first
///   two characters of the ID's random part (1,024 directories, balanced because IDs are random
///   or hashes), so a write rewrites two small trees instead of one that grows with the store.
///
/// Readers accept both layouts in every format, so a store half way through a merge across a
/// migration hides nothing; `validate` reports a file in the layout its format does not use.
public enum FindingLayout: Int, Sendable, CaseIterable {
    case flat = 1
    case fannedOut = 2

    public static let directory = ".security/findings"
    /// The layout `init` gives a new store.
    public static let newest = FindingLayout.fannedOut

    /// The store format that uses this layout (`format:` in config.yml).
    public var format: Int { rawValue }

    /// The layout in words, for messages: `.security/findings/XY/ID.md`.
    public var pattern: String {
        switch self {
        case .flat: return "\(Self.directory)/ID.md"
        case .fannedOut: return "\(Self.directory)/XY/ID.md"
        }
    }

    /// Where the finding `id` is in this layout.
    public func path(of id: String) -> String {
        switch self {
        case .flat: return "\(Self.directory)/\(id).md"
        case .fannedOut: return "\(Self.directory)/\(Self.bucket(of: id))/\(id).md"
        }
    }

    /// Where a reader looks for `id`: the newest layout first.
    static func candidatePaths(of id: String) -> [String] {
        [FindingLayout.fannedOut.path(of: id), FindingLayout.flat.path(of: id)]
    }

    /// The directory of `id` in the fanned-out layout: the first two characters after the dash,
    /// in lower case (`_` stands in for missing ones, so every name maps somewhere).
    static func bucket(of id: String) -> String {
        let key = FindingID.suffix(of: id).prefix(2)
        return String(key) + String(repeating: "_", count: 2 - key.count)
    }

    /// Whether `name` is `bucket(of: id)`; printable ASCII (every ID a tool made) compared as bytes.
    static func isBucket(_ name: String, of id: String) -> Bool {
        let utf8 = id.utf8
        guard utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }), name.utf8.count == 2, let dash = utf8.firstIndex(of: UInt8(ascii: "-")) else {
            return name == bucket(of: id)
        }
        var wanted = utf8[utf8.index(after: dash)...].prefix(2).map { $0 >= 0x41 && $0 <= 0x5a ? $0 | 0x20 : $0 }
        while wanted.count < 2 { wanted.append(UInt8(ascii: "_")) }
        return name.utf8.elementsEqual(wanted)
    }

    /// The ID a finding file holds and the layout its path follows; nil for any path that is not
    /// where one of the layouts puts that ID (another directory, a file in the wrong bucket).
    public static func locate(_ path: String) -> (id: String, layout: FindingLayout)? {
        guard path.hasPrefix(directory + "/"), path.hasSuffix(".md") else { return nil }
        let parts = path.dropFirst(directory.count + 1).dropLast(3).split(separator: "/", omittingEmptySubsequences: false)
        guard let id = parts.last.map(String.init), !id.isEmpty, !id.hasPrefix(".") else { return nil }
        switch parts.count {
        case 1: return (id, .flat)
        case 2 where parts[0] == bucket(of: id): return (id, .fannedOut)
        default: return nil
        }
    }

    /// The ID of a finding file in either layout; nil for any other path.
    public static func id(ofPath path: String) -> String? { locate(path)?.id }

    /// True for a path under `findings/` that looks like a finding file (`.md`), whether or not
    /// it is where a layout puts it: what hooks and the gate must check.
    public static func isUnderFindings(_ path: String) -> Bool {
        path.hasPrefix(directory + "/") && path.hasSuffix(".md")
    }

    /// The finding files of a store in both layouts, by ID, with a problem for each `.md` file
    /// that is in neither place for its name, and for an ID filed twice (the fanned-out file wins).
    public struct Listing {
        public var paths: [String: String] = [:]
        public var problems: [FileProblem] = []

        /// The IDs, sorted.
        public var ids: [String] { paths.keys.sorted() }
    }

    /// Reads the listing of `files`: one directory listing for a flat store, and one per
    /// fanned-out directory.
    public static func list(_ files: SecurityFiles) throws -> Listing {
        var listing = Listing()
        func add(_ id: String, _ path: String, _ layout: FindingLayout) {
            guard let other = listing.paths[id] else { return listing.paths[id] = path }
            let (kept, dropped) = layout == .fannedOut ? (path, other) : (other, path)
            listing.paths[id] = kept
            listing.problems.append(FileProblem(path: dropped, line: nil,
                                                message: "\(id) is filed twice, also at \(kept): merge the two files into \(kept) and delete this one"))
        }
        for name in try files.list(directory) ?? [] where !name.hasPrefix(".") {
            if name.hasSuffix(".md") {
                add(String(name.dropLast(3)), "\(directory)/\(name)", .flat)
                continue
            }
            for inner in try files.list("\(directory)/\(name)") ?? [] where !inner.hasPrefix(".") {
                let path = "\(directory)/\(name)/\(inner)"
                guard inner.hasSuffix(".md") else {
                    // A directory deeper down is read by no layout: the findings in it would be missed, not shown.
                    if try files.list(path) != nil {
                        listing.problems.append(FileProblem(path: path, line: nil, message:
                            "a directory inside \(directory)/\(name): no reader looks in it; move its finding files to \(fannedOut.pattern) (git mv)"))
                    }
                    continue
                }
                // What `locate` says of this path, without splitting it again.
                let id = String(inner.dropLast(3))
                guard !id.isEmpty, !id.hasPrefix("."), isBucket(name, of: id) else {
                    listing.problems.append(FileProblem(path: path, line: nil, message:
                        "not where a finding file goes: \(id) belongs in \(fannedOut.path(of: id)) (git mv it there)"))
                    continue
                }
                add(id, path, .fannedOut)
            }
        }
        return listing
    }
}
