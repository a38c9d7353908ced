import Foundation

/// Reader of VNN-LIB property files (`.vnnlib`), the SMT-LIB subset that
/// VNN-COMP uses for its benchmarks. Docs/formats.md ("VNN-LIB") lists the
/// subset; `VNNLibProperty` states what the result means (the file describes
/// the *unsafe* set).
///
/// Understood:
/// - `(declare-const X_0 Real)`, `(declare-const Y_0 Real)` (also
///   `(declare-fun X_0 () Real)`). Inputs are `X_…`, outputs `Y_…`; in a name
///   with several indices (`X_0_0_0_4`) the last one is the flat index. The
///   indices must be exactly `0 ..< n`.
/// - `(assert F)`, where `F` is `(and F …)`, `(or F …)`, `true`, `false` or a
///   comparison `(<= a b)`, `(>= a b)`, `(< a b)`, `(> a b)`, `(= a b)`
///   (chains `(<= a b c)` mean `a ≤ b ∧ b ≤ c`) of linear terms: decimal
///   numbers (`-0.3`, `1e-05`), variables, `(+ t …)`, `(- t)`, `(- t …)`,
///   `(* c t)`, `(/ t c)` with constant `c`.
/// - A comparison involves either exactly one input (a bound: it shapes the
///   input box) or only outputs; anything else (several inputs, inputs with
///   outputs) is rejected. Strict input bounds are read as non-strict (the box
///   is closed); strict output comparisons keep their relation.
/// - `(check-sat)`, `(get-model)`, `(set-logic …)`, `(set-info …)`,
///   `(set-option …)`, `(exit)` are ignored; `;` starts a comment.
///
/// All assertions are conjoined and expanded into disjunctive normal form;
/// conjunctions with the same input box form one region. A conjunction whose
/// bounds are contradictory (lower > upper, or a false constant comparison)
/// is empty and dropped; but when contradictory input bounds leave no region
/// at all (a swapped bound, which would make any network "verified"), the
/// file is refused, naming the input and the lines of its bounds.
///
/// Hostile files are refused with a one-line error, never a crash: control
/// characters, parentheses nested deeper than `VNNLibSExpression.maximumDepth`,
/// arithmetic that overflows `Double` (an infinite or NaN term or bound), and
/// assertions whose normal form exceeds `VNNLibFormula.maximumTermCount`
/// cases or `VNNLibFormula.maximumAtomCount` comparisons.
public enum VNNLib {
    /// Reads the property in the VNN-LIB file at `url`.
    ///
    /// - Throws: `ModelFormatError` naming the file and line: missing file,
    ///   a control character, unbalanced or too deeply nested parentheses, an
    ///   unknown command or operator, an undeclared or badly named variable, a
    ///   non-linear or mixed input/output comparison, a non-finite number or
    ///   term, missing declarations, an empty input box (see above), or
    ///   assertions that expand too far.
    public static func read(contentsOf url: URL) throws -> VNNLibProperty {
        let name = TextFile.displayName(of: url)
        return try parse(TextFile.read(url, name: name), name: name)
    }

    /// Parses VNN-LIB `text`; `name` labels error messages. See `read(contentsOf:)`.
    public static func parse(_ text: String, name: String = "<vnnlib>") throws -> VNNLibProperty {
        try TextFile.checkCharacters(text, name: name)
        var commands = try VNNLibSExpression.parse(text, name: name)
        defer { VNNLibSExpression.release(&commands) }
        var parser = VNNLibParser(name: name)
        for command in commands {
            try parser.execute(command)
        }
        return try parser.property()
    }
}

/// The state of one VNN-LIB file's reading: declarations, then assertions.
private struct VNNLibParser {
    let name: String
    /// Declared inputs and outputs: symbol → flat index.
    var inputs: [String: Int] = [:]
    var outputs: [String: Int] = [:]
    /// The line of the first declaration of each flat index.
    var inputLines: [Int: Int] = [:]
    var outputLines: [Int: Int] = [:]
    var assertions: [VNNLibFormula] = []

    init(name: String) { self.name = name }

    func error(_ line: Int?, _ message: String) -> ModelFormatError {
        ModelFormatError(file: name, line: line, message: message)
    }

    // MARK: Commands

    mutating func execute(_ command: VNNLibSExpression) throws {
        guard case .list(let items, let line) = command, case .atom(let head, _)? = items.first else {
            throw error(command.line, "expected a command such as (assert …), found \(command.summary)")
        }
        switch head {
        case "declare-const":
            guard items.count == 3, case .atom(let symbol, _) = items[1] else {
                throw error(line, "expected (declare-const NAME Real), found \(command.summary)")
            }
            try declare(symbol, sort: items[2], line: line)
        case "declare-fun":
            guard items.count == 4, case .atom(let symbol, _) = items[1], case .list(let arguments, _) = items[2],
                  arguments.isEmpty else {
                throw error(line, "expected (declare-fun NAME () Real), found \(command.summary)")
            }
            try declare(symbol, sort: items[3], line: line)
        case "assert":
            guard items.count == 2 else { throw error(line, "expected (assert FORMULA), found \(command.summary)") }
            assertions.append(try formula(items[1]))
        case "check-sat", "get-model", "set-logic", "set-info", "set-option", "exit":
            break
        default:
            throw error(line, "unsupported command '\(head)'")
        }
    }

    mutating func declare(_ symbol: String, sort: VNNLibSExpression, line: Int) throws {
        guard case .atom("Real", _) = sort else {
            throw error(line, "'\(symbol)' must be declared Real, found \(sort.summary)")
        }
        guard inputs[symbol] == nil, outputs[symbol] == nil else { throw error(line, "'\(symbol)' is declared twice") }
        let parts = symbol.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0] == "X" || parts[0] == "Y",
              parts.dropFirst().allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let index = Int(parts[parts.count - 1]) else {
            throw error(line, "unsupported variable name '\(symbol)' (expected X_i or Y_i, e.g. X_0 or X_0_0_0_3)")
        }
        if parts[0] == "X" {
            if let previous = inputLines[index] { throw error(line, "'\(symbol)' has input index \(index), already declared on line \(previous)") }
            inputs[symbol] = index
            inputLines[index] = line
        } else {
            if let previous = outputLines[index] { throw error(line, "'\(symbol)' has output index \(index), already declared on line \(previous)") }
            outputs[symbol] = index
            outputLines[index] = line
        }
    }

    // MARK: Formulas

    /// How a node of an assertion is read: as a formula or as a term.
    enum Role { case formula, term }

    /// What a node of an assertion reads as.
    enum Value {
        case formula(VNNLibFormula)
        case term(VNNLibLinearExpression)
    }

    /// A list of an assertion whose arguments are being read.
    struct PendingList {
        /// The list, for messages.
        let expression: VNNLibSExpression
        /// Its items: the head (an atom), then the arguments.
        let items: [VNNLibSExpression]
        let head: String
        let line: Int
        /// How the list itself is read.
        let role: Role
        /// How its arguments are read.
        let argumentRole: Role
        /// The values of the arguments read so far.
        var values: [Value] = []

        var argumentCount: Int { items.count - 1 }
    }

    /// `expression` read as a formula, in disjunctive normal form.
    ///
    /// The walk is iterative — a stack of the lists whose arguments are being
    /// read — so its use of the thread's stack does not grow with the
    /// nesting. Problems are found in the order of a recursive reading: a
    /// list's own form before its arguments, the arguments left to right,
    /// then what the list makes of their values.
    func formula(_ expression: VNNLibSExpression) throws -> VNNLibFormula {
        var pending: [PendingList] = []
        var (node, role) = (expression, Role.formula)
        while true {
            // Descend to the first argument not read yet, until a node has a value.
            var value: Value
            switch node {
            case .atom(let symbol, let line):
                value = role == .formula ? .formula(try formulaAtom(symbol, line: line)) : .term(try termAtom(symbol, line: line))
            case .list(let items, let line):
                let list = try open(node, items: items, line: line, role: role)
                guard list.argumentCount == 0 else {
                    (node, role) = (items[1], list.argumentRole)
                    pending.append(list)
                    continue
                }
                value = try close(list)
            }
            // Ascend: hand the value to its list, closing the lists it completes.
            while true {
                guard var parent = pending.popLast() else {
                    guard case .formula(let result) = value else { preconditionFailure("the root is read as a formula") }
                    return result
                }
                parent.values.append(value)
                if parent.values.count < parent.argumentCount {
                    (node, role) = (parent.items[parent.values.count + 1], parent.argumentRole)
                    pending.append(parent)
                    break
                }
                value = try close(parent)
            }
        }
    }

    /// `true`, `false`, or an error: the atoms that are formulas.
    func formulaAtom(_ symbol: String, line: Int) throws -> VNNLibFormula {
        switch symbol {
        case "true": return VNNLibFormula(atom: VNNLibAtom(kind: .constant(true), line: line))
        case "false": return VNNLibFormula(atom: VNNLibAtom(kind: .constant(false), line: line))
        default: throw error(line, "expected a formula, found '\(symbol)'")
        }
    }

    /// A variable or a finite number: the atoms that are terms.
    func termAtom(_ s: String, line: Int) throws -> VNNLibLinearExpression {
        if let index = inputs[s] { return VNNLibLinearExpression(x: [index: 1]) }
        if let index = outputs[s] { return VNNLibLinearExpression(y: [index: 1]) }
        if let value = Double(s), s.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true {
            guard value.isFinite else { throw error(line, "'\(s)' is not a finite number") }
            return VNNLibLinearExpression(constant: value)
        }
        throw error(line, "unknown symbol '\(s)' (variables must be declared before use)")
    }

    /// The list `expression` read with `role`, before its arguments: checks its head and arity.
    func open(_ expression: VNNLibSExpression, items: [VNNLibSExpression], line: Int, role: Role) throws -> PendingList {
        switch role {
        case .formula:
            guard case .atom(let head, _)? = items.first else {
                throw error(line, "expected a formula, found \(expression.summary)")
            }
            if head == "and" || head == "or" {
                return PendingList(expression: expression, items: items, head: head, line: line, role: role, argumentRole: .formula)
            }
            guard VNNLibProperty.Relation(rawValue: head) != nil else {
                throw error(line, "unsupported formula operator '\(head)' (supported: and, or, <=, >=, <, >, =)")
            }
            guard items.count >= 3 else { throw error(line, "'\(head)' needs at least two terms") }
            return PendingList(expression: expression, items: items, head: head, line: line, role: role, argumentRole: .term)
        case .term:
            guard case .atom(let head, _)? = items.first, items.count >= 2 else {
                throw error(line, "expected a term, found \(expression.summary)")
            }
            return PendingList(expression: expression, items: items, head: head, line: line, role: role, argumentRole: .term)
        }
    }

    /// The value of `list` once all its arguments are read.
    func close(_ list: PendingList) throws -> Value {
        let line = list.line
        switch (list.role, list.head) {
        case (.formula, "and"), (.formula, "or"):
            let parts = list.values.map { value -> VNNLibFormula in
                guard case .formula(let f) = value else { preconditionFailure("arguments of and/or are formulas") }
                return f
            }
            do throws(VNNLibFormulaTooLarge) {
                return .formula(list.head == "and" ? try VNNLibFormula.and(parts) : try VNNLibFormula.or(parts))
            } catch {
                throw self.error(line, "the formula expands to \(error.what)")
            }
        case (.formula, _):
            let relation = VNNLibProperty.Relation(rawValue: list.head)!
            let terms = list.values.map { value -> VNNLibLinearExpression in
                guard case .term(let t) = value else { preconditionFailure("arguments of comparisons are terms") }
                return t
            }
            let atoms = try (1..<terms.count).map { try atom(terms[$0 - 1], relation, terms[$0], line: line) }
            return .formula(VNNLibFormula(conjunction: atoms))
        case (.term, _):
            let arguments = list.values.map { value -> VNNLibLinearExpression in
                guard case .term(let t) = value else { preconditionFailure("arguments of terms are terms") }
                return t
            }
            let value = try listTerm(list.head, arguments, line: line)
            // Every intermediate result is finite, so no infinity can vanish later (1/∞ = 0) nor become NaN.
            guard value.isFinite else {
                throw error(line, "the term \(list.expression.summary) overflows Double (its value is infinite or NaN)")
            }
            return .term(value)
        }
    }

    /// `lhs relation rhs`, classified as an input bound, an output inequality or a constant.
    func atom(_ lhs: VNNLibLinearExpression, _ relation: VNNLibProperty.Relation, _ rhs: VNNLibLinearExpression,
              line: Int) throws -> VNNLibAtom {
        let difference = (lhs - rhs).pruned  // difference relation 0
        guard difference.isFinite else {
            throw error(line, "the difference of the two sides overflows Double (it is infinite or NaN)")
        }
        let c = difference.constant
        if difference.isConstant {
            return VNNLibAtom(kind: .constant(relation.holds(c, 0)), line: line)
        }
        if difference.y.isEmpty {
            guard difference.x.count == 1, let (index, a) = difference.x.first else {
                throw error(line, "a comparison of several inputs is not supported (only bounds on single inputs)")
            }
            // a·X + c relation 0  ⇔  X relation' −c/a.
            let value = a == 1 ? -c : (a == -1 ? c : -c / a)
            guard value.isFinite else {
                throw error(line, "the bound on \(inputName(index)) is not a finite number (\(-c) / \(a) overflows Double)")
            }
            return VNNLibAtom(kind: .inputBound(index: index, relation: a > 0 ? relation : relation.flipped,
                                                value: value == 0 ? 0 : value), line: line)
        }
        guard difference.x.isEmpty else {
            throw error(line, "a comparison mixing inputs and outputs is not supported")
        }
        return VNNLibAtom(kind: .output(coefficients: difference.y, relation: relation, constant: 0 - c), line: line)
    }

    /// The term `(head arguments…)`.
    func listTerm(_ head: String, _ arguments: [VNNLibLinearExpression], line: Int) throws -> VNNLibLinearExpression {
        switch head {
        case "+":
            return arguments.dropFirst().reduce(arguments[0], +)
        case "-":
            return arguments.count == 1 ? -arguments[0] : arguments.dropFirst().reduce(arguments[0], -)
        case "*":
            var product = VNNLibLinearExpression(constant: 1)
            for factor in arguments {
                if factor.isConstant {
                    product = product.scaled(by: factor.constant)
                } else {
                    guard product.isConstant else { throw error(line, "a product of variables is not linear") }
                    product = factor.scaled(by: product.constant)
                }
            }
            return product
        case "/":
            guard arguments.count == 2, arguments[1].isConstant else {
                throw error(line, "'/' needs a term and a constant divisor")
            }
            guard arguments[1].constant != 0 else { throw error(line, "division by zero") }
            return arguments[0].divided(by: arguments[1].constant)
        default:
            throw error(line, "unsupported term operator '\(head)' (supported: +, -, *, /)")
        }
    }

    // MARK: Result

    /// The property: the assertions in disjunctive normal form, grouped into regions.
    ///
    /// A conjunction with a false constant comparison is dropped. A
    /// conjunction whose bounds on some input are contradictory (lower above
    /// upper) is empty and dropped too, as the disjunctive normal form of a
    /// union of boxes intersected with bounds can legitimately produce; but
    /// if that leaves *no* region, the file most likely has a swapped bound,
    /// and since an empty unsafe set would answer `unsat` (verified) for any
    /// network, it is an error naming the input and the lines of its bounds.
    func property() throws -> VNNLibProperty {
        let d = try count(inputLines, "X")
        let k = try count(outputLines, "Y")
        let terms: [[VNNLibAtom]]
        do throws(VNNLibFormulaTooLarge) {
            terms = try VNNLibFormula.and(assertions).terms
        } catch {
            throw self.error(nil, "the assertions expand to \(error.what)")
        }
        var regions: [VNNLibProperty.Region] = []
        var regionIndex: [[Double]: Int] = [:]  // lower + upper corners → index in `regions`
        var storedValues = 0  // Doubles held by `regions` and `regionIndex`
        var firstEmpty: (term: [VNNLibAtom], input: Int)?  // the first conjunction dropped for contradictory bounds
        for term in terms {
            if term.contains(where: { if case .constant(false) = $0.kind { true } else { false } }) { continue }
            var lower = Array(repeating: -Double.infinity, count: d)
            var upper = Array(repeating: Double.infinity, count: d)
            var conjunction: [VNNLibProperty.OutputInequality] = []
            for atom in term {
                switch atom.kind {
                case .constant:
                    break
                case .inputBound(let i, let relation, let value):
                    switch relation {
                    case .lessOrEqual, .less: upper[i] = min(upper[i], value)
                    case .greaterOrEqual, .greater: lower[i] = max(lower[i], value)
                    case .equal:
                        upper[i] = min(upper[i], value)
                        lower[i] = max(lower[i], value)
                    }
                case .output(let sparse, let relation, let constant):
                    var coefficients = Array(repeating: 0.0, count: k)
                    for (index, a) in sparse { coefficients[index] = a }
                    conjunction.append(VNNLibProperty.OutputInequality(coefficients: coefficients, relation: relation, constant: constant))
                }
            }
            let box = InputBox(lower: lower, upper: upper)
            if let i = box.firstInvalidCoordinate {
                // Bounds are finite numbers (checked in `atom`), so the interval is reversed, not NaN.
                if firstEmpty == nil { firstEmpty = (term, i) }
                continue
            }
            let key = lower + upper
            let existing = regionIndex[key]
            storedValues += (existing == nil ? 2 * key.count : 0) + conjunction.count * k
            guard storedValues <= FormatLimits.maximumParameterCount else {
                throw error(nil, "the assertions expand to regions holding more than "
                            + "\(FormatLimits.describe(FormatLimits.maximumParameterCount)) numbers")
            }
            if let r = existing {
                regions[r].outputConstraint.disjuncts.append(conjunction)
            } else {
                regionIndex[key] = regions.count
                regions.append(VNNLibProperty.Region(inputBox: box, outputConstraint: .init(disjuncts: [conjunction])))
            }
        }
        if regions.isEmpty, let (term, i) = firstEmpty {
            throw emptyBoxError(term, input: i)
        }
        return VNNLibProperty(inputCount: d, outputCount: k, regions: regions)
    }

    /// The error for a conjunction whose bounds on input `i` contradict each
    /// other: the tightest lower and upper bound and their lines.
    func emptyBoxError(_ term: [VNNLibAtom], input i: Int) -> ModelFormatError {
        var lower: (value: Double, line: Int)?, upper: (value: Double, line: Int)?
        for atom in term {
            guard case .inputBound(i, let relation, let value) = atom.kind else { continue }
            if relation != .lessOrEqual, relation != .less, lower.map({ value > $0.value }) ?? true { lower = (value, atom.line) }
            if relation != .greaterOrEqual, relation != .greater, upper.map({ value < $0.value }) ?? true { upper = (value, atom.line) }
        }
        guard let lower, let upper else { return error(nil, "the input box of \(inputName(i)) is empty") }
        return error(max(lower.line, upper.line),
                     "\(inputName(i)) has lower bound \(lower.value) (line \(lower.line)) above its upper bound \(upper.value) (line \(upper.line)): "
                     + "the input box is empty, so the property would hold for any network")
    }

    /// The name `index` was declared with (`X_3`, `X_0_0_3`).
    func inputName(_ index: Int) -> String {
        inputs.first { $0.value == index }?.key ?? "X_\(index)"
    }

    /// The number of declared variables of one kind, checking the indices are `0 ..< n`.
    func count(_ lines: [Int: Int], _ prefix: String) throws -> Int {
        guard !lines.isEmpty else { throw error(nil, "no \(prefix)_i variable is declared") }
        let n = lines.count
        if let missing = (0..<n).first(where: { lines[$0] == nil }) {
            let beyond = lines.keys.filter { $0 >= n }.min()!
            throw error(lines[beyond], "\(prefix) index \(beyond) is declared but \(prefix)_\(missing) is not (indices must be 0 to \(n - 1))")
        }
        return n
    }
}
