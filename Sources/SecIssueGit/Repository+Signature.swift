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
