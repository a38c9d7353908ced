import CellCert
import Foundation
import XCTest

/// VNN-LIB files that would overflow the stack, hide NaN or infinite
/// bounds, describe an empty input box, or expand without bound.
final class HostileVNNLibTests: HostileFileTestCase {
    private let declarations = "(declare-const X_0 Real)\n(declare-const X_1 Real)\n(declare-const Y_0 Real)\n(declare-const Y_1 Real)\n"

    /// `depth` nested `(head …` around `core`, closed again.
    private func nested(_ head: String, depth: Int, around core: String) -> String {
        String(repeating: "(\(head) ", count: depth) + core + String(repeating: ")", count: depth)
    }

    func testFiftyThousandNestedAndsAreRefusedInsteadOfOverflowingTheStack() throws {
        let url = try write("deep-and.vnnlib", declarations + "(assert " + nested("and", depth: 50_000, around: "(<= X_0 1)") + ")\n")
        let message = assertRefused(url, mentioning: ["nested deeper than the limit of 1000 levels"]) { try VNNLib.read(contentsOf: url) }
        // The 1001st parenthesis: `(assert ` then 999 `(and ` of five characters each, then the next one.
        XCTAssertEqual(message, "\(url.relativePath):5: column \(8 + 999 * 5 + 1): parentheses nested deeper than the limit of 1000 levels")
    }

    func testFiftyThousandNestedSumsAreRefusedInsteadOfOverflowingTheStack() throws {
        let url = try write("deep-sum.vnnlib", declarations + "(assert (<= X_0 " + nested("+", depth: 50_000, around: "1") + "))\n")
        assertRefused(url, mentioning: [":5: column", "nested deeper than the limit of 1000 levels"]) { try VNNLib.read(contentsOf: url) }
    }

    /// Nesting at the limit is read, and every walk over it (formulas,
    /// terms, normal form, releasing the tree) fits a 256 KiB thread stack.
    func testNestingAtTheLimitIsReadOnASmallStack() throws {
        // `(assert` is one level and the comparison another: 998 `and`s reach 1000.
        let formulas = "(assert " + nested("and", depth: 998, around: "(<= X_0 1)") + ")\n"
            + "(assert " + nested("or", depth: 998, around: "(>= X_0 -1)") + ")\n"
            + "(assert (<= X_1 " + nested("+", depth: 998, around: "1") + "))\n"
            + "(assert (>= X_1 " + nested("-", depth: 998, around: "0") + "))\n"
            + "(assert (<= Y_0 Y_1))\n"
        let url = try write("limit.vnnlib", declarations + formulas)
        let property = try Self.onSmallStack { try VNNLib.read(contentsOf: url) }.get()
        XCTAssertEqual(property.inputBox, InputBox(lower: [-1, 0], upper: [1, 1]))
        XCTAssertEqual(property.outputConstraint?.disjuncts.count, 1)
    }

    /// Errors deep inside such nesting, and errors after a deep tree was
    /// read, release the tree and describe it on the same small stack.
    func testErrorsAtTheLimitAreReportedOnASmallStack() throws {
        let deepError = try write("deep-error.vnnlib", declarations + "(assert " + nested("and", depth: 998, around: "(<= X_0 Z)") + ")\n")
        let unbalanced = try write("unbalanced.vnnlib", declarations + "(assert " + nested("or", depth: 998, around: "(<= X_0 1)") + "))\n")
        let deepHead = try write("deep-head.vnnlib", declarations + "(assert (<= X_0 (" + nested("+", depth: 997, around: "1") + " 2)))\n")
        let expected = [
            (deepError, "\(deepError.relativePath):5: unknown symbol 'Z' (variables must be declared before use)"),
            (unbalanced, "\(unbalanced.relativePath):5: unbalanced ')'"),
            (deepHead, "\(deepHead.relativePath):5: expected a term, found \(("(" + String(repeating: "(+ ", count: 30)).prefix(60))…"),
        ]
        for (url, message) in expected {
            let result = Self.onSmallStack { try VNNLib.read(contentsOf: url) }
            XCTAssertThrowsError(try result.get()) { XCTAssertEqual("\($0)", message) }
        }
    }

    /// `body` run on a thread with a 256 KiB stack (a thirty-second of the usual 8 MiB main-thread stack).
    private static func onSmallStack(_ body: @escaping @Sendable () throws -> VNNLibProperty) -> Result<VNNLibProperty, any Error> {
        let box = ResultBox(), done = DispatchSemaphore(value: 0)
        let thread = Thread { box.result = Result(catching: body); done.signal() }
        thread.stackSize = 256 * 1024
        thread.start()
        done.wait()
        return box.result!
    }

    func testAnEmptyInputBoxIsAnErrorNamingTheVariableNotAVacuousProof() throws {
        let url = try write("swapped.vnnlib", declarations + "(assert (>= X_0 0))\n(assert (<= X_0 1))\n(assert (>= X_1 1))\n(assert (<= X_1 0))\n(assert (<= Y_0 Y_1))\n")
        let message = assertRefused(url, mentioning: ["X_1"]) { try VNNLib.read(contentsOf: url) }
        XCTAssertEqual(message, "\(url.relativePath):8: X_1 has lower bound 1.0 (line 7) above its upper bound 0.0 (line 8): "
                       + "the input box is empty, so the property would hold for any network")
    }

    func testAnEmptyBoxInOneCaseOfADisjunctionIsStillDroppedWhenOthersRemain() throws {
        // (X_0 ∈ [0, 1] ∨ X_0 ∈ [2, 3]) ∧ X_0 ≤ 1.5: the second case is empty by intersection, legitimately.
        let property = try VNNLib.parse(declarations + """
            (assert (or (and (>= X_0 0) (<= X_0 1)) (and (>= X_0 2) (<= X_0 3))))
            (assert (<= X_0 1.5))
            (assert (>= X_1 0)) (assert (<= X_1 1)) (assert (<= Y_0 Y_1))
            """)
        XCTAssertEqual(property.regions.map(\.inputBox), [InputBox(lower: [0, 0], upper: [1, 1])])
    }

    func testAFalseAssertionStillGivesAnEmptyPropertyWithoutError() throws {
        let property = try VNNLib.parse(declarations + "(assert (>= X_0 1))\n(assert (<= X_0 0))\n(assert false)\n")
        XCTAssertTrue(property.regions.isEmpty, "a file that says false is explicit; only contradictory bounds are refused")
    }

    func testABoundThatOverflowsToNaNIsRefusedInsteadOfDropped() throws {
        // (1e308 · 10) − (1e308 · 10) = ∞ − ∞ = NaN; min(∞, NaN) would silently keep the old bound.
        let url = try write("nan.vnnlib", declarations + "(assert (>= X_0 0))\n(assert (<= X_0 (- (* 1e308 10) (* 1e308 10))))\n")
        assertRefused(url, mentioning: [":6: the term (* 1e308 10) overflows Double"]) { try VNNLib.read(contentsOf: url) }
    }

    func testAnInfiniteTermCannotVanishByDivision() throws {
        // 1 / (1e308 · 10) would be 1/∞ = 0: a finite-looking bound computed from an infinity.
        let url = try write("inf.vnnlib", declarations + "(assert (<= X_0 (/ 1 (* 1e308 10))))\n")
        assertRefused(url, mentioning: [":5: the term (* 1e308 10) overflows Double"]) { try VNNLib.read(contentsOf: url) }
    }

    func testABoundWhoseDivisionOverflowsIsRefusedNamingTheVariable() throws {
        // 1e-300 · X_1 ≤ 1e300  ⇔  X_1 ≤ 1e600, which is not a Double.
        let url = try write("bound.vnnlib", declarations + "(assert (<= (* 1e-300 X_1) 1e300))\n")
        assertRefused(url, mentioning: [":5: the bound on X_1 is not a finite number"]) { try VNNLib.read(contentsOf: url) }
    }

    func testADifferenceThatOverflowsIsRefused() throws {
        let url = try write("diff.vnnlib", declarations + "(assert (<= (+ Y_0 1e308) (- Y_1 1e308)))\n")
        assertRefused(url, mentioning: [":5: the difference of the two sides overflows Double"]) { try VNNLib.read(contentsOf: url) }
    }

    func testAShortFileWhoseCasesRepeatALongConjunctionIsRefusedBeforeExpanding() throws {
        // 12 binary disjunctions (4,096 cases), each joined with a conjunction of 2,000
        // comparisons: 8 million atoms from 30 KB, refused before they are built.
        let splits = String(repeating: "(assert (or (<= X_0 1) (<= X_1 1)))\n", count: 12)
        let long = "(assert (and " + String(repeating: "(<= Y_0 Y_1) ", count: 2_000) + "))\n"
        let url = try write("wide.vnnlib", declarations + splits + long)
        assertRefused(url, mentioning: ["the assertions expand to more than 4194304 (2^22) comparisons"]) { try VNNLib.read(contentsOf: url) }
    }
}

/// The result of a property read on another thread, handed back after a semaphore.
private final class ResultBox: @unchecked Sendable {
    var result: Result<VNNLibProperty, any Error>?
}
