import Dispatch
import Foundation

/// CellCert's loop over independent work items on several threads: the
/// inputs of `table`, Monte Carlo batches, facet-check blocks.
enum ParallelLoop {
    /// Calls `body(i)` once for every `i` in `0..<count`, on `threads` threads
    /// taking the next index from a shared counter, so a slow item does not
    /// hold up the others; on the calling thread alone when `threads` is 1 or
    /// ``Parallelism`` is off here (the loop is nested in another's worker).
    ///
    /// Inside `body` ``Parallelism`` is off when the loop runs on several
    /// threads or was given one; it stays as the caller had it when a single
    /// item could have had more threads, so that item's products can use them.
    static func forEach(count: Int, threads: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let workers = Parallelism.isAllowed ? min(max(threads, 1), count) : min(1, count)
        guard workers > 1 else {
            Parallelism.run(allowed: threads > 1 && Parallelism.isAllowed) {
                for i in 0..<count { body(i) }
            }
            return
        }
        let next = AtomicCounter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            Parallelism.run(allowed: false) {
                while true {
                    let i = next.increment()
                    guard i < count else { break }
                    body(i)
                }
            }
        }
    }
}

/// A counter shared by the workers of a ``ParallelLoop``.
final class AtomicCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// The current value, then adds one.
    func increment() -> Int {
        lock.lock(); defer { lock.unlock() }
        let v = value
        value += 1
        return v
    }

    /// Adds `amount` and returns the new value.
    func add(_ amount: Int) -> Int {
        lock.lock(); defer { lock.unlock() }
        value += amount
        return value
    }

    /// Sets the value to `newValue` and returns the old one.
    func exchange(_ newValue: Int) -> Int {
        lock.lock(); defer { lock.unlock() }
        let old = value
        value = newValue
        return old
    }
}
