extension Repository {
    /// Every file path under `tree`, depth first, skipping directories named in `skipping`.
    public func filePaths(in tree: ObjectID, skipping: Set<String> = []) throws -> [String] {
        var paths: [String] = []
        var pending: [(prefix: String, tree: ObjectID)] = [("", tree)]
        while let (prefix, current) = pending.popLast() {
            for entry in try entries(at: "", in: current) ?? [] {
                let path = prefix + entry.name
                if entry.isTree {
                    if !skipping.contains(entry.name) { pending.append((path + "/", entry.id)) }
                } else {
                    paths.append(path)
                }
            }
        }
        return paths.sorted()
    }
}
