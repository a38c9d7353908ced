import Foundation

/// The inputs a benchmark runs on: a CSV file written by `run_benchmarks.py`,
/// one input per line, raw values only (no label column), so that both sides
/// read the very same numbers.
enum InputsFile {
    static func read(_ path: String, dimension: Int) throws -> [[Double]] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw BenchError("\(path): cannot read (\(error.localizedDescription))")
        }
        var inputs: [[Double]] = []
        for (n, line) in text.split(whereSeparator: \.isNewline).enumerated() where !line.isEmpty {
            let values = line.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard values.count == dimension, values.allSatisfy({ $0 != nil }) else {
                throw BenchError("\(path):\(n + 1): expected \(dimension) numbers separated by commas")
            }
            inputs.append(values.map { $0! })
        }
        guard !inputs.isEmpty else { throw BenchError("\(path): no inputs") }
        return inputs
    }
}
