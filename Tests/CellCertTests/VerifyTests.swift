@testable import CellCert
import Foundation
import LinearProgramming
import Probability
import XCTest

/// `Network.verify` (issue 5, scope 6): VNN-LIB queries answered by MILPs, with
/// every counterexample re-checked by a forward pass.
final class VerifyTests: XCTestCase {
    /// The expected answers of VNN-COMP 2021's "test" benchmark: nano, tiny and small
    /// never reach `Y_0 ≥ 100` on `[-1, 1]` (their outputs stay below 79), and the
    /// README names `test_sat` / `test_unsat` (ACAS Xu property 3 on nets 1_7 / 1_6).
    func testVNNCOMPTestBenchmark() throws {
        let folder = try sharedNetsDirectory().appendingPathComponent("small/vnncomp-test")
        let expected: [(String, String, PropertyVerificationResult.Answer)] = [
            ("test_nano.onnx", "test_nano.vnnlib", .unsat),
            ("test_tiny.onnx", "test_tiny.vnnlib", .unsat),
            ("test_small.onnx", "test_small.vnnlib", .unsat),
            ("test_sat.onnx", "test_prop.vnnlib", .sat),
            ("test_unsat.onnx", "test_prop.vnnlib", .unsat),
        ]
        for (model, propertyFile, answer) in expected {
            let network = try ModelLoader.load(path: folder.appendingPathComponent(model).path)
            let property = try VNNLib.read(contentsOf: folder.appendingPathComponent(propertyFile))
            let result = try network.verify(property, timeLimitSeconds: 60)
            XCTAssertEqual(result.answer, answer, "\(model): \(result.note ?? "")")
            // A sat may come from gradient falsification alone, before any box (issue 16).
            if answer != .sat { XCTAssertGreaterThan(result.mixedIntegerProgramsSolved + result.boxes, 0) }
            if answer == .sat {
                let counterexample = try XCTUnwrap(result.counterexample)
                XCTAssertEqual(counterexample.output, network.outputs(counterexample.input))
                XCTAssertTrue(property.isCounterexample(input: counterexample.input, output: counterexample.output))
            } else {
                XCTAssertNil(result.counterexample)
            }
        }
    }

    /// The robustness query "some input of the ℓ∞ box of radius ε around x is
    /// classified differently" is unsat below the MILP's exact `R_∞(x)` and sat above it.
    func testRobustnessQueryFlipsAtTheExactDistance() throws {
        var g = SplitMix64(seed: 71)
        let network = try Network.random(layerSizes: [3, 10, 8, 3], decision: .argmax, using: &g)
        let x = [0.3, -0.2, 0.5]
        let c = network.classify(x)
        let r = try XCTUnwrap(try network.minimalDistortionMILP(at: x, options: DecisionBoundaryOptions(norm: .linf, method: .milp),
                                                                upperBound: nil).distance)
        for (factor, answer) in [(0.99, PropertyVerificationResult.Answer.unsat), (1.01, .sat)] {
            let property = try VNNLib.parse(Self.robustnessProperty(center: x, radius: factor * r, predicted: c, classes: 3))
            let result = try network.verify(property)
            XCTAssertEqual(result.answer, answer, "ε = \(factor) R: \(result.note ?? "")")
            if let counterexample = result.counterexample {
                XCTAssertNotEqual(network.classify(counterexample.input), c)
                XCTAssertLessThanOrEqual(Norm.linf.distance(counterexample.input, x), factor * r * (1 + 1e-12))
            }
        }
    }

    /// VNN-LIB text: `X` in the box of radius `radius` around `center`, and some
    /// other class's output at least the predicted one's (a disjunction).
    static func robustnessProperty(center: [Double], radius: Double, predicted: Int, classes: Int) -> String {
        var lines = center.indices.map { "(declare-const X_\($0) Real)" } + (0..<classes).map { "(declare-const Y_\($0) Real)" }
        for (i, value) in center.enumerated() {
            lines.append("(assert (>= X_\(i) \(value - radius)))")
            lines.append("(assert (<= X_\(i) \(value + radius)))")
        }
        let rivals = (0..<classes).filter { $0 != predicted }.map { "(and (>= Y_\($0) Y_\(predicted)))" }
        lines.append("(assert (or \(rivals.joined(separator: " "))))")
        return lines.joined(separator: "\n")
    }

    /// `Y_0 = ReLU(X_0)` on `[−1, 1]`: `Y_0 > 0.5` is sat with a strict witness;
    /// `Y_0 > 1` is reached only with equality, which no forward pass confirms, so
    /// the answer is unknown (not a false sat); `Y_0 ≥ 1` is sat at `X_0 = 1`;
    /// `Y_0 ≥ 1.5` is unsat.
    func testStrictComparisons() throws {
        let network = try Network(layers: [DenseLayer(weights: Matrix(rowArrays: [[1]]), bias: [0]),
                                           DenseLayer(weights: Matrix(rowArrays: [[1]]), bias: [0])],
                                  decision: .threshold)
        func answer(_ assertion: String) throws -> PropertyVerificationResult {
            try network.verify(VNNLib.parse("""
                (declare-const X_0 Real)
                (declare-const Y_0 Real)
                (assert (>= X_0 -1))
                (assert (<= X_0 1))
                (assert \(assertion))
                """))
        }
        let strict = try answer("(> Y_0 0.5)")
        XCTAssertEqual(strict.answer, .sat)
        XCTAssertGreaterThan(try XCTUnwrap(strict.counterexample).output[0], 0.5)
        let touching = try answer("(> Y_0 1)")
        XCTAssertEqual(touching.answer, .unknown)
        XCTAssertNotNil(touching.note)
        // Y_0 reaches 1 only at X_0 = 1, with equality: a counterexample must hold beyond
        // the outputs' rounding margin (issue 13 §8), so this one is not confirmed.
        XCTAssertEqual(try answer("(>= Y_0 1)").answer, .unknown)
        XCTAssertEqual(try answer("(>= Y_0 0.999)").answer, .sat)
        XCTAssertEqual(try answer("(>= Y_0 1.5)").answer, .unsat)
        XCTAssertEqual(try answer("(or (>= Y_0 1.5) (<= Y_0 -0.1))").answer, .unsat)
        XCTAssertEqual(try answer("(or (>= Y_0 1.5) (<= Y_0 0))").answer, .sat)
    }

    /// A property whose answer flips within 1e-9 (relative) of its threshold, on
    /// a network with more inputs than the bound search splits, so `unsat` comes
    /// from the exact stage's LP proof (safe dual bounds, never GLPK's verdict alone). The maximum `M` of the output over the box is bracketed
    /// independently, to 1e-12: one LP per activation pattern of the six hidden
    /// units, its safe dual bound above and the network at its point below.
    /// `Y ≥ M(1 + 1e-9)` must be `unsat`; `Y ≥ M(1 − 1e-9)` must never be
    /// `unsat`, and `Y ≥ M(1 − 1e-6)` is `sat`.
    func testAnswersFlipWithinABillionthOfTheThreshold() throws {
        var g = SplitMix64(seed: 1205)
        let d = 20, hidden = 6
        func uniform() -> Double { Double(Int(g.next() % 2001) - 1000) / 1000 }
        let first = (0..<hidden).map { _ in (0..<d).map { _ in uniform() } }
        let firstBias = (0..<hidden).map { _ in uniform() / 4 }
        let second = (0..<hidden).map { _ in uniform() }
        let network = try Network(layers: [DenseLayer(weights: Matrix(rowArrays: first), bias: firstBias),
                                           DenseLayer(weights: Matrix(rowArrays: [second]), bias: [0.125])],
                                  decision: .threshold)
        // max Σ_active v_j h_j over {x ∈ [0,1]^d, h_j = w_j·x + b_j, h_j ≥ 0 iff j active}, per pattern:
        // `top` ≥ the maximum (the LP's safe dual bound), `reached` ≤ it (the network at the LP's point).
        var top = -Double.infinity, reached = -Double.infinity
        for pattern in 0..<(1 << hidden) {
            var program = LinearProgram(variableCount: d + hidden, direction: .maximize)
            program.variableBounds = (0..<d).map { _ in .between(0, 1) } + (0..<hidden).map { _ in .between(-100, 100) }
            program.objectiveConstant = 0.125
            for j in 0..<hidden {
                let active = pattern >> j & 1 == 1
                var row = first[j] + [Double](repeating: 0, count: hidden)
                row[d + j] = -1
                program.addConstraint(.equal(row, -firstBias[j]))
                program.variableBounds[d + j] = active ? .between(0, 100) : .between(-100, 0)
                if active { program.objective[d + j] = second[j] }
            }
            let solution = try solve(program)
            guard solution.status == .optimal else { continue }
            top = max(top, program.safeObjectiveBound(rowMultipliers: try XCTUnwrap(solution.rowDuals)))
            let point = try XCTUnwrap(solution.values).prefix(d).map { min(1, max(0, $0)) }
            reached = max(reached, network.outputs(point)[0])
        }
        XCTAssertGreaterThan(reached, 0.125)
        XCTAssertLessThan(top - reached, 1e-12 * abs(top), "the maximum should be known to far better than 1e-9")
        func answer(atLeast threshold: Double) throws -> PropertyVerificationResult {
            let declarations = (0..<d).map { "(declare-const X_\($0) Real)\n(assert (>= X_\($0) 0))\n(assert (<= X_\($0) 1))" }
            return try network.verify(VNNLib.parse(declarations.joined(separator: "\n")
                + "\n(declare-const Y_0 Real)\n(assert (>= Y_0 \(threshold)))"), timeLimitSeconds: 120)
        }
        let above = try answer(atLeast: top * (1 + 1e-9))
        XCTAssertEqual(above.answer, .unsat, above.note ?? "")
        // With 20 inputs the bound search never runs LP proofs (no box is split 12 times): LPs are the exact stage's.
        XCTAssertGreaterThan(above.linearProgramsSolved, 0, "the unsat answer should come from the exact stage's LP proof")
        let below = try answer(atLeast: reached * (1 - 1e-9))
        XCTAssertNotEqual(below.answer, .unsat)
        if let counterexample = below.counterexample { XCTAssertGreaterThanOrEqual(counterexample.output[0], reached * (1 - 1e-9)) }
        let further = try answer(atLeast: reached * (1 - 1e-6))
        XCTAssertEqual(further.answer, .sat, further.note ?? "")
    }

    func testSizeMismatchAndUnboundedBoxAreErrors() throws {
        var g = SplitMix64(seed: 72)
        let network = try Network.random(layerSizes: [2, 4, 2], decision: .argmax, using: &g)
        let wrongInputs = try VNNLib.parse("(declare-const X_0 Real)\n(declare-const Y_0 Real)\n(declare-const Y_1 Real)\n(assert (<= X_0 1))\n(assert (>= X_0 0))\n(assert (>= Y_0 Y_1))")
        XCTAssertThrowsError(try network.verify(wrongInputs)) { XCTAssertTrue("\($0)".contains("1 inputs"), "\($0)") }
        let unbounded = try VNNLib.parse("(declare-const X_0 Real)\n(declare-const X_1 Real)\n(declare-const Y_0 Real)\n(declare-const Y_1 Real)\n(assert (<= X_0 1))\n(assert (>= X_0 0))\n(assert (>= Y_0 Y_1))")
        XCTAssertThrowsError(try network.verify(unbounded)) { XCTAssertTrue("\($0)".contains("unbounded"), "\($0)") }
    }

    /// ACAS Xu 1_1 (normalised ONNX twin): property 4 holds (Reluplex, VNN-COMP 2021),
    /// and a time limit of a millisecond stops property 1's search with `timeout`.
    func testACASXuProperties() throws {
        let folder = try sharedNetsDirectory().appendingPathComponent("acasxu")
        let network = try ModelLoader.load(path: folder.appendingPathComponent("ACASXU_run2a_1_1_batch_2000.onnx").path)
        let property4 = try VNNLib.read(contentsOf: folder.appendingPathComponent("prop_4.vnnlib"))
        XCTAssertEqual(try network.verify(property4, timeLimitSeconds: 60).answer, .unsat)
        let property1 = try VNNLib.read(contentsOf: folder.appendingPathComponent("prop_1.vnnlib"))
        let limited = try network.verify(property1, timeLimitSeconds: 0.001)
        XCTAssertEqual(limited.answer, .timeout)
        XCTAssertLessThan(limited.seconds, 5)
    }

    func testCounterexampleText() {
        let counterexample = Counterexample(input: [0.1, -2.5e-07], output: [3.0])
        XCTAssertEqual(counterexample.vnncompText, "((X_0 0.1)\n (X_1 -2.5e-07)\n (Y_0 3.0))")
    }
}

/// `cellcert verify` end to end.
final class VerifyCommandLineTests: XCTestCase {
    func testSatPrintsTheCounterexampleInVNNCOMPFormat() throws {
        let folder = try sharedNetsDirectory().appendingPathComponent("small/vnncomp-test")
        let property = folder.appendingPathComponent("test_prop.vnnlib")
        let result = try CommandLineRunner.run(["verify", folder.appendingPathComponent("test_sat.onnx").path, property.path,
                                                "--timeout", "60"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "sat")
        XCTAssertEqual(lines.count, 11)
        XCTAssertTrue(lines[1].hasPrefix("((X_0 "))
        XCTAssertTrue(lines[5].hasPrefix(" (X_4 "))
        XCTAssertTrue(lines[6].hasPrefix(" (Y_0 "))
        XCTAssertTrue(lines[10].hasPrefix(" (Y_4 ") && lines[10].hasSuffix("))"))
        // The printed values, read back, are a counterexample of the property.
        let values = lines.dropFirst().map { line -> Double in
            let atom = line.trimmingCharacters(in: CharacterSet(charactersIn: " ()"))
            return Double(atom.split(separator: " ")[1])!
        }
        let parsed = try VNNLib.read(contentsOf: property)
        let network = try ModelLoader.load(path: folder.appendingPathComponent("test_sat.onnx").path)
        let input = Array(values.prefix(5))
        XCTAssertEqual(network.outputs(input), Array(values.suffix(5)))
        XCTAssertTrue(parsed.isCounterexample(input: input, output: network.outputs(input)))
    }

    func testUnsatAndJSON() throws {
        let folder = try sharedNetsDirectory().appendingPathComponent("small/vnncomp-test")
        let arguments = ["verify", folder.appendingPathComponent("test_small.onnx").path,
                         folder.appendingPathComponent("test_small.vnnlib").path]
        let text = try CommandLineRunner.run(arguments)
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertEqual(text.stdout, "unsat\n")
        let json = try CommandLineRunner.run(arguments + ["--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["answer"] as? String, "unsat")
        XCTAssertNotNil(object["seconds"] as? Double)
        // Symbolic bounds settle this query: MILPs only for boxes they cannot (issue 16).
        XCTAssertNotNil(object["milpsSolved"] as? Int)
        XCTAssertNotNil(object["lpsSolved"] as? Int)
        XCTAssertGreaterThanOrEqual(object["boxes"] as? Int ?? 0, 1)
        // Every key is present; those without a value are null (as in certify's JSON).
        XCTAssertTrue(object["counterexample"] is NSNull, "\(object)")
        XCTAssertTrue(object["note"] is NSNull, "\(object)")
    }

    func testSizeMismatchIsAOneLineError() throws {
        let folder = try sharedNetsDirectory().appendingPathComponent("small/vnncomp-test")
        try CommandLineRunner.assertOneLineError(["verify", folder.appendingPathComponent("test_nano.onnx").path,
                                                  folder.appendingPathComponent("test_prop.vnnlib").path],
                                                 mentions: ["cellcert: error:", "5 inputs", "takes 1"])
        try CommandLineRunner.assertOneLineError(["verify", folder.appendingPathComponent("test_nano.onnx").path, "missing.vnnlib"],
                                                 mentions: ["cellcert: error:", "missing.vnnlib"])
    }
}
