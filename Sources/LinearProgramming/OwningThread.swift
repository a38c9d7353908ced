#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The thread that created a GLPK problem object.
///
/// GLPK 5.0 keeps its environment (memory bookkeeping, terminal hooks) in
/// thread-local storage, so a `glp_prob` must be created, used and deleted on one
/// thread. This records that thread and answers whether the caller is on it. The
/// check is best effort: POSIX may reuse a thread id after its thread exits.
struct OwningThread {
    private let thread = pthread_self()

    /// `true` if the current thread is the one this value was created on.
    var isCurrent: Bool { pthread_equal(thread, pthread_self()) != 0 }
}
