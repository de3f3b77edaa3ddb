import Crypto
import Foundation

extension SecurityStore {
    /// Every finding that parses, and a problem for each file that does not: what `loadAll`
    /// gives, without the files' text, read through the parsed-findings cache (`FindingCache`)
    /// when there is one. Listings use this; changes, which rewrite the text, use `loadAll`.
    public func findings() throws -> (findings: [Finding], problems: [FileProblem]) {
        guard let cache else {
            let (stored, problems) = try loadAll()
            return (stored.map(\.finding), problems)
        }
        let listing = try findingFiles()
        let ids = listing.ids
        var findings: [Finding] = []
        findings.reserveCapacity(ids.count)
        var problems = listing.problems
        // The cache holds findings as their files are stored: confidential ones sealed. Those the
        // keyring can open are read again and opened after it (decryption never reaches the cache).
        var sealed: [Int] = []
        let opening = !(keyring?.isEmpty ?? true)
        for id in ids {
            do {
                let (recorded, blob) = try cachedFinding(id: id, path: listing.paths[id]!, cache: cache)
                if opening && recorded.isSealed { sealed.append(findings.count) }
                findings.append(live.values[id].map { $0.applied(to: recorded, base: blob) } ?? recorded)
            } catch let problem as FileProblem {
                problems.append(problem)
            }
        }
        if !sealed.isEmpty {
            let opened = withLive(try self.opened(try sealed.map { try decoded(id: findings[$0].id, path: listing.paths[findings[$0].id]) }))
            for (index, stored) in zip(sealed, opened) { findings[index] = stored.finding }
        }
        if files is WorkingTreeFiles { cache.keepEntries(Set(listing.paths.values.map(Self.cacheName))) }
        cache.save()
        return (findings, problems)
    }

    /// One finding through the cache: a working-tree file whose stat data match is neither read
    /// nor parsed; a committed file is looked up by its blob id; anything else is read, decoded
    /// as `load` does, and added. With it, its blob id (for the live values' check).
    private func cachedFinding(id: String, path: String, cache: FindingCache) throws -> (Finding, blob: String) {
        let name = Self.cacheName(path)
        if let tree = files as? WorkingTreeFiles {
            // Stat first, then read, as git does: a change after the stat shows at the next one.
            guard let stat = FindingCache.FileStat(path: tree.root + "/" + path) else { return try uncached(id) }
            if let key = cache.trustedKey(name: name, stat: stat), let finding = cache.finding(key: key) {
                return (finding, key)
            }
            guard let bytes = try files.read(path) else { return try uncached(id) }
            let key = Self.blobID(bytes)
            cache.remember(name: name, key: key, stat: stat)
            return (try cached(bytes, key: key, path: path, cache: cache), key)
        }
        if let commit = files as? CommitFiles, let blob = commit.blobID(path) {
            if let finding = cache.finding(key: blob.hex) { return (finding, blob.hex) }
            guard let bytes = try files.read(path) else { return try uncached(id) }
            return (try cached(bytes, key: blob.hex, path: path, cache: cache), blob.hex)
        }
        return try uncached(id)
    }

    /// A working-tree file's name in the cache: its path under `findings/` (`SEC-1a2b.md` or `1a/SEC-1a2b.md`).
    private static func cacheName(_ path: String) -> String { String(path.dropFirst(findingsDirectory.count + 1)) }

    /// What the file says, read and decoded without the cache.
    private func uncached(_ id: String) throws -> (Finding, blob: String) {
        let stored = try load(id: id)
        return (stored.recorded, LiveValues.hash(stored.text))
    }

    private func cached(_ bytes: [UInt8], key: String, path: String, cache: FindingCache) throws -> Finding {
        if let finding = cache.finding(key: key) { return finding }
        let finding = try FindingCodec.decode(String(decoding: bytes, as: UTF8.self), path: path)
        cache.store(finding, key: key)
        return finding
    }

    /// The id git gives these bytes as a blob (`git hash-object`): SHA-1 of `blob SIZE\0` and them.
    static func blobID(_ bytes: [UInt8]) -> String {
        var hash = Insecure.SHA1()
        hash.update(data: Array("blob \(bytes.count)\0".utf8))
        hash.update(data: bytes)
        return Hex.string(hash.finalize())
    }
}
