extension Int {
    /// `self + other`, held at `Int.max` (or `Int.min`) instead of trapping.
    ///
    /// For counts read from files people can edit (a finding's `evidence.count`, a source's
    /// `(N)`): Swift traps on overflow, which would turn one hostile number into a crash of every
    /// ingest. A count stuck at Int.max still says "a great many", which is all it can mean.
    public func addingSaturated(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }
}
