/// Debian's libgit2 1.5.1 is built with mbedTLS, and `git_libgit2_init` loads the whole system CA
/// bundle (`/etc/ssl/certs/ca-certificates.crt`, some 140 certificates decoded from base64) with
/// `mbedtls_x509_crt_parse_file`, with no option to skip it: two thirds of the cost of the
/// initialisation, paid by every command that opens a repository (docs/performance.md).
///
/// git-secissue never uses libgit2's network code (a partial clone's missing objects are fetched
/// by `git` itself), so libgit2's call goes here instead: Package.swift links libgit2 in with
/// `--wrap=mbedtls_x509_crt_parse_file`, which makes the linker send libgit2's calls of that
/// function to `__wrap_mbedtls_x509_crt_parse_file`. It loads no certificate, so should anything
/// ever open an HTTPS connection through libgit2, no server certificate would verify: the
/// connection fails, closed, instead of trusting anything. `StartupTests` checks that the binary
/// has it and that libgit2 still initialises with it.
@_cdecl("__wrap_mbedtls_x509_crt_parse_file")
public func secissueSkipCertificateFile(_ chain: UnsafeMutableRawPointer?, _ path: UnsafePointer<CChar>?) -> Int32 {
    0
}
