import Foundation

extension InstanceTable {
    /// The table in `format` (see `InstanceTableFormat`), ending with a newline.
    ///
    /// - Throws: `TableLinesError` when the JSON cannot be encoded.
    public func rendered(as format: InstanceTableFormat) throws -> String {
        switch format {
        case .text:
            let lines = TableRendering.text(headers: Self.headers, rows: rows(seconds: Self.shortSeconds))
            return (["instances: \(list) (\(results.count))", ""] + lines + [""] + summary).joined(separator: "\n") + "\n"
        case .markdown:
            let lines = TableRendering.markdown(headers: Self.headers, rows: rows(seconds: Self.shortSeconds))
            return (["**Instances: \(list)** (\(results.count))", ""] + lines + [""] + summary.map { $0.isEmpty ? $0 : $0 + "  " })
                .joined(separator: "\n") + "\n"
        case .csv:
            let rows = zip(rows(seconds: { "\($0)" }), results).map { $0 + [$1.note ?? ""] }
            return TableRendering.csv(headers: Self.headers + ["note"], rows: rows).joined(separator: "\n") + "\n"
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let counts = Dictionary(uniqueKeysWithValues: InstanceResult.Answer.allCases.map { ($0.rawValue, count(of: $0)) })
            do {
                let data = try encoder.encode(JSONTable(list: list, counts: counts, seconds: totalSeconds, results: results))
                return String(decoding: data, as: UTF8.self) + "\n"
            } catch {
                throw TableLinesError("the result table cannot be encoded as JSON (\(error))")
            }
        }
    }

    /// The columns of every format (CSV adds `note`).
    static let headers = ["index", "onnx", "vnnlib", "timeout", "result", "seconds"]

    /// One row per result, `seconds` written by `seconds`.
    private func rows(seconds: (Double) -> String) -> [[String]] {
        results.map { [String($0.index), $0.onnx, $0.vnnlib, Self.number($0.timeout), $0.result.rawValue, seconds($0.seconds)] }
    }

    /// The counts, the total time and one line per note.
    private var summary: [String] {
        var lines = ["results: " + InstanceResult.Answer.allCases.map { "\(count(of: $0)) \($0.rawValue)" }.joined(separator: ", "),
                     "time: \(Self.shortSeconds(totalSeconds)) s (sum over the instances)"]
        let noted = results.filter { $0.note != nil }
        if !noted.isEmpty {
            lines.append("notes:")
            lines += noted.map { "  \($0.index) (\($0.result.rawValue)): \($0.note ?? "")" }
        }
        return lines
    }

    /// Seconds with three decimals.
    private static func shortSeconds(_ seconds: Double) -> String { String(format: "%.3f", seconds) }

    /// An integral value without its `.0` (`60`), any other as Swift writes it (`116.5`).
    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// The JSON rendering's object.
    private struct JSONTable: Encodable {
        let list: String
        let counts: [String: Int]
        let seconds: Double
        let results: [InstanceResult]
    }
}
