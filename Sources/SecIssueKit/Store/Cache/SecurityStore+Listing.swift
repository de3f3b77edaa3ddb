import Crypto
import Foundation

extension SecurityStore {
    /// Every finding that parses, and a problem for each file that does not: what `loadAll`
    /// gives, without the files' text, read through the parsed-findings cache (`FindingCache`)
    /// when there is one. Listings use this; changes, which rewrite the text, use `loadAll`.
    public func findings() throws -> (findings: [Finding], problems: [FileProblem]) {
        let listed = try listedFindings()
        return (listed.findings, listed.problems)
    }

    /// What `findings()` gives, with the cached `--format json` rendering of each finding that is
    /// shown exactly as its file says (no live values, not opened).
    public func listedFindings() throws -> ListedFindings {
        guard let cache else {
            let listing = try findingFiles()
            let (stored, problems) = try loadAll(listing)
            return ListedFindings(findings: stored.map(\.finding), problems: problems, ids: listing.ids, renderings: [], owner: nil)
        }
        // The working tree's files are listed and stat'ed in one pass (`WorkingTreeScan`).
        let scan = (files as? WorkingTreeFiles).map { WorkingTreeScan($0) }
        let listing = try findingFiles(listedBy: scan ?? files)
        let ids = listing.ids
        var findings: [Finding] = []
        findings.reserveCapacity(ids.count)
        var renderings: [UnsafeRawBufferPointer?] = []
        renderings.reserveCapacity(ids.count)
        var problems = listing.problems
        // The cache holds findings as their files are stored: confidential ones sealed. Those the
        // keyring can open are read again and opened after it (decryption never reaches the cache).
        var sealed: [Int] = []
        let opening = !(keyring?.isEmpty ?? true)
        for id in ids {
            do {
                let (recorded, blob, json) = try cachedFinding(id: id, path: listing.paths[id]!, cache: cache, scan: scan)
                if opening && recorded.isSealed { sealed.append(findings.count) }
                if let values = live.values[id] {
                    findings.append(values.applied(to: recorded, base: blob))
                    renderings.append(nil)
                } else {
                    findings.append(recorded)
                    renderings.append(json)
                }
            } catch let problem as FileProblem {
                problems.append(problem)
            }
        }
        if !sealed.isEmpty {
            let opened = withLive(try self.opened(try sealed.map { try decoded(id: findings[$0].id, path: listing.paths[findings[$0].id]) }))
            for (index, stored) in zip(sealed, opened) {
                findings[index] = stored.finding
                renderings[index] = nil
            }
        }
        if scan != nil { cache.forgetUnseenEntries() }
        cache.save()
        return ListedFindings(findings: findings, problems: problems, ids: ids, renderings: renderings, owner: cache)
    }

    /// One finding through the cache: a working-tree file whose stat data match is neither read
    /// nor parsed; a committed file is looked up by its blob id; anything else is read, decoded
    /// as `load` does, and added, with its rendering. With it, its blob id (for the live values'
    /// check and the rendering), and the cache's rendering of it.
    private func cachedFinding(id: String, path: String, cache: FindingCache, scan: WorkingTreeScan?)
        throws -> (Finding, blob: String, json: UnsafeRawBufferPointer?) {
        if let scan {
            let name = Self.cacheName(path)
            // Stat first, then read, as git does: a change after the stat shows at the next one.
            guard let stat = scan.fileStat(path) else { return try uncached(id) }
            if let key = cache.trustedKey(name: name, stat: stat), let finding = cache.finding(key: key) {
                return (finding, key, rendering(finding, key: key, cache: cache))
            }
            guard let bytes = try files.read(path) else { return try uncached(id) }
            let key = Self.blobID(bytes)
            cache.remember(name: name, key: key, stat: stat)
            let finding = try cached(bytes, key: key, path: path, cache: cache)
            return (finding, key, rendering(finding, key: key, cache: cache))
        }
        if let commit = files as? CommitFiles, let blob = commit.blobID(path) {
            if let finding = cache.finding(key: blob.hex) { return (finding, blob.hex, rendering(finding, key: blob.hex, cache: cache)) }
            guard let bytes = try files.read(path) else { return try uncached(id) }
            let finding = try cached(bytes, key: blob.hex, path: path, cache: cache)
            return (finding, blob.hex, rendering(finding, key: blob.hex, cache: cache))
        }
        return try uncached(id)
    }

    /// A working-tree file's name in the cache: its path under `findings/` (`SEC-1a2b.md` or `1a/SEC-1a2b.md`).
    private static func cacheName(_ path: String) -> String {
        String(decoding: path.utf8.dropFirst(findingsDirectory.utf8.count + 1), as: UTF8.self)
    }

    /// What the file says, read and decoded without the cache (and so without a rendering).
    private func uncached(_ id: String) throws -> (Finding, blob: String, json: UnsafeRawBufferPointer?) {
        let stored = try load(id: id)
        return (stored.recorded, LiveValues.hash(stored.text), nil)
    }

    private func cached(_ bytes: [UInt8], key: String, path: String, cache: FindingCache) throws -> Finding {
        if let finding = cache.finding(key: key) { return finding }
        let finding = try FindingCodec.decode(String(decoding: bytes, as: UTF8.self), path: path)
        cache.store(finding, json: finding.jsonElement, key: key)
        return finding
    }

    /// This build's rendering of `finding`, from the record of `key`: the cache's, or made now
    /// and kept in it.
    private func rendering(_ finding: Finding, key: String, cache: FindingCache) -> UnsafeRawBufferPointer? {
        if let json = cache.json(key: key) { return json }
        cache.storeJSON(finding.jsonElement, key: key)
        return cache.json(key: key)
    }

    /// The id git gives these bytes as a blob (`git hash-object`): SHA-1 of `blob SIZE\0` and them.
    static func blobID(_ bytes: [UInt8]) -> String {
        var hash = Insecure.SHA1()
        hash.update(data: Array("blob \(bytes.count)\0".utf8))
        hash.update(data: bytes)
        return Hex.string(hash.finalize())
    }
}

/// The findings of a listing and the problems of the files that did not parse; with, for each
/// finding shown exactly as its file says, the cached rendering of its `--format json` element
/// (`FindingCache`), written out as it is rather than rendered again.
public struct ListedFindings {
    public private(set) var findings: [Finding]
    public let problems: [FileProblem]
    /// The ID of every finding file, sorted, those that did not parse included: what the
    /// shortest unique prefixes are taken among (`FindingIndex`).
    public let ids: [String]
    /// Parallel to `findings` (or empty: none cached); the bytes belong to `owner`.
    private var renderings: [UnsafeRawBufferPointer?]
    private let owner: AnyObject?

    init(findings: [Finding], problems: [FileProblem], ids: [String], renderings: [UnsafeRawBufferPointer?], owner: AnyObject?) {
        self.findings = findings
        self.problems = problems
        self.ids = ids
        self.renderings = renderings
        self.owner = owner
    }

    /// The findings as shown instead (the same ones, in the same order, some changed, as
    /// `RevisionPosture` shows them): a changed finding's rendering is dropped.
    public mutating func show(_ shown: [Finding]) {
        precondition(shown.count == findings.count)
        for index in renderings.indices where renderings[index] != nil && shown[index] != findings[index] {
            renderings[index] = nil
        }
        findings = shown
    }

    /// `--format json` of the findings at `indices`, in that order, in pieces (`JSONValue.streamArray`).
    public func streamJSON(_ indices: [Int], emit: ([UInt8]) -> Void) {
        JSONValue.streamArray(indices, write: { index, out in
            if renderings.indices.contains(index), let cached = renderings[index] {
                out.append(contentsOf: cached.assumingMemoryBound(to: UInt8.self))
            } else {
                findings[index].json.write(to: &out, indent: 1)
            }
        }, emit: emit)
    }
}
