import CLibgit2

extension Repository {
    /// A configuration value as `git config KEY` prints it, or nil when unset.
    /// The corresponding C functions are `git_repository_config_snapshot` and `git_config_get_string`.
    public func configString(_ key: String) -> String? {
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, pointer) == 0 else { return nil }
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        guard git_config_get_string(&value, config, key) == 0, let value else { return nil }
        return String(cString: value)
    }

    /// Sets a configuration value in the repository's own config file.
    public func setConfig(_ key: String, to value: String) throws {
        var config: OpaquePointer?
        try check(git_repository_config(&config, pointer), "cannot open the repository configuration")
        defer { git_config_free(config) }
        var local: OpaquePointer?
        try check(git_config_open_level(&local, config, GIT_CONFIG_LEVEL_LOCAL), "cannot open .git/config")
        defer { git_config_free(local) }
        try check(git_config_set_string(local, key, value), "cannot set \(key)")
    }
}
