import Foundation
import XCTest
@testable import CellCert

final class VNNLibTests: XCTestCase {
    typealias P = VNNLibProperty

    /// `coefficients · y relation constant` over `count` outputs from a sparse description.
    func inequality(_ sparse: [Int: Double], _ relation: P.Relation, _ constant: Double, outputs count: Int) -> P.OutputInequality {
        var c = Array(repeating: 0.0, count: count)
        for (k, a) in sparse { c[k] = a }
        return P.OutputInequality(coefficients: c, relation: relation, constant: constant)
    }

    // MARK: Real properties (../shared/nets)

    /// Every .vnnlib file parses, with 5 inputs/outputs for ACAS Xu, 784/10 for MNIST,
    /// 1/1 for the tiny test nets; the CNN properties' sizes vary by model (their
    /// sizes are checked against the models where those load).
    func testAllSharedPropertiesParse() throws {
        let nets = try sharedNetsDirectory()
        let files = try FileManager.default.subpathsOfDirectory(atPath: nets.path).filter { $0.hasSuffix(".vnnlib") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 44)
        for path in files {
            let p = try VNNLib.read(contentsOf: nets.appendingPathComponent(path))
            let expected: (Int, Int)? = path.hasPrefix("acasxu/") || path.hasSuffix("test_prop.vnnlib") ? (5, 5)
                : path.hasPrefix("mnist/") || path.hasPrefix("mnist-eran-9x200/") ? (784, 10) : path.hasPrefix("cnn/") ? nil : (1, 1)
            if let expected {
                XCTAssertEqual(p.inputCount, expected.0, path)
                XCTAssertEqual(p.outputCount, expected.1, path)
            }
            XCTAssertFalse(p.regions.isEmpty, path)
            for region in p.regions {
                XCTAssertEqual(region.inputBox.dimension, p.inputCount, path)
                XCTAssertTrue(zip(region.inputBox.lower, region.inputBox.upper).allSatisfy { $0.isFinite && $1.isFinite && $0 <= $1 }, path)
            }
        }
    }

    /// For every (network, property) pair listed in the benchmark instance
    /// files whose files are present, the property's sizes match the network.
    func testInstancePropertiesMatchTheirNetworks() throws {
        let nets = try sharedNetsDirectory()
        var checked = 0
        var cache: [String: Network] = [:]
        for list in ["acasxu/acasxu_instances.csv", "mnist/mnistfc_instances.csv", "small/vnncomp-test/test_instances.csv"] {
            let folder = nets.appendingPathComponent(list).deletingLastPathComponent()
            let text = try String(contentsOf: nets.appendingPathComponent(list), encoding: .utf8)
            for line in text.split(whereSeparator: \.isNewline) {
                let fields = line.split(separator: ",").map(String.init)
                let model = folder.appendingPathComponent(fields[0]), property = folder.appendingPathComponent(fields[1])
                guard FileManager.default.fileExists(atPath: model.path), FileManager.default.fileExists(atPath: property.path) else { continue }
                let net: Network
                if let cached = cache[model.path] { net = cached } else {
                    net = try ONNXFormat.read(contentsOf: model)
                    cache[model.path] = net
                }
                let p = try VNNLib.read(contentsOf: property)
                XCTAssertEqual(p.inputCount, net.inputDimension, "\(line)")
                XCTAssertEqual(p.outputCount, net.outputCount, "\(line)")
                checked += 1
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 5 + 9 + 15)
    }

    func testACASXuProperties() throws {
        let dir = try sharedNetsDirectory().appendingPathComponent("acasxu")
        let p1 = try VNNLib.read(contentsOf: dir.appendingPathComponent("prop_1.vnnlib"))
        XCTAssertEqual(p1.regions.count, 1)
        XCTAssertEqual(p1.inputBox?.lower[0], 0.6)
        XCTAssertEqual(p1.inputBox?.upper[0], 0.679857769)
        XCTAssertEqual(p1.inputBox?.upper[4], -0.45)
        XCTAssertEqual(p1.outputConstraint?.disjuncts, [[inequality([0: 1], .greaterOrEqual, 3.991125645861615, outputs: 5)]])

        let p2 = try VNNLib.read(contentsOf: dir.appendingPathComponent("prop_2.vnnlib"))
        XCTAssertEqual(p2.outputConstraint?.disjuncts, [(1...4).map { inequality([$0: 1, 0: -1], .lessOrEqual, 0, outputs: 5) }])

        // Property 6: two input boxes (θ on either side), each with "COC is not minimal".
        let p6 = try VNNLib.read(contentsOf: dir.appendingPathComponent("prop_6.vnnlib"))
        XCTAssertEqual(p6.regions.count, 2)
        XCTAssertNil(p6.inputBox)
        XCTAssertEqual(p6.regions[0].inputBox.lower[1], 0.11140846)
        XCTAssertEqual(p6.regions[1].inputBox.upper[1], -0.11140846)
        for region in p6.regions {
            XCTAssertEqual(region.outputConstraint.disjuncts, (1...4).map { [inequality([$0: 1, 0: -1], .lessOrEqual, 0, outputs: 5)] })
        }
        XCTAssertTrue(p6.isCounterexample(input: [0, 0.3, -0.4995, 0, 0], output: [1, 0.5, 2, 2, 2]))
        XCTAssertFalse(p6.isCounterexample(input: [0, 0.3, -0.4995, 0, 0], output: [0, 0.5, 2, 2, 2]))
        XCTAssertFalse(p6.isCounterexample(input: [0, 0, -0.4995, 0, 0], output: [1, 0.5, 2, 2, 2]))

        let p7 = try VNNLib.read(contentsOf: dir.appendingPathComponent("prop_7.vnnlib"))
        XCTAssertEqual(p7.outputConstraint?.disjuncts.map(\.count), [3, 3])
    }

    func testMNISTProperty() throws {
        let p = try VNNLib.read(contentsOf: sharedNetsDirectory().appendingPathComponent("mnist/prop_0_0.03.vnnlib"))
        let box = try XCTUnwrap(p.inputBox)
        XCTAssertEqual(box.lower[0], 0)
        XCTAssertEqual(box.upper[0], 0.029999999329447746)
        XCTAssertTrue(box.lower.allSatisfy { $0 >= 0 } && box.upper.allSatisfy { $0 <= 1 })
        // Unsafe iff some other class scores at least as high as the label 8.
        let expected = [0, 1, 2, 3, 4, 5, 6, 7, 9].map { [inequality([$0: 1, 8: -1], .greaterOrEqual, 0, outputs: 10)] }
        XCTAssertEqual(p.outputConstraint?.disjuncts, expected)
        var y = Array(repeating: 0.0, count: 10)
        y[8] = 1
        XCTAssertFalse(p.outputConstraint!.isSatisfied(by: y))
        y[3] = 1
        XCTAssertTrue(p.outputConstraint!.isSatisfied(by: y))
    }

    // MARK: Constructs

    func testDeclarationsCommentsAndBounds() throws {
        let p = try VNNLib.parse("""
        ; a comment (with parentheses
        (declare-const X_0_0_0_0 Real) ; trailing comment
        (declare-fun X_0_0_0_1 () Real)
        (declare-const X_0_0_0_2 Real)
        (declare-const Y_0 Real)
        (declare-const Y_1 Real)
        (set-logic QF_LRA)
        (assert (<= X_0_0_0_0 0.6))
        (assert (>= X_0_0_0_0 -0.3))
        (assert (>= 0.5 X_0_0_0_1))
        (assert (< -1e-05 X_0_0_0_1))
        (assert (<= (* 2 X_0_0_0_2) 1))
        (assert (<= Y_0 Y_1))
        (check-sat)
        """)
        XCTAssertEqual(p.inputCount, 3)
        XCTAssertEqual(p.outputCount, 2)
        XCTAssertEqual(p.inputBox, InputBox(lower: [-0.3, -1e-05, -.infinity], upper: [0.6, 0.5, 0.5]))
        XCTAssertEqual(p.outputConstraint?.disjuncts, [[inequality([0: 1, 1: -1], .lessOrEqual, 0, outputs: 2)]])
    }

    func testLinearTermsAndRelations() throws {
        let p = try VNNLib.parse("""
        (declare-const X_0 Real)
        (declare-const Y_0 Real)
        (declare-const Y_1 Real)
        (declare-const Y_2 Real)
        (assert (= X_0 0.25))
        (assert (and (> (+ Y_0 (* 2 Y_1)) 3) (< (- Y_2) (/ Y_0 4)) (= (- Y_0 Y_1 1) 0) (<= Y_0 Y_1 Y_2) true))
        """)
        XCTAssertEqual(p.inputBox, InputBox(lower: [0.25], upper: [0.25]))
        XCTAssertEqual(p.outputConstraint?.disjuncts, [[
            inequality([0: 1, 1: 2], .greater, 3, outputs: 3),
            inequality([0: -0.25, 2: -1], .less, 0, outputs: 3),
            inequality([0: 1, 1: -1], .equal, 1, outputs: 3),
            inequality([0: 1, 1: -1], .lessOrEqual, 0, outputs: 3),
            inequality([1: 1, 2: -1], .lessOrEqual, 0, outputs: 3),
        ]])
    }

    /// Disjunctions of conjunctions mixing input and output constraints
    /// (VNN-COMP's `(assert (or (and …) (and …)))`) become regions.
    func testDisjunctionsBecomeRegions() throws {
        let p = try VNNLib.parse("""
        (declare-const X_0 Real)
        (declare-const Y_0 Real)
        (declare-const Y_1 Real)
        (assert (or
            (and (>= X_0 -1) (<= X_0 0) (>= Y_0 100))
            (and (>= X_0 -1) (<= X_0 0) (<= Y_1 Y_0))
            (and (>= X_0 0) (<= X_0 1) (>= Y_1 2))
            (and (>= X_0 2) (<= X_0 1))
        ))
        (assert (or (<= Y_0 5) (and false (<= Y_1 0))))
        """)
        XCTAssertEqual(p.regions.count, 2, "the contradictory case and the false one are dropped")
        XCTAssertEqual(p.regions[0].inputBox, InputBox(lower: [-1], upper: [0]))
        XCTAssertEqual(p.regions[0].outputConstraint.disjuncts, [
            [inequality([0: 1], .greaterOrEqual, 100, outputs: 2), inequality([0: 1], .lessOrEqual, 5, outputs: 2)],
            [inequality([1: 1, 0: -1], .lessOrEqual, 0, outputs: 2), inequality([0: 1], .lessOrEqual, 5, outputs: 2)],
        ])
        XCTAssertEqual(p.regions[1].inputBox, InputBox(lower: [0], upper: [1]))
        XCTAssertTrue(p.isCounterexample(input: [0.5], output: [5, 2]))
        XCTAssertFalse(p.isCounterexample(input: [0.5], output: [6, 2]))
        XCTAssertFalse(p.isCounterexample(input: [1.5], output: [5, 2]))
    }

    /// An empty input box would make any property hold ("unsat", verified): it is an error, not an empty property.
    func testContradictoryInputBoundsAreAnError() throws {
        XCTAssertThrowsError(try VNNLib.parse("(declare-const X_0 Real)(declare-const Y_0 Real)(assert (<= X_0 0))(assert (>= X_0 1))")) {
            XCTAssertTrue("\($0)".contains("X_0 has lower bound 1.0"), "\($0)")
        }
    }

    // MARK: Malformed input

    func testMalformedInputGivesLineNumbers() {
        let header = "(declare-const X_0 Real)\n(declare-const Y_0 Real)\n"
        let cases: [(String, String)] = [
            (header + "(assert (<= X_0 1)\n", "p.vnnlib:3: '(' is never closed"),
            (header + "(assert (<= X_0 1)))\n", "p.vnnlib:3: unbalanced ')'"),
            (header + "(push 1)\n", "p.vnnlib:3: unsupported command 'push'"),
            (header + "\n(assert (<= X_1 1))\n", "p.vnnlib:4: unknown symbol 'X_1' (variables must be declared before use)"),
            (header + "(assert (<= (* X_0 Y_0) 1))\n", "p.vnnlib:3: a product of variables is not linear"),
            (header + "(assert (<= X_0 Y_0))\n", "p.vnnlib:3: a comparison mixing inputs and outputs is not supported"),
            ("(declare-const X_0 Real)(declare-const X_1 Real)(declare-const Y_0 Real)\n(assert (<= X_0 X_1))",
             "p.vnnlib:2: a comparison of several inputs is not supported (only bounds on single inputs)"),
            (header + "(declare-const Z Real)\n", "p.vnnlib:3: unsupported variable name 'Z' (expected X_i or Y_i, e.g. X_0 or X_0_0_0_3)"),
            (header + "(declare-const X_2 Real)\n", "p.vnnlib:3: X index 2 is declared but X_1 is not (indices must be 0 to 1)"),
            (header + "(declare-const X_0 Real)\n", "p.vnnlib:3: 'X_0' is declared twice"),
            (header + "(declare-const X_1 Int)\n", "p.vnnlib:3: 'X_1' must be declared Real, found Int"),
            (header + "(assert (not (<= X_0 1)))\n", "p.vnnlib:3: unsupported formula operator 'not' (supported: and, or, <=, >=, <, >, =)"),
            (header + "(assert (<= X_0 nan))\n", "p.vnnlib:3: unknown symbol 'nan' (variables must be declared before use)"),
            (header + "(assert (<= X_0 -inf))\n", "p.vnnlib:3: '-inf' is not a finite number"),
            (header + "(assert (<= X_0 (/ 1 0)))\n", "p.vnnlib:3: division by zero"),
            (header + "(assert (<= X_0))\n", "p.vnnlib:3: '<=' needs at least two terms"),
            (header + "assert\n", "p.vnnlib:3: expected a command such as (assert …), found assert"),
            ("(declare-const Y_0 Real)\n(assert (<= Y_0 1))", "p.vnnlib: no X_i variable is declared"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try VNNLib.parse(text, name: "p.vnnlib"), message) { error in
                XCTAssertEqual("\(error)", message)
            }
        }
    }

    func testMissingFile() {
        XCTAssertThrowsError(try VNNLib.read(contentsOf: URL(fileURLWithPath: "/nonexistent/p.vnnlib"))) { error in
            XCTAssertEqual("\(error)", "/nonexistent/p.vnnlib: no such file")
        }
    }
}
