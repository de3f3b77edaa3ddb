import CLibgit2

extension Repository {
    /// A configuration value as `git config KEY` prints it, or nil when unset. A configuration
    /// file that does not parse is an error, not "unset". The corresponding C functions are
    /// `git_repository_config_snapshot` and `git_config_get_string`.
    public func configString(_ key: String) throws -> String? {
        var config: OpaquePointer?
        try check(git_repository_config_snapshot(&config, pointer), "cannot read the git configuration")
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        let code = git_config_get_string(&value, config, key)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "cannot read \(key) from the git configuration")
        return value.map { String(cString: $0) }
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
