import Dispatch

/// Runs a per-row computation over a row-major matrix in chunks of rows on
/// every core, when the matrix is large enough to pay for the hand-off and
/// ``Parallelism`` allows it.
///
/// Each row's result is computed by the same code whichever chunk holds it,
/// so the results do not depend on the chunking or the thread count. Used by
/// the one-pass row kernels (`Matrix.productsAndMagnitudes`, `RowLengths`),
/// which read the whole cell once and are limited by memory bandwidth: two
/// cores read it faster than one.
enum RowChunks {
    /// Matrices with fewer entries run on the calling thread.
    static let minimumEntries = 1 << 17
    /// Chunks per large matrix: a few per core, so that two cores finish together.
    static let count = 8

    /// Calls `body` with disjoint ranges of rows that together cover `0..<rows`.
    static func forEach(rows: Int, columns: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let (entries, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard rows > 1, overflow || entries >= minimumEntries, Parallelism.isAllowed else {
            body(0..<rows)
            return
        }
        let chunks = min(count, rows)
        let size = (rows + chunks - 1) / chunks
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let start = c * size
            if start < rows { body(start..<min(rows, start + size)) }
        }
    }
}
