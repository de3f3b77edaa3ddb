import Foundation

/// Links to a finding's file on the repository host, derived from the origin remote: GitHub and
/// GitLab style hosts, over https or ssh. Credentials in the remote URL never reach a link.
public enum HostLinks {
    /// `https://HOST/OWNER/REPO` for a remote on a host whose name says github or gitlab, else nil.
    public static func webURL(remote: String?) -> String? {
        guard var text = remote?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        var host: Substring, path: Substring
        if let scheme = text.range(of: "://") {
            let scheme = text[..<scheme.lowerBound].lowercased()
            guard ["https", "http", "ssh", "git"].contains(scheme) else { return nil }
            text = String(text[text.range(of: "://")!.upperBound...])
            guard let slash = text.firstIndex(of: "/") else { return nil }
            host = text[..<slash]
            path = text[text.index(after: slash)...]
        } else if let colon = text.firstIndex(of: ":"), !text[..<colon].contains("/") {
            // scp-like syntax: git@github.com:owner/repo.git
            host = text[..<colon]
            path = text[text.index(after: colon)...]
        } else {
            return nil
        }
        // user:token@host: the user part is dropped; a port belongs to ssh, not to the web address.
        if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
        if let colon = host.firstIndex(of: ":") { host = host[..<colon] }
        if path.hasSuffix(".git") { path = path.dropLast(4) }
        while path.hasSuffix("/") { path = path.dropLast() }
        let name = host.lowercased()
        guard name.contains("github") || name.contains("gitlab"),
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }),
              path.split(separator: "/").count >= 2,
              path.allSatisfy({ $0.isLetter || $0.isNumber || "-_./".contains($0) }), !path.contains("..") else { return nil }
        return "https://\(name)/\(path)"
    }

    /// The page of `path` (at `line`) in `commit` under `webURL`; GitLab hosts put `/-/` before `blob`.
    public static func fileURL(webURL: String, commit: String, path: String, line: Int?) -> String {
        let blob = webURL.contains("gitlab") ? "/-/blob/" : "/blob/"
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%;")
        let encoded = path.split(separator: "/", omittingEmptySubsequences: false)
            .map { String($0).addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }.joined(separator: "/")
        return webURL + blob + commit + "/" + encoded + (line.map { "#L\($0)" } ?? "")
    }
}
