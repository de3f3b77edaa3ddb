/// Debian's libgit2 1.5.1 is built with mbedTLS, and `git_libgit2_init` loads the whole system CA
/// bundle (`/etc/ssl/certs/ca-certificates.crt`, some 140 certificates decoded from base64) with
/// `mbedtls_x509_crt_parse_file`, with no option to skip it: two thirds of the cost of the
/// initialisation, paid by every command that opens a repository (docs/performance.md).
///
/// git-secissue never uses libgit2's network code (a partial clone's missing objects are fetched
/// by `git` itself), so this definition takes the function's place for the whole process: the
/// executable's symbols come before the shared libraries' when the dynamic loader binds
/// libgit2's calls. It loads no certificate, so should anything ever open an HTTPS connection
/// through libgit2, no server certificate would verify: the connection fails, closed, instead
/// of trusting anything. `Libgit2Tests` checks that libgit2 still initialises with it.
@_cdecl("mbedtls_x509_crt_parse_file")
public func secissueSkipCertificateFile(_ chain: UnsafeMutableRawPointer?, _ path: UnsafePointer<CChar>?) -> Int32 {
    0
}
