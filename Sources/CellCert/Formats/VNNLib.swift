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
/// is empty and dropped.
public enum VNNLib {
    /// Reads the property in the VNN-LIB file at `url`.
    ///
    /// - Throws: `ModelFormatError` naming the file and line: missing file,
    ///   unbalanced parentheses, an unknown command or operator, an undeclared
    ///   or badly named variable, a non-linear or mixed input/output
    ///   comparison, a non-finite number, missing declarations.
    public static func read(contentsOf url: URL) throws -> VNNLibProperty {
        let name = TextFile.displayName(of: url)
        return try parse(TextFile.read(url, name: name), name: name)
    }

    /// Parses VNN-LIB `text`; `name` labels error messages. See `read(contentsOf:)`.
    public static func parse(_ text: String, name: String = "<vnnlib>") throws -> VNNLibProperty {
        var parser = VNNLibParser(name: name)
        for command in try VNNLibSExpression.parse(text, name: name) {
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

    func formula(_ expression: VNNLibSExpression) throws -> VNNLibFormula {
        switch expression {
        case .atom("true", let line): return .atom(VNNLibAtom(kind: .constant(true), line: line))
        case .atom("false", let line): return .atom(VNNLibAtom(kind: .constant(false), line: line))
        case .atom(let s, let line): throw error(line, "expected a formula, found '\(s)'")
        case .list(let items, let line):
            guard case .atom(let head, _)? = items.first else {
                throw error(line, "expected a formula, found \(expression.summary)")
            }
            let arguments = Array(items.dropFirst())
            switch head {
            case "and": return .and(try arguments.map(formula))
            case "or": return .or(try arguments.map(formula))
            default:
                guard let relation = VNNLibProperty.Relation(rawValue: head) else {
                    throw error(line, "unsupported formula operator '\(head)' (supported: and, or, <=, >=, <, >, =)")
                }
                guard arguments.count >= 2 else { throw error(line, "'\(head)' needs at least two terms") }
                let terms = try arguments.map(term)
                let atoms = try (1..<terms.count).map { try atom(terms[$0 - 1], relation, terms[$0], line: line) }
                return atoms.count == 1 ? .atom(atoms[0]) : .and(atoms.map { .atom($0) })
            }
        }
    }

    /// `lhs relation rhs`, classified as an input bound, an output inequality or a constant.
    func atom(_ lhs: VNNLibLinearExpression, _ relation: VNNLibProperty.Relation, _ rhs: VNNLibLinearExpression,
              line: Int) throws -> VNNLibAtom {
        let difference = (lhs - rhs).pruned  // difference relation 0
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
            return VNNLibAtom(kind: .inputBound(index: index, relation: a > 0 ? relation : relation.flipped,
                                                value: value == 0 ? 0 : value), line: line)
        }
        guard difference.x.isEmpty else {
            throw error(line, "a comparison mixing inputs and outputs is not supported")
        }
        return VNNLibAtom(kind: .output(coefficients: difference.y, relation: relation, constant: 0 - c), line: line)
    }

    func term(_ expression: VNNLibSExpression) throws -> VNNLibLinearExpression {
        switch expression {
        case .atom(let s, let line):
            if let index = inputs[s] { return VNNLibLinearExpression(x: [index: 1]) }
            if let index = outputs[s] { return VNNLibLinearExpression(y: [index: 1]) }
            if let value = Double(s), s.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true {
                guard value.isFinite else { throw error(line, "'\(s)' is not a finite number") }
                return VNNLibLinearExpression(constant: value)
            }
            throw error(line, "unknown symbol '\(s)' (variables must be declared before use)")
        case .list(let items, let line):
            guard case .atom(let head, _)? = items.first, items.count >= 2 else {
                throw error(line, "expected a term, found \(expression.summary)")
            }
            let arguments = try items.dropFirst().map(term)
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
    }

    // MARK: Result

    func property() throws -> VNNLibProperty {
        let d = try count(inputLines, "X")
        let k = try count(outputLines, "Y")
        let terms: [[VNNLibAtom]]
        do {
            terms = try VNNLibFormula.and(assertions).disjunctiveNormalForm()
        } catch is VNNLibFormulaTooLarge {
            throw error(nil, "the assertions expand to more than \(VNNLibFormula.maximumTermCount) cases")
        }
        var regions: [VNNLibProperty.Region] = []
        var regionIndex: [[Double]: Int] = [:]  // lower + upper corners → index in `regions`
        termLoop: for term in terms {
            var lower = Array(repeating: -Double.infinity, count: d)
            var upper = Array(repeating: Double.infinity, count: d)
            var conjunction: [VNNLibProperty.OutputInequality] = []
            for atom in term {
                switch atom.kind {
                case .constant(let holds):
                    if !holds { continue termLoop }
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
            if zip(lower, upper).contains(where: { $0 > $1 }) { continue }
            let key = lower + upper
            if let r = regionIndex[key] {
                regions[r].outputConstraint.disjuncts.append(conjunction)
            } else {
                regionIndex[key] = regions.count
                regions.append(VNNLibProperty.Region(inputBox: InputBox(lower: lower, upper: upper),
                                                     outputConstraint: .init(disjuncts: [conjunction])))
            }
        }
        return VNNLibProperty(inputCount: d, outputCount: k, regions: regions)
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
