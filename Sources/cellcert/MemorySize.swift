import ArgumentParser
import Foundation

/// A number of bytes given on the command line: `8GiB`, `8G`, `512MiB`,
/// `1.5T`, or plain bytes; the units are binary (K = 1024).
struct MemorySize: ExpressibleByArgument, Comparable, CustomStringConvertible {
    /// The size in bytes.
    let bytes: Int

    init(bytes: Int) {
        self.bytes = bytes
    }

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(suffix: String, factor: Double)] = [
            ("tib", 0x1p40), ("gib", 0x1p30), ("mib", 0x1p20), ("kib", 0x1p10),
            ("tb", 0x1p40), ("gb", 0x1p30), ("mb", 0x1p20), ("kb", 0x1p10),
            ("t", 0x1p40), ("g", 0x1p30), ("m", 0x1p20), ("k", 0x1p10), ("b", 1),
        ]
        let unit = units.first { text.hasSuffix($0.suffix) } ?? ("", 1)
        guard let number = Double(text.dropLast(unit.suffix.count).trimmingCharacters(in: .whitespaces)) else { return nil }
        let value = (number * unit.factor).rounded(.down)
        // Non-positive, NaN or beyond Int: rejected here, reported by the parser as an invalid value.
        guard value >= 1, value < 0x1p63 else { return nil }
        bytes = Int(value)
    }

    static func < (a: MemorySize, b: MemorySize) -> Bool { a.bytes < b.bytes }

    /// Bytes in the largest binary unit that keeps the number at least 1: `8 GiB`, `1.5 TiB`.
    var description: String { Self.describe(Double(bytes)) }

    /// `bytes` (any size) as `MemorySize.description` writes it.
    static func describe(_ bytes: Double) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"]
        var value = bytes
        var k = 0
        while value >= 1024, k < units.count - 1 {
            value /= 1024
            k += 1
        }
        if k == 0 { return "\(Int(value)) bytes" }
        return value.rounded() == value ? "\(Int(value)) \(units[k])" : String(format: "%.1f %@", value, units[k])
    }

    /// How `--help` shows a default: `8GiB`.
    var defaultValueDescription: String { description.replacingOccurrences(of: " ", with: "") }
}
