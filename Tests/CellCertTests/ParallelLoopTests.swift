@testable import CellCert
import Foundation
import Probability
import XCTest

/// `ParallelLoop`, and the `Parallelism` it follows and sets for the work inside it.
final class ParallelLoopTests: XCTestCase {
    /// Records, per index, how often it ran and whether kernel parallelism was on.
    final class Visits: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var counts: [Int]
        private(set) var parallel: [Bool]
        init(_ n: Int) { (counts, parallel) = ([Int](repeating: 0, count: n), [Bool](repeating: false, count: n)) }
        func record(_ i: Int) {
            lock.lock(); defer { lock.unlock() }
            counts[i] += 1
            parallel[i] = Parallelism.isAllowed
        }
    }

    func testEveryIndexRunsOnceWithSpreadingOffInsideUnlessOneItemMayUseSeveralThreads() {
        for (count, threads, expectParallel) in [(0, 2, false), (1, 1, false), (1, 2, true), (7, 1, false), (7, 2, false), (50, 3, false)] {
            let visits = Visits(count)
            ParallelLoop.forEach(count: count, threads: threads) { visits.record($0) }
            XCTAssertEqual(visits.counts, [Int](repeating: 1, count: count), "count \(count), threads \(threads)")
            XCTAssertEqual(visits.parallel, [Bool](repeating: expectParallel, count: count), "count \(count), threads \(threads)")
        }
        // A loop nested where spreading is off runs its items on the calling thread, with it off.
        let caller = pthread_self()
        let nested = Visits(5)
        let onCaller = Visits(1)
        Parallelism.run(allowed: false) {
            ParallelLoop.forEach(count: 5, threads: 2) { i in
                nested.record(i)
                if pthread_equal(pthread_self(), caller) != 0 { onCaller.record(0) }
            }
        }
        XCTAssertEqual(nested.counts, [1, 1, 1, 1, 1])
        XCTAssertEqual(nested.parallel, [false, false, false, false, false])
        XCTAssertEqual(onCaller.counts, [5])
    }

    /// Panels and row chunks run one after the other when kernel parallelism is
    /// off; the bits must not change.
    func testSerialKernelsGiveTheSameBitsAsParallelOnes() {
        var g = SplitMix64(seed: 87)
        let a = Matrix(rows: 200, columns: 150, storage: (0..<30_000).map { _ in standardNormal(using: &g) })
        let b = Matrix(rows: 150, columns: 900, storage: (0..<135_000).map { _ in standardNormal(using: &g) })
        let v = (0..<900).map { _ in standardNormal(using: &g) }
        XCTAssertGreaterThan(ProductPanels(rows: 200, columns: 900, inner: 150).count, 1)
        let parallelProduct = a.multiplied(by: b, backend: .blas)
        let serialProduct = Parallelism.run(allowed: false) { a.multiplied(by: b, backend: .blas) }
        XCTAssertEqual(parallelProduct.storage.map(\.bitPattern), serialProduct.storage.map(\.bitPattern))
        let weights = [Double](repeating: 1, count: 900)
        let parallelLengths = RowLengths(of: parallelProduct, weights: weights)
        let serialLengths = Parallelism.run(allowed: false) { RowLengths(of: parallelProduct, weights: weights) }
        for m in ErrorMeasure.allCases {
            XCTAssertEqual(parallelLengths[m].map(\.bitPattern), serialLengths[m].map(\.bitPattern), "\(m)")
        }
        let parallelPoint = parallelProduct.productsAndMagnitudes(by: v)
        let serialPoint = Parallelism.run(allowed: false) { parallelProduct.productsAndMagnitudes(by: v) }
        XCTAssertEqual(parallelPoint.products.map(\.bitPattern), serialPoint.products.map(\.bitPattern))
        XCTAssertEqual(parallelPoint.magnitudes.map(\.bitPattern), serialPoint.magnitudes.map(\.bitPattern))
    }
}
