import BigInt
import Foundation

/// Rows of exact dyadic rationals, each row an integer vector times a power of
/// two of its own: entry `(i, k)` is `(−1)^{s_ik} · m_ik · 2^{e_i}` with `m_ik`
/// a non-negative integer of `limbCount(i)` 64-bit limbs (little-endian).
///
/// Every `Double` is such a number, and so is every sum of products of them:
/// the exact rows of a cell (``ExactCellRows``) are products of these rows,
/// computed by ``product(_:_:)`` in integer arithmetic on a common power of two
/// per row. Rows are kept in lowest form: no power of two divides all their
/// integers, and `limbCount` is the fewest limbs that hold the largest, so the
/// integers stay as short as the values allow.
struct IntegerRows: Sendable {
    /// Entries per row.
    let columns: Int
    /// `e_i` of every row.
    private(set) var exponents: [Int] = []
    /// Limbs per entry of every row.
    private(set) var limbCounts: [Int] = []
    /// The significant bits of each row's largest integer.
    private(set) var bitLengths: [Int] = []
    /// Where each row's limbs start in `limbs`.
    private(set) var starts: [Int] = []
    /// Every row's integers, row after row, `limbCount(i)` limbs per entry.
    private(set) var limbs: [UInt64] = []
    /// `s_ik`: whether entry `(i, k)` is negative, row-major.
    private(set) var negative: [Bool] = []

    /// The number of rows.
    var rows: Int { exponents.count }

    /// No rows yet.
    init(columns: Int) {
        precondition(columns >= 0, "negative column count")
        self.columns = columns
    }

    /// The exact values `entry(i, k) · 2^columnExponents[k]` of finite doubles, one row per `i`;
    /// rows `i` with `included[i] == false` are zero (and `entry` is not asked for them).
    init(rows: Int, columns: Int, columnExponents: [Int]? = nil, included: [Bool]? = nil, entry: (Int, Int) -> Double) {
        precondition(columnExponents == nil || columnExponents!.count == columns, "one exponent per column")
        precondition(included == nil || included!.count == rows, "one flag per row")
        self.init(columns: columns)
        var parts = [(negative: Bool, mantissa: UInt64, exponent: Int)](repeating: (false, 0, 0), count: columns)
        for i in 0..<rows {
            if let included, !included[i] {
                appendZeroRow()
                continue
            }
            var lowest = Int.max
            var highest = Int.min
            for k in 0..<columns {
                let value = entry(i, k)
                precondition(value.isFinite, "exact rows of a non-finite value")
                var p = value.dyadicParts
                if p.mantissa != 0 {
                    p.exponent += columnExponents?[k] ?? 0
                    lowest = min(lowest, p.exponent)
                    highest = max(highest, p.exponent + 64 - p.mantissa.leadingZeroBitCount)
                }
                parts[k] = p
            }
            guard lowest != Int.max else {
                appendZeroRow()
                continue
            }
            // The smallest exponent is the row's: every mantissa becomes an integer
            // `mantissa · 2^(exponent − lowest)`, and at least one of them stays odd.
            let bits = highest - lowest
            let count = (bits + 63) / 64
            let start = limbs.count
            limbs.append(contentsOf: repeatElement(0, count: count * columns))
            limbs.withUnsafeMutableBufferPointer { buffer in
                for k in 0..<columns where parts[k].mantissa != 0 {
                    var mantissa = parts[k].mantissa
                    Limbs.shiftLeft(&mantissa, 1, by: parts[k].exponent - lowest,
                                    into: buffer.baseAddress! + start + k * count, count)
                }
            }
            negative.append(contentsOf: parts.map(\.negative))
            exponents.append(lowest)
            limbCounts.append(count)
            bitLengths.append(bits)
            starts.append(start)
        }
    }

    /// One row of exact dyadic values `integers[k] · 2^exponents[k]`.
    init(dyadicRow integers: [BigInt], exponents rowExponents: [Int]) {
        precondition(integers.count == rowExponents.count, "one exponent per integer")
        self.init(columns: integers.count)
        let nonzero = integers.indices.filter { !integers[$0].isZero }
        guard let lowest = nonzero.map({ rowExponents[$0] }).min() else {
            appendZeroRow()
            return
        }
        let shifted = integers.indices.map { k in integers[k].isZero ? BigUInt(0) : integers[k].magnitude << (rowExponents[k] - lowest) }
        let bits = shifted.map(\.bitWidth).max() ?? 0
        let count = max(1, (bits + 63) / 64)
        var row = [UInt64](repeating: 0, count: count * integers.count)
        for (k, value) in shifted.enumerated() {
            for (t, word) in value.words.enumerated() { row[k * count + t] = UInt64(word) }
        }
        appendNormalised(row, limbCount: count, negative: integers.map { $0.sign == .minus && !$0.isZero },
                         exponent: lowest)
    }

    /// Appends a row of zeros.
    mutating func appendZeroRow() {
        starts.append(limbs.count)
        limbs.append(contentsOf: repeatElement(0, count: columns))
        negative.append(contentsOf: repeatElement(false, count: columns))
        exponents.append(0)
        limbCounts.append(1)
        bitLengths.append(0)
    }

    /// Appends the row `(−1)^{negative_k} · magnitudes_k · 2^exponent` (`limbCount` limbs
    /// per entry) in lowest form: the common power of two of its integers moved into
    /// the exponent, and the fewest limbs that hold them.
    mutating func appendNormalised(_ magnitudes: [UInt64], limbCount: Int, negative signs: [Bool], exponent: Int) {
        precondition(magnitudes.count == limbCount * columns && signs.count == columns, "row of the wrong size")
        var zeros = Int.max
        var bits = 0
        magnitudes.withUnsafeBufferPointer { m in
            for k in 0..<columns {
                let entry = m.baseAddress! + k * limbCount
                zeros = min(zeros, Limbs.trailingZeroBitCount(entry, limbCount))
                bits = max(bits, Limbs.bitLength(entry, limbCount))
            }
        }
        guard zeros != Int.max else {
            appendZeroRow()
            return
        }
        let count = (bits - zeros + 63) / 64
        let start = limbs.count
        limbs.append(contentsOf: repeatElement(0, count: count * columns))
        limbs.withUnsafeMutableBufferPointer { target in
            magnitudes.withUnsafeBufferPointer { m in
                for k in 0..<columns {
                    Limbs.shiftRight(m.baseAddress! + k * limbCount, limbCount, by: zeros,
                                     into: target.baseAddress! + start + k * count, count)
                }
            }
        }
        starts.append(start)
        negative.append(contentsOf: (0..<columns).map { k in
            signs[k] && !magnitudes.withUnsafeBufferPointer { Limbs.isZero($0.baseAddress! + k * limbCount, limbCount) }
        })
        exponents.append(exponent + zeros)
        limbCounts.append(count)
        bitLengths.append(bits - zeros)
    }

    /// Entry `(i, k)` as an exact integer (without the row's power of two).
    func integer(row i: Int, column k: Int) -> BigInt {
        let count = limbCounts[i]
        let start = starts[i] + k * count
        let magnitude = BigUInt(words: limbs[start..<(start + count)].map { UInt($0) })
        return negative[i * columns + k] ? -BigInt(magnitude) : BigInt(magnitude)
    }

    /// The rows listed in `indices`, in that order.
    func selectingRows(_ indices: [Int]) -> IntegerRows {
        var result = IntegerRows(columns: columns)
        for i in indices { result.append(row: i, of: self) }
        return result
    }

    /// Appends row `i` of `other` (of the same width).
    mutating func append(row i: Int, of other: IntegerRows) {
        precondition(other.columns == columns, "rows of different widths")
        let count = other.limbCounts[i]
        starts.append(limbs.count)
        limbs.append(contentsOf: other.limbs[other.starts[i]..<(other.starts[i] + count * columns)])
        negative.append(contentsOf: other.negative[(i * columns)..<((i + 1) * columns)])
        exponents.append(other.exponents[i])
        limbCounts.append(count)
        bitLengths.append(other.bitLengths[i])
    }

    /// Whether column `k` is zero in every row.
    func isZeroColumn(_ k: Int) -> Bool {
        limbs.withUnsafeBufferPointer { buffer in
            (0..<rows).allSatisfy { i in Limbs.isZero(buffer.baseAddress! + starts[i] + k * limbCounts[i], limbCounts[i]) }
        }
    }

    /// ``product(_:_:)`` with the rows of `v` cut into chunks computed on every
    /// core (``ParallelLoop``) when there are enough of them. Exact, so the same
    /// whatever the cut.
    static func parallelProduct(_ v: IntegerRows, _ w: IntegerRows) -> IntegerRows {
        let chunkCount = min(v.rows, 4 * ProcessInfo.processInfo.activeProcessorCount)
        guard chunkCount > 1, v.rows * w.columns >= 4096 else { return product(v, w) }
        let size = (v.rows + chunkCount - 1) / chunkCount
        let chunks: [IntegerRows]
        do {
            chunks = try ParallelLoop.map(count: chunkCount, threads: ProcessInfo.processInfo.activeProcessorCount) { c in
                product(v.selectingRows(Array(min(v.rows, c * size)..<min(v.rows, (c + 1) * size))), w)
            }
        } catch {
            preconditionFailure("exact products do not throw: \(error)")
        }
        var result = IntegerRows(columns: w.columns)
        for chunk in chunks {
            for i in 0..<chunk.rows { result.append(row: i, of: chunk) }
        }
        return result
    }

    /// The exact product `V · W`: row `r` is `Σ_i V_ri W_i`, with `V.columns == W.rows`.
    ///
    /// For row `r`, each term `V_ri W_ik` is `(v_ri w_ik) · 2^{e_r + f_i}`; with
    /// `f = min_i f_i` over the terms, `v_ri · 2^{f_i − f}` is an integer, so the
    /// row is `2^{e_r + f} Σ_i (v_ri 2^{f_i − f}) w_ik`: integer products added
    /// into two accumulators per entry (positive and negative terms), sized from
    /// the operands' bit lengths so that no sum overflows, then subtracted.
    static func product(_ v: IntegerRows, _ w: IntegerRows) -> IntegerRows {
        precondition(v.columns == w.rows, "product of \(v.columns) columns by \(w.rows) rows")
        var result = IntegerRows(columns: w.columns)
        let n = w.columns
        for r in 0..<v.rows {
            let vCount = v.limbCounts[r]
            let terms = (0..<v.columns).filter { i in
                !v.limbs.withUnsafeBufferPointer { Limbs.isZero($0.baseAddress! + v.starts[r] + i * vCount, vCount) }
                    && w.bitLengths[i] > 0
            }
            guard let lowest = terms.map({ w.exponents[$0] }).min() else {
                result.appendZeroRow()
                continue
            }
            // |Σ_i s_i w_ik| ≤ Σ_i 2^{bits(s_i) + bits(w_i)} < 2^{max + bitLength(terms)}.
            let scalarBits = terms.map { v.bitLengths[r] + w.exponents[$0] - lowest }
            let widest = zip(terms, scalarBits).map { w.bitLengths[$0] + $1 }.max()!
            let accumulatorCount = (widest + (Int.bitWidth - terms.count.leadingZeroBitCount) + 1 + 63) / 64
            var positive = [UInt64](repeating: 0, count: n * accumulatorCount)
            var negativeSums = [UInt64](repeating: 0, count: n * accumulatorCount)
            let scalarCapacity = (scalarBits.max()! + 63) / 64 + 1
            var scalar = [UInt64](repeating: 0, count: scalarCapacity)
            v.limbs.withUnsafeBufferPointer { vLimbs in
                w.limbs.withUnsafeBufferPointer { wLimbs in
                    positive.withUnsafeMutableBufferPointer { plus in
                        negativeSums.withUnsafeMutableBufferPointer { minus in
                            scalar.withUnsafeMutableBufferPointer { s in
                                for (t, i) in terms.enumerated() {
                                    let count = (scalarBits[t] + 63) / 64
                                    Limbs.shiftLeft(vLimbs.baseAddress! + v.starts[r] + i * vCount, vCount,
                                                    by: w.exponents[i] - lowest, into: s.baseAddress!, count)
                                    let scalarNegative = v.negative[r * v.columns + i]
                                    let wCount = w.limbCounts[i]
                                    let row = wLimbs.baseAddress! + w.starts[i]
                                    for k in 0..<n {
                                        let entry = row + k * wCount
                                        let target = scalarNegative != w.negative[i * n + k] ? minus : plus
                                        Limbs.addProduct(s.baseAddress!, count, entry, wCount,
                                                         into: target.baseAddress! + k * accumulatorCount, accumulatorCount)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            var difference = [UInt64](repeating: 0, count: n * accumulatorCount)
            var signs = [Bool](repeating: false, count: n)
            positive.withUnsafeBufferPointer { plus in
                negativeSums.withUnsafeBufferPointer { minus in
                    difference.withUnsafeMutableBufferPointer { d in
                        for k in 0..<n {
                            let (p, m) = (plus.baseAddress! + k * accumulatorCount, minus.baseAddress! + k * accumulatorCount)
                            if Limbs.compare(p, m, accumulatorCount) >= 0 {
                                Limbs.subtract(p, m, accumulatorCount, into: d.baseAddress! + k * accumulatorCount)
                            } else {
                                Limbs.subtract(m, p, accumulatorCount, into: d.baseAddress! + k * accumulatorCount)
                                signs[k] = true
                            }
                        }
                    }
                }
            }
            result.appendNormalised(difference, limbCount: accumulatorCount, negative: signs,
                                    exponent: v.exponents[r] + lowest)
        }
        return result
    }
}
