/// Whether the calling thread may spread its work over more cores: the
/// large products (``ProductPanels``), the one-pass row kernels
/// (``RowChunks``) and CellCert's parallel loops (``ParallelLoop``: the inputs
/// of `table`, Monte Carlo batches, facet checks).
///
/// Allowed by default: one cell of an MNIST-size network is worth two cores.
/// A parallel loop turns it off inside its workers, which already occupy the
/// cores they were given, so work nested in them (a product, the facet checks
/// of one input of `table`) runs on the worker's thread; and the command line
/// turns it off for `--threads 1`, which means one core. The results are the
/// same either way: panels, chunks and loop items are cut independently of
/// the threads and computed by the same calls, on one thread or several.
///
/// A task-local value, bound on the calling thread for the duration of
/// ``run(allowed:_:)``; threads started inside (e.g. by `concurrentPerform`)
/// see the default again, so code that starts them sets their value itself.
public enum Parallelism {
    @TaskLocal public static var isAllowed = true

    /// Runs `body` on this thread with spreading allowed or not.
    public static func run<T>(allowed: Bool, _ body: () throws -> T) rethrows -> T {
        try $isAllowed.withValue(allowed, operation: body)
    }
}
