/// The factorisation at the heart of the Goldfarb–Idnani method (1983, §4):
/// with `G = LLᵀ` and `N` the `n × q` matrix of the active normals (in order),
///
///     J = L⁻ᵀ Q = [J₁ J₂]  (J₁: first q columns),    Jᵀ N = [R; 0],
///
/// `Q` orthogonal and `R` upper triangular `q × q`, so that `JJᵀ = G⁻¹`. For a
/// candidate normal `n⁺` and `d = Jᵀ n⁺ = [d₁; d₂]`:
///
/// - `z = J₂ d₂` is the primal step direction: it keeps every active constraint
///   unchanged (`Nᵀz = 0`) and `zᵀn⁺ = ‖d₂‖²`;
/// - `r = R⁻¹ d₁` is the negative of the change in the active multipliers per
///   unit of the new one (`n⁺ = N r` on the span of `N`);
/// - `n⁺` is linearly dependent on the active normals exactly when `d₂ = 0`.
///
/// Adding `n⁺` rotates `d₂` into its first entry with Givens rotations from the
/// bottom up (applied to the columns of `J`), which appends `[d₁; ‖d₂‖]` as the
/// new last column of `R`. Dropping active normal `k` deletes column `k` of `R`
/// and restores the triangle with Givens rotations on adjacent rows (applied to
/// the same columns of `J`). Each update costs `O(n(n − q))` or `O(nq)`, and
/// being orthogonal it does not amplify rounding errors (the method's numerical
/// stability, Goldfarb–Idnani §5).
///
/// Storage is raw, column-major memory: every operation in the loop walks a
/// contiguous column of `J` or `R`. Not `Sendable`: one solve owns it.
final class ActiveSetFactorization {
    /// `n`.
    let dimension: Int
    /// `q`, the number of active normals.
    private(set) var activeCount = 0
    /// `J`, column-major: `J[i, c] = j[c·n + i]`.
    private let j: UnsafeMutablePointer<Double>
    /// `R`, column-major in an `n × n` block; only the upper triangle of the leading `q × q` is used.
    private let r: UnsafeMutablePointer<Double>
    /// `d = Jᵀn⁺` for the normal last loaded (``loadNormal(row:sign:)`` or ``loadNormal(unit:sign:)``).
    let transformedNormal: UnsafeMutablePointer<Double>
    /// `z = J₂d₂` after ``computeDirections()``.
    let primalDirection: UnsafeMutablePointer<Double>
    /// `r = R⁻¹d₁` (first `q` entries) after ``computeDirections()``.
    let dualDirection: UnsafeMutablePointer<Double>

    /// The factorisation with no active constraints: `J = L⁻ᵀ`, given as the
    /// row-major `L⁻¹` (the same memory), or `J = I` when `inverseCholesky` is `nil`.
    init(dimension n: Int, inverseCholesky: InverseCholeskyFactor?) {
        dimension = n
        j = .allocate(capacity: n * n)
        r = .allocate(capacity: n * n)
        transformedNormal = .allocate(capacity: n)
        primalDirection = .allocate(capacity: n)
        dualDirection = .allocate(capacity: n)
        r.initialize(repeating: 0, count: n * n)
        transformedNormal.initialize(repeating: 0, count: n)
        primalDirection.initialize(repeating: 0, count: n)
        dualDirection.initialize(repeating: 0, count: n)
        if let factor = inverseCholesky {
            factor.entries.withUnsafeBufferPointer { j.initialize(from: $0.baseAddress!, count: n * n) }
        } else {
            j.initialize(repeating: 0, count: n * n)
            for i in 0..<n { j[i * n + i] = 1 }
        }
    }

    deinit {
        j.deallocate()
        r.deallocate()
        transformedNormal.deallocate()
        primalDirection.deallocate()
        dualDirection.deallocate()
    }

    /// `Jᵀ v`: `result[c] = Σ_i J[i, c] v_i`.
    func transposedProduct(_ v: UnsafePointer<Double>, into result: UnsafeMutablePointer<Double>) {
        let n = dimension
        for c in 0..<n { result[c] = dot(j + c * n, v, n) }
    }

    /// `J w`: `result = Σ_c w_c J[:, c]`.
    func product(_ w: UnsafePointer<Double>, into result: UnsafeMutablePointer<Double>) {
        let n = dimension
        result.update(repeating: 0, count: n)
        for c in 0..<n where w[c] != 0 { axpy(w[c], j + c * n, result, n) }
    }

    /// Loads `n⁺ = sign · row`: `d = sign · Jᵀ row`.
    func loadNormal(row: UnsafePointer<Double>, sign: Double) {
        transposedProduct(row, into: transformedNormal)
        if sign != 1 {
            for c in 0..<dimension { transformedNormal[c] *= sign }
        }
    }

    /// Loads `n⁺ = sign · e_k` (a bound): `d` is `sign` times row `k` of `J`.
    func loadNormal(unit k: Int, sign: Double) {
        let n = dimension
        for c in 0..<n { transformedNormal[c] = sign * j[c * n + k] }
    }

    /// Computes `z = J₂d₂` and `r = R⁻¹d₁` for the loaded normal.
    ///
    /// - Returns: `‖d‖` and `‖d₂‖`; their ratio is the sine of the angle between
    ///   `n⁺` and the span of the active normals in the `G⁻¹` metric, and
    ///   `zᵀn⁺ = ‖d₂‖²`.
    func computeDirections() -> (normalLength: Double, nullSpaceLength: Double) {
        let n = dimension, q = activeCount
        let d = transformedNormal
        primalDirection.update(repeating: 0, count: n)
        var nullSquares = 0.0
        for c in q..<n where d[c] != 0 {
            nullSquares += d[c] * d[c]
            axpy(d[c], j + c * n, primalDirection, n)
        }
        var rangeSquares = 0.0
        for c in 0..<q {
            rangeSquares += d[c] * d[c]
            dualDirection[c] = d[c]
        }
        // Back substitution R r = d₁, column by column (columns are contiguous).
        for c in stride(from: q - 1, through: 0, by: -1) {
            let value = dualDirection[c] / r[c * n + c]
            dualDirection[c] = value
            if value != 0 { axpy(-value, r + c * n, dualDirection, c) }
        }
        return ((rangeSquares + nullSquares).squareRoot(), nullSquares.squareRoot())
    }

    /// Appends the loaded normal to the active set: Givens rotations on columns
    /// `(c − 1, c)` of `J`, `c = n − 1, …, q + 1`, zero `d_c`; then `R` gains the
    /// column `[d₁; d_q]`. The caller must have checked that `d₂ ≠ 0`.
    func appendLoadedNormal() {
        let n = dimension, q = activeCount
        precondition(q < n, "ActiveSetFactorization: at most n independent normals")
        let d = transformedNormal
        for c in stride(from: n - 1, to: q, by: -1) where d[c] != 0 {
            let rotation = GivensRotation(d[c - 1], d[c])
            d[c - 1] = rotation.length
            d[c] = 0
            rotation.apply(j + (c - 1) * n, j + c * n, n)
        }
        for i in 0...q { r[q * n + i] = d[i] }
        activeCount = q + 1
    }

    /// Removes active normal `k` (0-based position): columns `k + 1, …, q − 1` of
    /// `R` move one to the left, and rotations on rows `(c, c + 1)` of `R` and
    /// columns `(c, c + 1)` of `J`, `c = k, …, q − 2`, remove the subdiagonal.
    func remove(at k: Int) {
        let n = dimension, q = activeCount
        precondition(k >= 0 && k < q, "ActiveSetFactorization: no active normal \(k)")
        for c in k..<(q - 1) {
            (r + c * n).update(from: r + (c + 1) * n, count: c + 2)
        }
        (r + (q - 1) * n).update(repeating: 0, count: q)
        for c in k..<(q - 1) {
            let below = r[c * n + c + 1]
            guard below != 0 else { continue }
            let rotation = GivensRotation(r[c * n + c], below)
            r[c * n + c] = rotation.length
            r[c * n + c + 1] = 0
            for later in (c + 1)..<(q - 1) {
                let upper = r[later * n + c], lower = r[later * n + c + 1]
                r[later * n + c] = rotation.cosine * upper + rotation.sine * lower
                r[later * n + c + 1] = rotation.cosine * lower - rotation.sine * upper
            }
            rotation.apply(j + c * n, j + (c + 1) * n, n)
        }
        activeCount = q - 1
    }
}

/// The plane rotation taking `(a, b)` to `(√(a² + b²), 0)`:
/// `a' = c·a + s·b`, `b' = c·b − s·a` with `c = a/h`, `s = b/h`, `h = hypot(a, b)`.
struct GivensRotation {
    let cosine: Double
    let sine: Double
    let length: Double

    /// The rotation for `(a, b)`; `b ≠ 0`.
    init(_ a: Double, _ b: Double) {
        let h = (a * a + b * b).squareRoot()
        // Rescale only when the squares leave the normal range: the fast path is the common one.
        let length = (h.isNormal && h < 1e150 && h > 1e-150) ? h : Self.scaledLength(a, b)
        self.length = length
        cosine = a / length
        sine = b / length
    }

    private static func scaledLength(_ a: Double, _ b: Double) -> Double {
        let scale = max(abs(a), abs(b))
        let x = a / scale, y = b / scale
        return scale * (x * x + y * y).squareRoot()
    }

    /// Rotates the pair of vectors `(u, v)` of length `count` in place.
    func apply(_ u: UnsafeMutablePointer<Double>, _ v: UnsafeMutablePointer<Double>, _ count: Int) {
        let c = cosine, s = sine
        for i in 0..<count {
            let x = u[i], y = v[i]
            u[i] = c * x + s * y
            v[i] = c * y - s * x
        }
    }
}

/// `Σ a_i b_i` over `count` entries, in four interleaved partial sums: a single
/// running sum cannot be vectorised (floating-point addition is not associative),
/// four can; the result differs from the sequential sum only by rounding.
@inline(__always)
func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
    var i = 0
    while i + 4 <= count {
        s0 += a[i] * b[i]
        s1 += a[i + 1] * b[i + 1]
        s2 += a[i + 2] * b[i + 2]
        s3 += a[i + 3] * b[i + 3]
        i += 4
    }
    while i < count {
        s0 += a[i] * b[i]
        i += 1
    }
    return (s0 + s1) + (s2 + s3)
}

/// `y += α x` over `count` entries.
@inline(__always)
func axpy(_ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) {
    for i in 0..<count { y[i] += alpha * x[i] }
}
