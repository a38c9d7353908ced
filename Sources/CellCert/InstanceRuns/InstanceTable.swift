/// The result table of an instance list (`cellcert verify --instances`, or
/// `cellcert merge` of its streamed shards): one row per instance in list
/// order, and the counts of each answer.
///
/// An unsharded run and the merge of its shards build the same table from
/// the same results, so they render alike except for the times.
public struct InstanceTable: Sendable {
    /// The instance list as the user named it.
    public let list: String
    /// One result per instance, in list order.
    public let results: [InstanceResult]

    /// The table of `results` (in list order) of the list `list`.
    public init(list: String, results: [InstanceResult]) {
        self.list = list
        self.results = results
    }

    /// How many instances have `answer`.
    public func count(of answer: InstanceResult.Answer) -> Int {
        results.count { $0.result == answer }
    }

    /// The instances answered `error`, in list order.
    public var errors: [InstanceResult] { results.filter { $0.result == .error } }

    /// The sum of the instances' seconds (shards run apart, so a merged table has no single wall time).
    public var totalSeconds: Double { results.reduce(0) { $0 + $1.seconds } }
}
