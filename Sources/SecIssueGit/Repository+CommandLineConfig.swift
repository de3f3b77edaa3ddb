import CLibgit2
import Foundation

extension Repository {
    /// Adds the configuration git passed in `environment` (`git -c`, `GIT_CONFIG_PARAMETERS`,
    /// `GIT_CONFIG_COUNT`) to this repository's configuration as its highest level, so every read
    /// sees it: this tool's own (`configString`, `signature`) and libgit2's (`core.*`), as git's
    /// subcommands do.
    ///
    /// libgit2 1.5.1 has no in-memory configuration backend, so the settings are written to a
    /// file of their own (mode 0600, in `TMPDIR`) that the repository owns and removes in
    /// `deinit`; libgit2 re-reads a file backend when it changes, so it must live as long as the
    /// repository. The corresponding C function is `git_config_add_file_ondisk` at
    /// `GIT_CONFIG_LEVEL_APP`, the level above the repository's own files.
    func addCommandLineConfig(from environment: [String: String]) throws {
        let settings = try CommandLineConfig(environment: environment)
        guard !settings.entries.isEmpty else { return }
        let path = try Self.privateFile(holding: settings.fileText, in: environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp")
        commandLineConfigFile = path
        var config: OpaquePointer?
        try check(git_repository_config(&config, pointer), "cannot read the git configuration")
        defer { git_config_free(config) }
        try check(git_config_add_file_ondisk(config, path, GIT_CONFIG_LEVEL_APP, pointer, 0),
                  "cannot use the configuration git passed (git -c, GIT_CONFIG_PARAMETERS or GIT_CONFIG_COUNT)")
    }

    /// A new file only its owner can read, created with `mkstemp`, holding `text`.
    private static func privateFile(holding text: String, in directory: String) throws -> String {
        var template = Array((directory + "/git-secissue-config-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw GitError(message: "cannot write the configuration git passed to a file in \(directory): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                unlink(path)
                throw GitError(message: "cannot write the configuration git passed to \(path): \(String(cString: strerror(errno)))")
            }
            written += count
        }
        return path
    }
}
