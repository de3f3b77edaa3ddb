import CLibgit2

/// The signature a commit carries in its `gpgsig` header, and the bytes it signs.
public struct CommitSignature: Sendable, Equatable {
    /// The armored signature block as stored (`-----BEGIN SSH SIGNATURE-----` or an OpenPGP block).
    public let armored: String
    /// The commit object without its signature header: what the signer signed.
    public let signedData: [UInt8]

    public init(armored: String, signedData: [UInt8]) {
        self.armored = armored
        self.signedData = signedData
    }
}

extension Repository {
    /// The signature of `commit`, or nil when it is unsigned.
    /// The corresponding C function is `git_commit_extract_signature`.
    public func signature(ofCommit commit: ObjectID) throws -> CommitSignature? {
        var raw = commit.raw
        var signature = git_buf()
        var signed = git_buf()
        defer {
            git_buf_dispose(&signature)
            git_buf_dispose(&signed)
        }
        let code = git_commit_extract_signature(&signature, &signed, pointer, &raw, nil)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "cannot read the signature of \(commit.short())")
        return CommitSignature(armored: String(decoding: Self.bytes(signature), as: UTF8.self), signedData: Self.bytes(signed))
    }

    private static func bytes(_ buffer: git_buf) -> [UInt8] {
        guard let start = buffer.ptr, buffer.size > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: start, count: buffer.size))
    }
}

/// An annotated tag with the signature its message ends with, as `git tag -s` writes it.
public struct SignedTag: Sendable, Equatable {
    /// The tag's name without `refs/tags/`.
    public let name: String
    /// The object the tag points at (a commit, for the tags that approve).
    public let target: ObjectID
    /// The tag message without its signature.
    public let message: String
    public let signature: CommitSignature
}

extension Repository {
    /// The annotated tags whose message carries a signature block; lightweight and unsigned tags
    /// are left out. As git does, the signature is the last block starting with a `-----BEGIN `
    /// line, and it signs the tag object's bytes before it. The corresponding C functions are
    /// `git_reference_list` and `git_odb_read`.
    public func signedTags() throws -> [SignedTag] {
        var names = git_strarray()
        try check(git_reference_list(&names, pointer), "cannot list references")
        defer { git_strarray_dispose(&names) }
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, pointer), "cannot open the object database")
        defer { git_odb_free(odb) }
        var tags: [SignedTag] = []
        for index in 0..<names.count {
            guard let raw = names.strings[index] else { continue }
            let name = String(cString: raw)
            guard name.hasPrefix("refs/tags/") else { continue }
            var reference: OpaquePointer?
            guard git_reference_lookup(&reference, pointer, name) == 0 else { continue }
            defer { git_reference_free(reference) }
            guard let oid = git_reference_target(reference) else { continue }
            var id = oid.pointee
            var object: OpaquePointer?
            guard git_odb_read(&object, odb, &id) == 0 else { continue }
            defer { git_odb_object_free(object) }
            guard git_odb_object_type(object) == GIT_OBJECT_TAG, let data = git_odb_object_data(object) else { continue }
            let bytes = Array(UnsafeRawBufferPointer(start: data, count: git_odb_object_size(object)))
            if let tag = Self.signedTag(String(name.dropFirst("refs/tags/".count)), bytes) { tags.append(tag) }
        }
        return tags
    }

    /// Splits a tag object into its header, message and trailing signature.
    static func signedTag(_ name: String, _ bytes: [UInt8]) -> SignedTag? {
        let begin = Array("-----BEGIN ".utf8)
        var start: Int?
        var lineStart = 0
        while lineStart < bytes.count {
            if bytes[lineStart...].starts(with: begin) { start = lineStart }
            guard let newline = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) else { break }
            lineStart = newline + 1
        }
        guard let start else { return nil }
        let signed = Array(bytes[..<start])
        let text = String(decoding: signed, as: UTF8.self)
        guard text.hasPrefix("object "), let target = ObjectID(hex: String(text.dropFirst(7).prefix(40))),
              let separator = text.range(of: "\n\n") else { return nil }
        return SignedTag(name: name, target: target, message: String(text[separator.upperBound...]),
                         signature: CommitSignature(armored: String(decoding: bytes[start...], as: UTF8.self), signedData: signed))
    }
}
