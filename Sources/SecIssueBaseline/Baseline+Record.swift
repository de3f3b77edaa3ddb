import SecIssueKit
extension Baseline {
    /// `baseline record`: the files below `root` that `patterns` name and, with `packages`, the
    /// installed OS packages. Returns the baseline and a warning for each thing left out.
    public static func record(name: String, root: String, patterns raw: [String], packages: Bool) throws -> (baseline: Baseline, warnings: [String]) {
        try validate(name: name)
        var patterns: [String] = []
        for pattern in raw {
            let normal = try FileSnapshot.normalise(pattern)
            if !patterns.contains(normal) { patterns.append(normal) }
        }
        guard !patterns.isEmpty || packages else {
            throw SecIssueError.usage("nothing to record: name files, directories or globs (such as etc/ssh/** usr/bin/*), or give --packages")
        }
        let snapshot = try FileSnapshot.take(root: root, patterns: patterns)
        var warnings = snapshot.warnings
        warnings += snapshot.unmatched.map { "\($0) matches nothing under \(root): recorded anyway, so files that appear there are reported as new" }
        var managers: [PackageDatabase.Manager] = []
        var installed: [Package] = []
        if packages {
            let found = try PackageDatabase.installed(root: root)
            guard !found.managers.isEmpty else {
                let looked = "looked for " + ([PackageDatabase.dpkgStatus, PackageDatabase.apkInstalled].map { $0.joined(separator: "/") }
                    + PackageDatabase.rpmSQLite).joined(separator: ", ")
                throw SecIssueError((found.notes.first.map { "\($0); " } ?? "") + "no package database found under \(root) (\(looked)): "
                                    + "leave out --packages, or point --root at the system's root directory")
            }
            warnings += found.notes
            managers = found.managers.sorted()
            var keys: Set<String> = []
            installed = found.packages.filter { keys.insert($0.key).inserted }
        }
        let baseline = Baseline(name: name, patterns: patterns.map { Pattern($0) }, managers: managers,
                                files: Array(snapshot.files.values), packages: installed)
        return (baseline, warnings)
    }
}
