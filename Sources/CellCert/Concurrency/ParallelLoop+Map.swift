import Foundation

extension ParallelLoop {
    /// `transform(i)` for every `i` in `0..<count`, returned in index order,
    /// computed on `threads` threads as ``forEach(count:threads:_:)`` runs them.
    ///
    /// The results are those of a serial loop whatever the thread count (each
    /// item is computed independently); only which thread computed which differs.
    ///
    /// - Parameter progress: called after each item (serialised, from any thread)
    ///   with the number of items done.
    /// - Throws: the error of the first item, in index order, that threw. Items
    ///   after a failure may be skipped.
    static func map<T: Sendable>(count: Int, threads: Int, progress: (@Sendable (Int) -> Void)? = nil,
                                 _ transform: @escaping @Sendable (Int) throws -> T) throws -> [T] {
        let results = OrderedResults<T>(count: count)
        forEach(count: count, threads: threads) { i in
            guard !results.hasFailed else { return }
            let done = results.store(Result { try transform(i) }, at: i)
            progress?(done)
        }
        return try results.values()
    }
}

/// One slot per item of a ``ParallelLoop/map(count:threads:progress:_:)``,
/// written by the workers under a lock.
private final class OrderedResults<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<T, any Error>?]
    private var done = 0
    private var failed = false

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// Whether some item has failed (later ones may then be skipped).
    var hasFailed: Bool {
        lock.lock(); defer { lock.unlock() }
        return failed
    }

    /// Stores the result of item `i`; returns the number of items done.
    func store(_ result: Result<T, any Error>, at i: Int) -> Int {
        lock.lock(); defer { lock.unlock() }
        slots[i] = result
        if case .failure = result { failed = true }
        done += 1
        return done
    }

    /// The values in index order, or the first failure in index order.
    func values() throws -> [T] {
        lock.lock(); defer { lock.unlock() }
        var values: [T] = []
        values.reserveCapacity(slots.count)
        for slot in slots {
            switch slot {
            case let .success(value): values.append(value)
            case let .failure(error): throw error
            case .none: continue
            }
        }
        return values
    }
}
