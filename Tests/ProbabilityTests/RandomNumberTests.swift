import Foundation
import XCTest
@testable import Probability

final class RandomNumberTests: XCTestCase {
    /// Published SplitMix64 outputs (Vigna's splitmix64.c) for seeds 0 and 1234567.
    func testSplitMix64ReferenceVectors() {
        var zero = SplitMix64(seed: 0)
        XCTAssertEqual((0..<3).map { _ in zero.next() },
                       [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
        var other = SplitMix64(seed: 1_234_567)
        XCTAssertEqual((0..<5).map { _ in other.next() },
                       [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
                        4_593_380_528_125_082_431, 16_408_922_859_458_223_821])
        XCTAssertEqual(SplitMix64.mix(0), 0)
    }

    /// The reference xoshiro256** outputs for the state {1, 2, 3, 4}, and for seed 42
    /// through SplitMix64 (as other implementations seed it).
    func testXoshiroReferenceVectors() {
        var generator = Xoshiro256StarStar(state: (1, 2, 3, 4))
        XCTAssertEqual((0..<10).map { _ in generator.next() },
                       [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240, 1_216_172_134_540_287_360,
                        607_988_272_756_665_600, 16_172_922_978_634_559_625, 8_476_171_486_693_032_832,
                        10_595_114_339_597_558_777, 2_904_607_092_377_533_576])
        var seeded = Xoshiro256StarStar(seed: 42)
        XCTAssertEqual((0..<4).map { _ in seeded.next() },
                       [1_546_998_764_402_558_742, 6_990_951_692_964_543_102,
                        12_544_586_762_248_559_009, 17_057_574_109_182_124_193])
    }

    /// jump() from {1, 2, 3, 4}, against a Python transcription of the reference C code.
    func testJump() {
        var generator = Xoshiro256StarStar(state: (1, 2, 3, 4))
        generator.jump()
        XCTAssert(generator.state == (10_122_426_448_480_695_249, 8_079_205_330_032_121_950,
                                      7_289_065_458_748_526_725, 9_477_464_255_293_849_680))
        XCTAssertEqual((0..<3).map { _ in generator.next() },
                       [13_534_147_089_533_256_664, 7_126_240_192_422_241_655, 3_805_973_808_039_778_091])
    }

    /// Same (seed, stream) → same sequence; different streams or seeds → different
    /// sequences; stream 0 is the plain seed.
    func testStreamsAreReproducibleAndDistinct() {
        func prefix(_ generator: Xoshiro256StarStar) -> [UInt64] {
            var copy = generator
            return (0..<8).map { _ in copy.next() }
        }
        XCTAssertEqual(prefix(Xoshiro256StarStar(seed: 9, stream: 3)), prefix(Xoshiro256StarStar(seed: 9, stream: 3)))
        XCTAssertEqual(prefix(Xoshiro256StarStar(seed: 9, stream: 0)), prefix(Xoshiro256StarStar(seed: 9)))
        var seen = Set<[UInt64]>()
        for seed: UInt64 in [0, 1, 2, 9] {
            for stream: UInt64 in 0..<64 {
                seen.insert(prefix(Xoshiro256StarStar(seed: seed, stream: stream)))
            }
        }
        XCTAssertEqual(seen.count, 4 * 64)
        // A Monte Carlo split into batches gives the same numbers in any order.
        let forward = (0..<16).map { batch in prefix(Xoshiro256StarStar(seed: 5, stream: UInt64(batch))) }
        let backward = (0..<16).reversed().map { batch in prefix(Xoshiro256StarStar(seed: 5, stream: UInt64(batch))) }
        XCTAssertEqual(forward, backward.reversed())
    }

    /// Normal draws: deterministic, mean 0 and variance 1. With n = 200 000 the
    /// sample mean has standard error 0.0022 and the sample variance 0.0032; the
    /// tolerances are five standard errors (and the seed is fixed, so the test is
    /// deterministic).
    func testStandardNormalMoments() {
        var first = Xoshiro256StarStar(seed: 11)
        var second = Xoshiro256StarStar(seed: 11)
        XCTAssertEqual(standardNormal(using: &first), standardNormal(using: &second))
        let n = 200_000
        var values = [Double](repeating: .nan, count: n)
        values.withUnsafeMutableBufferPointer { fillStandardNormal($0, using: &first) }
        XCTAssertFalse(values.contains { $0.isNaN })
        let mean = values.reduce(0, +) / Double(n)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        XCTAssertEqual(mean, 0, accuracy: 0.011)
        XCTAssertEqual(variance, 1, accuracy: 0.016)
        // The tail frequency beyond 1.96 against 1 − Φ(1.96) = 0.025 (s.e. 0.00035).
        let tail = Double(values.filter { $0 > 1.96 }.count) / Double(n)
        XCTAssertEqual(tail, standardNormalCDFComplement(1.96), accuracy: 0.0018)
    }

    /// Sphere samples have unit norm, mean ≈ 0, E[s₁²] = 1/d, and the frequency of
    /// {s₁ ≥ t} matches the cap measure A_d(t). With M = 20 000 points in d = 10 each
    /// coordinate mean has standard error sqrt(1/(dM)) = 0.0022, the cap frequency
    /// sqrt(A(1−A)/M) ≤ 0.0036; tolerances are five standard errors.
    func testSphereSamples() {
        var generator = Xoshiro256StarStar(seed: 2024, stream: 1)
        for d in [1, 2, 3, 784] {
            let point = uniformOnSphere(dimension: d, using: &generator)
            XCTAssertEqual(point.count, d)
            XCTAssertEqual(point.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1, accuracy: 1e-14)
        }
        XCTAssertEqual(abs(uniformOnSphere(dimension: 1, using: &generator)[0]), 1)

        let d = 10, m = 20_000
        var batch = [Double](repeating: 0, count: d * m)
        fillUniformOnSphere(&batch, dimension: d, using: &generator)
        var mean = [Double](repeating: 0, count: d)
        var firstSquare = 0.0
        var inCap = 0
        for i in 0..<m {
            let row = batch[(i * d)..<((i + 1) * d)]
            XCTAssertEqual(row.reduce(0) { $0 + $1 * $1 }, 1, accuracy: 1e-14)
            for (j, value) in row.enumerated() { mean[j] += value / Double(m) }
            firstSquare += row.first! * row.first! / Double(m)
            if row.first! >= 0.3 { inCap += 1 }
        }
        for value in mean { XCTAssertEqual(value, 0, accuracy: 0.0112) }
        XCTAssertEqual(firstSquare, 1 / Double(d), accuracy: 0.005)
        XCTAssertEqual(Double(inCap) / Double(m), capMeasure(dimension: d, height: 0.3), accuracy: 0.018)
    }

    /// A filled batch is exactly what as many single draws give, from the same state.
    func testBatchFillMatchesSingleDraws() {
        var single = Xoshiro256StarStar(seed: 3, stream: 8)
        var batched = single
        let d = 7
        let expected = (0..<5).flatMap { _ in uniformOnSphere(dimension: d, using: &single) }
        var buffer = [Double](repeating: 0, count: 5 * d)
        fillUniformOnSphere(&buffer, dimension: d, using: &batched)
        XCTAssertEqual(buffer, expected)
        XCTAssertEqual(single, batched)
    }
}
