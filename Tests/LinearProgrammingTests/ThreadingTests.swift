import Dispatch
import XCTest
import LinearProgramming

/// The thread rule: each thread may own its own GLPK problems; a session refuses
/// to be used from another thread.
final class ThreadingTests: XCTestCase {
    func testConcurrentSolvesOnDifferentThreads() {
        let results = ResultBox(count: 8)
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            var program = wyndorGlass()
            program.objectiveConstant = Double(index)
            let solution = try? solve(program)
            var mixed = program
            mixed.integerVariables = [0, 1]
            let integer = try? solveMixedInteger(mixed)
            let session = try? SimplexSession(program)
            let warm = session?.solve()
            let ok = solution?.objectiveValue == 36 + Double(index)
                && integer?.objectiveValue == 36 + Double(index)
                && warm?.objectiveValue == 36 + Double(index)
            results.set(index, ok)
        }
        XCTAssertEqual(results.values, Array(repeating: true, count: 8))
    }

    func testSessionRefusesUseFromAnotherThread() throws {
        nonisolated(unsafe) let session = try SimplexSession(wyndorGlass())
        nonisolated(unsafe) var thrown: LinearProgramError?
        nonisolated(unsafe) var status: SolverStatus?
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            do { try session.setConstraintBounds(0, lower: nil, upper: 1) } catch { thrown = error as? LinearProgramError }
            status = session.solve().status
            done.signal()
        }
        done.wait()
        XCTAssertEqual(thrown, .wrongThread)
        guard case .otherFailure = status else { return XCTFail("\(String(describing: status))") }
        // Still fine on the owning thread, and unchanged.
        assertOptimal(session.solve(), objective: 36, values: [2, 6])
    }
}

/// A lock-protected array of results written from concurrent workers.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Bool]

    init(count: Int) { storage = Array(repeating: false, count: count) }

    func set(_ index: Int, _ value: Bool) {
        lock.lock(); defer { lock.unlock() }
        storage[index] = value
    }

    var values: [Bool] {
        lock.lock(); defer { lock.unlock() }
        return storage
    }
}
