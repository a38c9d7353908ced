import Dispatch
import CBLAS
import Foundation

/// Which kernel computes `Matrix` products.
///
/// Both kernels compute every entry of a product as a dot product of length
/// `n` (the inner dimension) in binary64, each in its own order: OpenBLAS
/// blocks the sum over `n` and accumulates with fused multiply–adds, the
/// reference loops add the terms left to right. Either way the entry obeys
/// `|fl(a·b) − a·b| ≤ γ_n |a|·|b|` (Docs/floating-point.md, "The BLAS
/// backend"), which is all the certified radii use; the two kernels' results
/// can differ in the last bits, never by more than twice that bound.
public enum LinearAlgebraBackend: String, Sendable, CaseIterable {
    /// OpenBLAS's `cblas_dgemm` and `cblas_dgemv`, with OpenBLAS pinned to one thread.
    case blas
    /// Plain Swift loops (`Matrix.swift`): the reference the BLAS path is tested against.
    case reference

    /// The backend of every product that does not name one. It starts as
    /// `.blas`, or `.reference` when the environment variable `CELLCERT_BLAS`
    /// is `off`, `0`, `false` or `no` (any case), read once, at the first
    /// product; setting it (tests compare both backends this way) affects
    /// every product started afterwards, on every thread.
    public static var current: LinearAlgebraBackend {
        get { BackendSetting.shared.value }
        set { BackendSetting.shared.value = newValue }
    }

    /// The backend a value of `CELLCERT_BLAS` asks for: `.reference` for
    /// `off`, `0`, `false`, `no` (any case), `.blas` otherwise and when unset.
    static func backend(forEnvironmentValue value: String?) -> LinearAlgebraBackend {
        ["off", "0", "false", "no"].contains(value?.lowercased() ?? "") ? .reference : .blas
    }
}

/// The process-wide `LinearAlgebraBackend.current`, behind a lock.
private final class BackendSetting: @unchecked Sendable {
    static let shared = BackendSetting()
    private let lock = NSLock()
    private var backend = LinearAlgebraBackend.backend(
        forEnvironmentValue: ProcessInfo.processInfo.environment["CELLCERT_BLAS"])

    var value: LinearAlgebraBackend {
        get { lock.lock(); defer { lock.unlock() }; return backend }
        set { lock.lock(); defer { lock.unlock() }; backend = newValue }
    }
}

/// OpenBLAS's own thread pool, which CellCert keeps at one thread.
///
/// CellCert parallelises whole tasks itself (inputs of `table`, Monte Carlo
/// batches, facet checks), so OpenBLAS threads would only oversubscribe the
/// cores, and concurrent callers of OpenBLAS's threaded GEMM driver wait for
/// one another's threads (a lock in its level-3 driver). One thread also makes every
/// product independent of the thread count: OpenBLAS's serial and threaded
/// GEMM drivers split the inner dimension into different blocks when it lies
/// between one and two blocks (GEMM_Q), so the same product could round
/// differently with 1 and 2 OpenBLAS threads. Large single products use both
/// cores through ``ProductPanels`` instead, which keeps the bits fixed.
enum OpenBLASThreads {
    /// Set before the first BLAS call of the process; Swift runs a static
    /// initialiser exactly once, and callers racing for it wait for it.
    private static let pinned: Void = {
        openblas_set_num_threads(1)
        stopIdleServerThreads()
    }()

    /// Ends the worker threads the pthread build of OpenBLAS starts when it
    /// loads (one per extra core). Pinned to one thread they never get work,
    /// but each first busy-waits (`sched_yield`) for about 2²⁸ cycles before
    /// sleeping: a tenth of a second of a core taken from CellCert's own
    /// threads at the start of every process. `blas_thread_shutdown_` is not
    /// in OpenBLAS's headers and not in its serial or OpenMP builds, so it is
    /// looked up at run time and skipped where absent; OpenBLAS restarts its
    /// threads by itself if a later call ever asks for more than one.
    private static func stopIdleServerThreads() {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "blas_thread_shutdown_") else { return }
        typealias Shutdown = @convention(c) () -> Int32
        _ = unsafeBitCast(symbol, to: Shutdown.self)()
    }

    /// Makes sure OpenBLAS runs on one thread; call before any BLAS routine.
    @inline(__always)
    static func pinnedToOne() { _ = pinned }
}

extension Matrix {
    /// `self · other`, or `self · otherᵀ` when `transposingOther`, with `cblas_dgemm`.
    func blasMultiplied(by other: Matrix, transposingOther: Bool) -> Matrix {
        let inner = columns
        let resultColumns = transposingOther ? other.rows : other.columns
        // BLAS rejects leading dimensions of 0, and an empty product is all zeros anyway.
        guard rows > 0, resultColumns > 0, inner > 0 else { return Matrix(rows: rows, columns: resultColumns) }
        OpenBLASThreads.pinnedToOne()
        let panels = ProductPanels(rows: rows, columns: resultColumns, inner: inner)
        // β = 0: OpenBLAS writes every entry of C without reading it, so C need not be cleared first.
        let result = [Double](unsafeUninitializedCapacity: rows * resultColumns) { c, initialized in
            storage.withUnsafeBufferPointer { a in
                other.storage.withUnsafeBufferPointer { b in
                    let (left, right, output) = (SharedInput(base: a.baseAddress!), SharedInput(base: b.baseAddress!),
                                                  SharedOutput(base: c.baseAddress!))
                    let (m, k, ldb, transposed) = (rows, inner, other.columns, transposingOther)
                    // Panel p is C[:, J_p] = A · B[:, J_p] (B's rows J_p when transposed);
                    // the panels are disjoint, so workers never write the same entries.
                    let panel: @Sendable (Int) -> Void = { p in
                        let (start, width) = panels.columnRange(p)
                        let bPanel = transposed ? right.base + start * ldb : right.base + start
                        // α = 1 scales exactly.
                        cblas_dgemm(CblasRowMajor, CblasNoTrans, transposed ? CblasTrans : CblasNoTrans,
                                    blasInt(m), blasInt(width), blasInt(k),
                                    1, left.base, blasInt(k),
                                    bPanel, blasInt(ldb),
                                    0, output.base + start, blasInt(panels.columns))
                    }
                    if panels.count > 1 && Parallelism.isAllowed {
                        DispatchQueue.concurrentPerform(iterations: panels.count, execute: panel)
                    } else {
                        for p in 0..<panels.count { panel(p) }
                    }
                }
            }
            initialized = rows * resultColumns
        }
        return Matrix(rows: rows, columns: resultColumns, storage: result)
    }

    /// `self · vector` with `cblas_dgemv`.
    func blasMultiplied(by vector: [Double]) -> [Double] {
        var result = [Double](repeating: 0, count: rows)
        guard rows > 0, columns > 0 else { return result }
        OpenBLASThreads.pinnedToOne()
        storage.withUnsafeBufferPointer { a in
            vector.withUnsafeBufferPointer { x in
                result.withUnsafeMutableBufferPointer { y in
                    cblas_dgemv(CblasRowMajor, CblasNoTrans, blasInt(rows), blasInt(columns),
                                1, a.baseAddress, blasInt(columns), x.baseAddress, 1,
                                0, y.baseAddress, 1)
                }
            }
        }
        return result
    }
}

/// How a large product is cut into column panels that run on all cores.
///
/// OpenBLAS itself runs on one thread (``OpenBLASThreads``); a product big
/// enough to pay for a second thread is cut instead into panels of the
/// result's columns, one `dgemm` each, run concurrently (one after the other
/// where ``Parallelism`` is off). The cut depends only on the product's
/// shape, never on the number of threads, so each entry is
/// computed by the same `dgemm` call with the same operands whether the panels
/// run on one core or two: the bits do not depend on the thread count.
struct ProductPanels: Sendable {
    /// Products below this many multiply–adds run as one `dgemm` (a thread hand-off costs more).
    static let minimumWork = 4_000_000
    /// The widest panel: narrower panels balance the cores better, wider ones
    /// waste less in OpenBLAS's packing; at 128 columns its kernels run at full speed.
    static let maximumWidth = 128

    let columns: Int
    let count: Int
    /// The width of every panel but the last, which may be narrower.
    let width: Int

    init(rows: Int, columns: Int, inner: Int) {
        self.columns = columns
        let work = rows.multipliedReportingOverflow(by: columns).partialValue.multipliedReportingOverflow(by: inner)
        let large = work.overflow || work.partialValue >= Self.minimumWork
        guard large, columns > 1 else {
            (count, width) = (1, columns)
            return
        }
        // An even number of panels of (nearly) equal width: two cores finish together.
        let needed = (columns + Self.maximumWidth - 1) / Self.maximumWidth
        let even = needed + needed % 2
        width = (columns + even - 1) / even
        count = (columns + width - 1) / width
    }

    /// The first column and the width of panel `p`.
    func columnRange(_ p: Int) -> (start: Int, width: Int) {
        let start = p * width
        return (start, min(width, columns - start))
    }
}

/// A dimension as OpenBLAS's 32-bit `blasint` (the Debian build has no `INTERFACE64`).
private func blasInt(_ n: Int) -> Int32 {
    precondition(n <= Int(Int32.max), "dimension \(n) exceeds OpenBLAS's 32-bit index")
    return Int32(n)
}
