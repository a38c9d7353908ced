/// A proof that no point of a face `F_u = C ∩ H_u ∩ D` of a cell lies within
/// distance `r` of a point `x`, valid for the *exact* rows of the network and
/// independent of any solver's tolerances (Docs/floating-point.md, "Face
/// distances").
///
/// For any weights `κ_v ≥ 0` on the cell's other rows, let
///
///     ψ(y) = σ_u φ_u(y) − Σ_v κ_v σ_v φ_v(y).
///
/// On the cell (`σ_v φ_v(y) ≥ 0` for every other row) `σ_u φ_u(y) ≥ ψ(y)`, so
/// if `ψ > 0` on `B_p(x, r) ∩ D`, no point of the cell in that set has
/// `φ_u = 0`: `dist_p(x, F_u) > r`. The weights only decide how tight the proof
/// is, never whether it is true; the solvers' Lagrange multipliers make it tight
/// (at the optimum of the distance program, `ψ(x + z) ≥ t* − ‖z‖` on `D`).
///
/// `ψ` is affine, `ψ(x + z) = ψ(x) + a·z`, and is bounded below by
/// - `ψ(x) ≥ Σ_w c_w σ_w φ̂_w(x) − Σ_w |c_w| f_w` (`c_u = 1`, `c_v = −κ_v`,
///   `f_w` the value error bound of ``Cell/valueBounds(at:)``);
/// - `a·z ≥ â·z − ‖a − â‖_q ‖z‖_p`, with `â` the computed combination of the
///   computed rows and `‖a − â‖_q` bounded from the rows' error bounds and the
///   combination's rounding (`q` the dual norm; also in ℓ1 against `‖z‖_∞`);
/// - `min â·z` over `B_p(r) ∩ (D − x)` bounded below by a Lagrangian relaxation
///   of the ball (any multiplier gives a lower bound; ℓ∞ needs none), every sum
///   lowered by its own rounding bound.
///
/// Not `Sendable`-critical: a value type built and used on one thread.
struct FaceDistanceCertificate {
    let norm: Norm
    /// A lower bound on `ψ(x)`.
    private let valueAtX: Double
    /// The computed gradient `â` of `ψ`.
    private let gradient: [Double]
    /// Bounds on `‖a − â‖` in the dual norm of `norm` and in ℓ1.
    private let gradientErrorDual: Double
    private let gradientErrorL1: Double
    /// The domain as offsets from `x`, rounded outwards (`±∞` without a domain).
    private let lower: [Double]
    private let upper: [Double]

    /// A certificate for row `u` of `cell` measured from `x`, with weights `κ_v` on
    /// other rows (non-positive weights are dropped); `nil` when a bound overflows.
    ///
    /// - Parameter values: ``Cell/valueBounds(at:)`` of `cell` at `x`.
    init?(cell: Cell, from x: [Double], values: (values: [Double], errors: [Double]),
          row u: Int, weights: [(row: Int, weight: Double)], norm: Norm, domain: InputBox?) {
        self.norm = norm
        let d = cell.inputDimension
        var terms: [(row: Int, coefficient: Double)] = [(u, 1)]
        for (v, weight) in weights where v != u && weight > 0 && weight.isFinite { terms.append((v, -weight)) }
        let m = terms.count
        let gamma = RoundingModel.safetyFactor * RoundingModel.gamma(m + 3)
        let roundUp = 1 + 4 * RoundingModel.unitRoundoff

        // ψ(x) from below.
        var sum = 0.0, magnitude = 0.0, errors = 0.0
        for (w, c) in terms {
            let term = c * cell.orientations[w] * values.values[w]
            sum += term
            magnitude += abs(term)
            errors += abs(c) * values.errors[w]
        }
        let value = sum - (errors + gamma * (magnitude + errors)) * roundUp
        guard value.isFinite else { return nil }
        valueAtX = value

        // â, and ‖a − â‖ ≤ Σ |c_w| (‖Â_w − A_w‖ + γ_m ‖Â_w‖) in each measure.
        var a = [Double](repeating: 0, count: d)
        cell.normals.storage.withUnsafeBufferPointer { rows in
            for (w, c) in terms {
                let scale = c * cell.orientations[w]
                for k in 0..<d { a[k] += scale * rows[w * d + k] }
            }
        }
        guard a.allSatisfy(\.isFinite) else { return nil }
        gradient = a
        let inflation = RoundingModel.normInflation(length: d)
        func error(_ measure: ErrorMeasure) -> Double {
            let rowErrors = cell.normalError[measure]!
            let lengths = cell.rowLengths[measure]
            let total = terms.reduce(0.0) { $0 + abs($1.coefficient) * (rowErrors[$1.row] + gamma * lengths[$1.row] * inflation) }
            return total * inflation * roundUp
        }
        gradientErrorDual = error(ErrorMeasure(norm.dual))
        gradientErrorL1 = error(.l1)
        guard gradientErrorDual.isFinite, gradientErrorL1.isFinite else { return nil }

        if let box = domain {
            lower = (0..<d).map { min(0, (box.lower[$0] - x[$0]).nextDown) }
            upper = (0..<d).map { max(0, (box.upper[$0] - x[$0]).nextUp) }
        } else {
            lower = Array(repeating: -.infinity, count: d)
            upper = Array(repeating: .infinity, count: d)
        }
    }

    /// Whether the certificate proves `ψ > 0` on `B_p(x, r) ∩ D`, hence
    /// `dist_p(x, F_u) > r`. `r` may be `+∞` (the whole domain).
    func proves(radius r: Double) -> Bool {
        guard r >= 0, !r.isNaN else { return false }
        let minimum = lowerBoundOfMinimum(radius: r)
        // |(a − â)·z| ≤ min(‖a − â‖_q r, ‖a − â‖_1 max_i |z_i|).
        let reach = zip(lower, upper).reduce(0.0) { max($0, min(r, max(-$1.0, $1.1))) }
        let byNorm = gradientErrorDual == 0 ? 0 : gradientErrorDual * r
        let byBox = gradientErrorL1 == 0 ? 0 : gradientErrorL1 * reach
        let slack = min(byNorm, byBox)
        guard minimum.isFinite, slack.isFinite else { return false }
        let total = valueAtX + minimum - slack
        let rounding = 4 * RoundingModel.unitRoundoff * (abs(valueAtX) + abs(minimum) + slack)
        return total - rounding > 0
    }

    /// The largest `r ≤ cap` this certificate proves, to a relative `1e-12`
    /// (bisection: the proven set of radii is an interval `[0, r*)`), or 0.
    func provenDistance(upTo cap: Double) -> Double {
        guard cap > 0, proves(radius: 0) else { return 0 }
        if proves(radius: cap) { return cap }
        var (low, high) = (0.0, cap.isFinite ? cap : Double.greatestFiniteMagnitude)
        for _ in 0..<80 {
            let middle = low + (high - low) / 2
            if middle <= low || middle >= high || high - low <= 1e-12 * high { break }
            if proves(radius: middle) { low = middle } else { high = middle }
        }
        return low
    }

    // MARK: min â·z over the ball and the domain

    /// A rigorous lower bound on `min { â·z : ‖z‖_p ≤ r, z ∈ D − x }`.
    private func lowerBoundOfMinimum(radius r: Double) -> Double {
        let boxLower = lower.map { max($0, -r) }
        let boxUpper = upper.map { min($0, r) }
        // ℓ∞: the ball is the box; ℓ1 and ℓ2 balls lie in it, so its minimum is a bound for them too.
        let box = boxMinimum(boxLower, boxUpper)
        guard norm != .linf, r.isFinite, r > 0 else { return box }
        let ceiling: Double
        switch norm {
        case .l2: ceiling = Norm.l2.length(gradient) / r
        case .l1: ceiling = Norm.linf.length(gradient)
        case .linf: return box
        }
        guard ceiling.isFinite, ceiling > 0 else { return box }
        let relaxation: (Double) -> Double = { tau in
            self.norm == .l2 ? self.squaredBallRelaxation(tau, r, boxLower, boxUpper)
                             : self.absoluteBallRelaxation(tau, r, boxLower, boxUpper)
        }
        // Golden-section search of the concave dual function; every value it
        // evaluates is itself a valid lower bound, so the best one seen is kept.
        var best = max(box, relaxation(ceiling))
        var (a, b) = (0.0, ceiling)
        let ratio = (5.0.squareRoot() - 1) / 2
        var c = b - ratio * (b - a), e = a + ratio * (b - a)
        var fc = relaxation(c), fe = relaxation(e)
        for _ in 0..<60 {
            best = max(best, fc, fe)
            if fc < fe { a = c; c = e; fc = fe; e = a + ratio * (b - a); fe = relaxation(e) }
            else { b = e; e = c; fe = fc; c = b - ratio * (b - a); fc = relaxation(c) }
        }
        return max(best, fc, fe)
    }

    /// `Σ_i min â_i z_i` over the box, lowered by its rounding.
    private func boxMinimum(_ boxLower: [Double], _ boxUpper: [Double]) -> Double {
        var sum = 0.0, magnitude = 0.0
        for i in gradient.indices where gradient[i] != 0 {
            let z = gradient[i] > 0 ? boxLower[i] : boxUpper[i]
            guard z.isFinite else { return -.infinity }
            let term = gradient[i] * z
            sum += term
            magnitude += abs(term)
        }
        return lowered(sum, magnitude, terms: gradient.count)
    }

    /// The ℓ2 ball's Lagrangian bound for multiplier `τ > 0`:
    /// `Σ_i min_{z_i ∈ box} (â_i z_i + τ z_i²/2) − τ r²/2 ≤ min over ball ∩ box`.
    private func squaredBallRelaxation(_ tau: Double, _ r: Double, _ boxLower: [Double], _ boxUpper: [Double]) -> Double {
        guard tau > 0 else { return -.infinity }
        var sum = -tau * r * r / 2, magnitude = abs(sum)
        for i in gradient.indices where gradient[i] != 0 {
            let a = gradient[i]
            let free = -a / tau
            let (l, h) = (boxLower[i], boxUpper[i])
            let term: Double
            // Inside the box (with room for rounding): the unconstrained minimum,
            // which is never above the constrained one; else the minimising corner.
            if free >= l - 1e-12 * abs(l) && free <= h + 1e-12 * abs(h) {
                term = -a * a / (2 * tau)
            } else {
                let z = free < l ? l : h
                guard z.isFinite else { return -.infinity }
                term = a * z + tau * z * z / 2
                magnitude += tau * z * z / 2
            }
            sum += term
            magnitude += abs(term)
        }
        return lowered(sum, magnitude, terms: gradient.count + 1)
    }

    /// The ℓ1 ball's Lagrangian bound for multiplier `τ ≥ 0`:
    /// `Σ_i min_{z_i ∈ box} (â_i z_i + τ |z_i|) − τ r` (each minimum at 0 or a corner).
    private func absoluteBallRelaxation(_ tau: Double, _ r: Double, _ boxLower: [Double], _ boxUpper: [Double]) -> Double {
        var sum = -tau * r, magnitude = abs(sum)
        for i in gradient.indices where gradient[i] != 0 {
            let a = gradient[i]
            let (l, h) = (boxLower[i], boxUpper[i])
            var term = 0.0
            if a + tau < 0 { guard h.isFinite else { return -.infinity }; term = min(term, (a + tau) * h) }
            if a - tau > 0 { guard l.isFinite else { return -.infinity }; term = min(term, (a - tau) * l) }
            sum += term
            magnitude += abs(term) + tau * max(abs(l), abs(h)).clampedFinite
        }
        return lowered(sum, magnitude, terms: gradient.count + 1)
    }

    /// `sum` lowered past the rounding of a sum of `terms` products whose magnitudes add to `magnitude`.
    private func lowered(_ sum: Double, _ magnitude: Double, terms: Int) -> Double {
        let bound = sum - RoundingModel.safetyFactor * RoundingModel.gamma(terms + 6) * magnitude * (1 + 4 * RoundingModel.unitRoundoff)
        return bound.isNaN ? -.infinity : bound
    }
}

private extension Double {
    /// The value, or 0 when it is not finite (a bound term that the sum does not use).
    var clampedFinite: Double { isFinite ? self : 0 }
}
