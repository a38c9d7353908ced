import CellCert

/// A `rows × columns` matrix of standard normal entries, each scaled by a random
/// power of two in `2^-12 … 2^12`: magnitudes that spread over seven decades, so
/// products and their rounding bounds are exercised at many scales, while every
/// entry stays an exact dyadic number (the kernels' tests compare with exact products).
public func randomMatrix(rows: Int, columns: Int, using g: inout SplitMix64) -> Matrix {
    Matrix(rows: rows, columns: columns, storage: (0..<(rows * columns)).map { _ in
        standardNormal(using: &g) * Double(sign: .plus, exponent: Int.random(in: -12...12, using: &g), significand: 1)
    })
}
