import Foundation

/// The command line of `cellcert-bench`: a kernel name, positional operands and
/// `--name value` options. Kept minimal on purpose (the benchmark target depends
/// on CellCert and Probability only); `run_benchmarks.py` is its only caller.
struct BenchArguments {
    let kernel: String
    private(set) var positional: [String] = []
    private var options: [String: String] = [:]

    /// Splits `arguments` (without the program name).
    init(_ arguments: [String]) throws {
        guard let first = arguments.first else { throw BenchError(BenchArguments.usage) }
        kernel = first
        var rest = arguments.dropFirst()[...]
        while let word = rest.popFirst() {
            if word.hasPrefix("--") {
                guard let value = rest.popFirst() else { throw BenchError("option \(word) needs a value") }
                options[String(word.dropFirst(2))] = value
            } else {
                positional.append(word)
            }
        }
    }

    /// Positional operand `i`, named `name` in the error when missing.
    func operand(_ i: Int, _ name: String) throws -> String {
        guard i < positional.count else { throw BenchError("\(kernel): missing operand \(name)") }
        return positional[i]
    }

    /// Option `--name` as an integer, or `fallback` when absent.
    func integer(_ name: String, default fallback: Int) throws -> Int {
        guard let text = options[name] else { return fallback }
        guard let value = Int(text) else { throw BenchError("--\(name) must be an integer, got '\(text)'") }
        return value
    }

    /// Option `--name` as a number, or `fallback` when absent.
    func number(_ name: String, default fallback: Double) throws -> Double {
        guard let text = options[name] else { return fallback }
        guard let value = Double(text), value.isFinite else { throw BenchError("--\(name) must be a finite number, got '\(text)'") }
        return value
    }

    /// Option `--name` as a list of integers separated by commas (`784,256,10`).
    func integers(_ name: String) throws -> [Int] {
        guard let text = options[name] else { throw BenchError("\(kernel): missing --\(name)") }
        let values = text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.count == text.split(separator: ",").count else {
            throw BenchError("--\(name) must be integers separated by commas, got '\(text)'")
        }
        return values
    }

    static let usage = """
        usage: cellcert-bench KERNEL ...   (driven by Benchmarks/run_benchmarks.py; see Benchmarks/README.md)
          export MODEL OUT.json                       write the loaded network in the native JSON format
          radii MODEL INPUTS.csv [--reps R]           cell + radii (ℓ2, ℓ∞, ℓ1) of every input, timed per input
          facets MODEL INPUTS.csv [--index I] [--reps R] [--budget S]
                                                      facet classification of one input's cell
          montecarlo MODEL INPUTS.csv --epsilon E --samples N [--index I] [--batch B] [--threads T] [--reps R] [--budget S]
                                                      Monte Carlo class-change counting around one input
          cell-memory --sizes 784,256,...,10 [--seed S] [--no-cell 1]
                                                      build one cell of a random network (run under /usr/bin/time -v)
          noop                                        do nothing: the process's own peak memory, subtracted from cell-memory's
        --budget S stops the repetitions once S seconds of kernel time are spent (at least one runs).
        Every kernel prints one JSON object on standard output; times are in seconds.
        """
}

/// A usage or input error; printed on standard error, exit status 2.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
