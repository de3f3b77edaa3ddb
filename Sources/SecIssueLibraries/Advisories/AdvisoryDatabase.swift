import Crypto
import Foundation
import SecIssueKit
import Yams

/// OSV advisories from any number of sources, indexed by ecosystem and package name.
///
/// A source is a directory of OSV files (JSON or YAML, any layout: a checkout of PyPA's
/// advisory-database, the Go vulnerability database's `osv/`, GitHub's advisory database), a
/// RustSec checkout (Markdown with TOML front matter), or an osv.dev zip export (`all.zip`).
/// Parsing thousands of files takes seconds, so each source's records are cached, keyed by a hash
/// of the source's contents: an unchanged database loads from the cache, a changed one is parsed again.
public final class AdvisoryDatabase {
    /// What the loading wants said: files that are not advisories, sources read from cache.
    public private(set) var notes: [String] = []
    /// Per source: its path, how many records, whether the cache served it.
    public private(set) var loaded: [(path: String, records: Int, cached: Bool)] = []
    /// How many advisories all sources hold.
    public var count: Int { sources.reduce(0) { $0 + $1.count } }
    private var sources: [AdvisoryRecords] = []
    private var index: [String: [(source: Int, record: Int, affected: Int)]] = [:]

    /// Bump when OSVRecord's cached shape or the reading changes: old caches are then not used.
    static let cacheFormat = "osv-cache-3"

    public init(records: [OSVRecord]) {
        add(.parsed(records), index: Self.index(records))
    }

    /// Loads every source; `cacheDirectory` (the git common dir's `secissue/`) holds the parsed
    /// records keyed by content, nil to parse every time.
    public init(sources: [String], cacheDirectory: String?) throws {
        for source in sources {
            let (cache, cached) = try Self.load(source, cacheDirectory: cacheDirectory)
            add(cache.records, index: cache.index)
            notes += cache.notes
            loaded.append((source, cache.records.count, cached))
        }
    }

    private func add(_ records: AdvisoryRecords, index sourceIndex: [String: [(record: Int, affected: Int)]]) {
        let source = sources.count
        sources.append(records)
        for (key, entries) in sourceIndex {
            index[key, default: []] += entries.map { (source, $0.record, $0.affected) }
        }
    }

    /// Which records (and which of their affected entries) name each package.
    static func index(_ records: [OSVRecord]) -> [String: [(record: Int, affected: Int)]] {
        var index: [String: [(record: Int, affected: Int)]] = [:]
        for (number, record) in records.enumerated() {
            for (position, affected) in (record.affected ?? []).enumerated() {
                guard let package = affected.package, let ecosystem = ecosystem(package.ecosystem) else { continue }
                index[key(ecosystem, package.name), default: []].append((number, position))
            }
        }
        return index
    }

    /// The records (and which of their affected entries) about one package.
    public func advisories(for ecosystem: Ecosystem, name: String) throws -> [(record: OSVRecord, affected: OSVRecord.Affected)] {
        try (index[Self.key(ecosystem, name)] ?? []).compactMap { entry in
            let record = try sources[entry.source].record(entry.record)
            guard let affected = record.affected, entry.affected < affected.count else { return nil }
            return (record, affected[entry.affected])
        }
    }

    /// Our ecosystem for an OSV ecosystem name; nil for those no lockfile parser reads (Debian:11, Alpine:v3.18, …).
    public static func ecosystem(_ osv: String) -> Ecosystem? {
        switch osv {
        case "PyPI": .pypi
        case "npm": .npm
        case "Go": .go
        case "crates.io": .cargo
        case "RubyGems": .rubygems
        case "Maven": .maven
        case "Packagist": .composer
        case "NuGet": .nuget
        case "SwiftURL": .swift
        default: nil
        }
    }

    /// The index key: names as the ecosystem compares them. SwiftURL names are repository URLs
    /// (`github.com/vapor/vapor`) and Package.resolved pins are identities (`vapor`), derived
    /// from the URL's last component as SwiftPM does.
    static func key(_ ecosystem: Ecosystem, _ name: String) -> String {
        var name = name
        if ecosystem == .swift {
            name = name.split { $0 == "/" || $0 == ":" }.last.map(String.init) ?? name
            if name.hasSuffix(".git") { name.removeLast(4) }
            name = name.lowercased()
        }
        return ecosystem.rawValue + "\u{0}" + LibraryPolicy.key(name, ecosystem)
    }

    // MARK: Loading

    /// A source's records: from the cache when its contents hash to a cached key, else parsed (and cached).
    static func load(_ source: String, cacheDirectory: String?) throws -> (cache: AdvisoryCache, cached: Bool) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) else {
            throw SecIssueError("\(source): no such advisory source: give a directory of OSV files, a RustSec checkout or an osv.dev zip export")
        }
        let files: [(name: String, bytes: [UInt8])]
        var zip: ZipArchive?
        if isDirectory.boolValue {
            files = try directoryFiles(source)
        } else {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: source)))
            guard bytes.starts(with: [0x50, 0x4b]) else {
                throw SecIssueError("\(source): not a directory or a zip archive: give a directory of OSV files or an osv.dev zip export (all.zip)")
            }
            zip = try ZipArchive(path: source, bytes: bytes)
            files = [("all.zip", bytes)]
        }
        var hash = SHA256()
        hash.update(data: Array(cacheFormat.utf8))
        for file in files {
            hash.update(data: Array(file.name.utf8) + [0])
            hash.update(data: SHA256.hash(data: file.bytes).map { $0 })
        }
        let key = hash.finalize().prefix(16).map { String(format: "%02x", $0) }.joined()
        let cacheFile = cacheDirectory.map { "\($0)/advisories-\(key).cache" }
        if let cacheFile, let cached = AdvisoryCache.read(cacheFile) {
            try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: cacheFile)
            return (cached, true)
        }
        var records: [OSVRecord] = []
        var skipped: [String] = []
        if let zip {
            for entry in zip.entries where entry.name.hasSuffix(".json") {
                let bytes = try zip.contents(entry)
                if let record = decode(bytes, name: entry.name) { records.append(record) } else { skipped.append(entry.name) }
            }
        } else {
            for file in files {
                if let record = decode(file.bytes, name: file.name) { records.append(record) } else { skipped.append(file.name) }
            }
        }
        var notes: [String] = []
        if !skipped.isEmpty {
            notes.append("\(source): \(skipped.count) file\(skipped.count == 1 ? " is" : "s are") not OSV advisories and were skipped (\(skipped.prefix(3).joined(separator: ", "))\(skipped.count > 3 ? ", …" : ""))")
        }
        if records.isEmpty {
            throw SecIssueError("\(source): no OSV advisories found (JSON or YAML files with an id and affected packages, or RustSec Markdown)")
        }
        let cache = AdvisoryCache(notes: notes, index: index(records), records: .parsed(records))
        if let cacheDirectory, let cacheFile {
            try? FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
            cache.write(to: cacheFile)
            pruneCaches(in: cacheDirectory, keeping: cacheFile)
        }
        return (cache, false)
    }

    /// Caches nobody has read for a week belong to databases since updated.
    private static func pruneCaches(in directory: String, keeping: String) {
        let cutoff = Date().addingTimeInterval(-7 * 86_400)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasPrefix("advisories-") {
            let path = directory + "/" + name
            guard path != keeping, let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                  modified < cutoff else { continue }
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// The candidate files of a directory tree, sorted by path (hidden directories such as .git
    /// not entered, symbolic links to directories not followed).
    private static func directoryFiles(_ root: String) throws -> [(name: String, bytes: [UInt8])] {
        var paths: [String] = []
        try candidatePaths(root, "", into: &paths)
        return try paths.sorted().map { relative in
            let path = root + "/" + relative
            guard let data = FileManager.default.contents(atPath: path) else { throw SecIssueError("\(path): cannot be read") }
            return (relative, [UInt8](data))
        }
    }

    private static let suffixes = [".json", ".yaml", ".yml", ".md"]

    /// Walks with readdir: FileManager's enumerator spent more time than reading the files.
    private static func candidatePaths(_ root: String, _ relative: String, into paths: inout [String]) throws {
        let directory = relative.isEmpty ? root : root + "/" + relative
        guard let handle = opendir(directory) else { throw SecIssueError("\(directory): cannot read the directory") }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasPrefix(".") { continue }
            let path = relative.isEmpty ? name : relative + "/" + name
            var type = Int32(entry.pointee.d_type)
            if type == Int32(DT_UNKNOWN) || type == Int32(DT_LNK) {
                var info = stat()
                // A link counts as what it points to, but a directory is entered only by its own name.
                guard stat(root + "/" + path, &info) == 0 else { continue }
                let format = info.st_mode & S_IFMT
                type = format == S_IFREG ? Int32(DT_REG) : format == S_IFDIR && type == Int32(DT_UNKNOWN) ? Int32(DT_DIR) : -1
            }
            if type == Int32(DT_DIR) {
                try candidatePaths(root, path, into: &paths)
            } else if type == Int32(DT_REG), suffixes.contains(where: name.hasSuffix) {
                paths.append(path)
            }
        }
    }

    /// One file as an OSV record; nil when it is not one (a README, a package.json, a schema).
    static func decode(_ bytes: [UInt8], name: String) -> OSVRecord? {
        let record: OSVRecord?
        if name.hasSuffix(".md") {
            record = RustSecAdvisory.record(String(decoding: bytes, as: UTF8.self))
        } else if name.hasSuffix(".json") {
            record = try? JSONDecoder().decode(OSVRecord.self, from: Data(bytes))
        } else {
            record = try? YAMLDecoder().decode(OSVRecord.self, from: String(decoding: bytes, as: UTF8.self))
        }
        guard let record, !record.id.isEmpty, !(record.affected ?? []).isEmpty else { return nil }
        return record
    }
}
