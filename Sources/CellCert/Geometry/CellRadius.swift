/// The certified distance from an input to the boundary of its cell in one norm.
public struct CellRadius: Sendable, Equatable {
    /// The norm `‖·‖_p` of the ball.
    public let norm: Norm
    /// A rigorous lower bound on the exact radius `r_p(x) = min_u δ_u`
    /// (Docs/theory.md §3), valid despite floating-point rounding
    /// (Docs/floating-point.md). Every `y` with `‖y − x‖_p < radius` lies in
    /// the cell's interior region of constant pattern and class. `0` when `x`
    /// is on a face or outside the exact cell. Never above the exact radius;
    /// when the binding face was refined exactly (``Cell/certifiedDistances(from:norm:)``)
    /// it is the exact radius rounded down to a `Double`.
    public let radius: Double
    /// The plain floating-point value `min_u |φ̂_u(x)| / ‖Â_u‖_q`, without the
    /// rounding correction (for display and comparison with other tools).
    public let estimate: Double
    /// The row attaining the minimum certified distance (`nil` if the cell has no face).
    public let bindingRow: Int?
    /// The unit of `bindingRow`.
    public let binding: FaceUnit?
    /// The point of the binding hyperplane nearest to `x` in this norm
    /// (computed in floating point, so within rounding of the hyperplane).
    public let nearestBoundaryPoint: [Double]?
}

extension Cell {
    /// Certified lower bounds on the distances `δ_u = |φ_u(x)| / ‖A_u‖_q`
    /// from `x` to every row's hyperplane in `norm` (Docs/theory.md §3); `+∞`
    /// for degenerate rows, `0` where `x` violates or may violate the row's
    /// inequality (then `x` is not certifiably inside the cell).
    ///
    /// A priori, with `f_u = γ_{d+1}(|Â_u|·|x| + |ĉ_u|) + Σ_k |Â_uk − A_uk| s_k · max_k |x_k|/s_k + |ĉ_u − c_u|`
    /// (`s` the input transform's scales, or ones)
    /// bounding the error of the computed value, the exact distance satisfies
    /// `δ_u ≥ (σ_u φ̂_u(x) − f_u) / (‖Â_u‖_q (1 + γ) + ‖Â_u − A_u‖_q)`.
    /// A posteriori, the faces that attain the minimum and lose more than a
    /// relative 10⁻⁹ to that bound are measured exactly, and carry their exact
    /// distance rounded down (``BindingFaceRefinement``): the minimum is then the
    /// exact radius rounded down.
    public func certifiedDistances(from x: [Double], norm: Norm) -> [Double] {
        let point = PointMeasurements(self, at: x)
        let faces = FaceMeasurements(self, norm: norm)
        var distances = certifiedDistances(from: x, norm: norm, point: point, faces: faces)
        BindingFaceRefinement(cell: self, at: x).refine(&distances, estimates: estimatedDistances(point: point, faces: faces),
                                                         norm: norm)
        return distances
    }

    /// The a-priori certified distances of ``certifiedDistances(from:norm:)``, without
    /// the exact refinement of the binding faces.
    func aPrioriCertifiedDistances(from x: [Double], norm: Norm) -> [Double] {
        certifiedDistances(from: x, norm: norm, point: PointMeasurements(self, at: x),
                           faces: FaceMeasurements(self, norm: norm))
    }

    /// The uncorrected floating-point distances `|φ̂_u(x)| / ‖Â_u‖_q` (`+∞` for degenerate rows).
    public func estimatedDistances(from x: [Double], norm: Norm) -> [Double] {
        estimatedDistances(point: PointMeasurements(self, at: x), faces: FaceMeasurements(self, norm: norm))
    }

    /// Certified lower bounds on the distances from `x` to every row's hyperplane
    /// `{φ_u = 0}` on either side: `|φ_u(x)| / ‖A_u‖_q` rounded down (`+∞` for
    /// degenerate rows). Unlike ``certifiedDistances(from:norm:)`` a point on the
    /// outer side of a row keeps its distance: the decision-boundary search measures
    /// from `x` to faces of cells that do not contain it.
    func certifiedHyperplaneDistances(from x: [Double], norm: Norm) -> [Double] {
        certifiedDistances(from: x, norm: norm, point: PointMeasurements(self, at: x),
                           faces: FaceMeasurements(self, norm: norm), eitherSide: true)
    }

    /// The computed values `φ̂_u(x)` of every row and bounds `f_u ≥ |φ̂_u(x) − φ_u(x)|`
    /// on their errors against the exact rows (Docs/floating-point.md, "The certified
    /// distance"); `f_u` is `+∞` where the bound overflows.
    func valueBounds(at x: [Double]) -> (values: [Double], errors: [Double]) {
        valueBounds(at: x, point: PointMeasurements(self, at: x))
    }

    private func valueBounds(at x: [Double], point: PointMeasurements) -> (values: [Double], errors: [Double]) {
        let d = inputDimension
        // max_k |x_k| / s_k, rounded up.
        let scaledInfinity = zip(x, inputScale).reduce(0.0) { max($0, abs($1.0) / $1.1) } * (1 + 4 * RoundingModel.unitRoundoff)
        let gammaDot = RoundingModel.safetyFactor * RoundingModel.gamma(d + 1)
        let scaledError = normalError[.scaledL1]!
        var values = [Double](repeating: 0, count: rowCount)
        var errors = [Double](repeating: 0, count: rowCount)
        for u in 0..<rowCount {
            values[u] = point.products[u] + offsets[u]
            let error = (gammaDot * (point.magnitudeProducts[u] + abs(offsets[u]))
                + scaledError[u] * scaledInfinity + offsetError[u]) * (1 + 4 * RoundingModel.unitRoundoff)
            errors[u] = error.isNaN ? .infinity : error
        }
        return (values, errors)
    }

    private func certifiedDistances(from x: [Double], norm: Norm, point: PointMeasurements,
                                    faces: FaceMeasurements, eitherSide: Bool = false) -> [Double] {
        let inflation = RoundingModel.normInflation(length: inputDimension)
        let dualError = normalError[ErrorMeasure(norm.dual)]!
        let (values, errors) = valueBounds(at: x, point: point)
        var result = [Double](repeating: .infinity, count: rowCount)
        for u in faceRows {
            let side = eitherSide ? abs(values[u]) : orientations[u] * values[u]
            let margin = (side - errors[u]) * (1 - 2 * RoundingModel.unitRoundoff)
            let lengthBound = (faces.dualLengths[u] * inflation + dualError[u]) * (1 + 4 * RoundingModel.unitRoundoff)
            // NaN (overflowed rows) proves nothing: distance 0.
            result[u] = margin.isNaN || lengthBound.isNaN ? 0 : RoundingModel.quotientLowerBound(margin, lengthBound)
        }
        return result
    }

    private func estimatedDistances(point: PointMeasurements, faces: FaceMeasurements) -> [Double] {
        var result = [Double](repeating: .infinity, count: rowCount)
        for u in faceRows { result[u] = abs(point.products[u] + offsets[u]) / faces.dualLengths[u] }
        return result
    }

    /// The certified radius of the largest `norm`-ball around `x` inside the cell,
    /// with the binding unit and the nearest boundary point.
    public func radius(at x: [Double], norm: Norm) -> CellRadius {
        radii(at: x, norms: [norm])[0]
    }

    /// ``radius(at:norm:)`` for each of `norms`, in order. The products `Â·x` and
    /// `|Â|·|x|` (two passes over the rows) are computed once for all of them, and
    /// so is every exact row that the refinement of the binding faces measures.
    public func radii(at x: [Double], norms: [Norm]) -> [CellRadius] {
        radiiAndDistances(at: x, norms: norms).map(\.radius)
    }

    /// ``radii(at:norms:)`` together with, for each norm, the certified distances
    /// of every row (``certifiedDistances(from:norm:)``) the radius is the minimum of.
    func radiiAndDistances(at x: [Double], norms: [Norm]) -> [(radius: CellRadius, distances: [Double])] {
        let point = PointMeasurements(self, at: x)
        let refinement = BindingFaceRefinement(cell: self, at: x)
        return norms.map { radius(at: x, norm: $0, point: point, refinement: refinement) }
    }

    private func radius(at x: [Double], norm: Norm, point: PointMeasurements,
                        refinement: BindingFaceRefinement) -> (radius: CellRadius, distances: [Double]) {
        let faces = FaceMeasurements(self, norm: norm)
        var certified = certifiedDistances(from: x, norm: norm, point: point, faces: faces)
        let estimates = estimatedDistances(point: point, faces: faces)
        refinement.refine(&certified, estimates: estimates, norm: norm)
        guard let binding = faceRows.min(by: { (certified[$0], $0) < (certified[$1], $1) }) else {
            return (CellRadius(norm: norm, radius: .infinity, estimate: .infinity,
                               bindingRow: nil, binding: nil, nearestBoundaryPoint: nil), certified)
        }
        let estimate = faceRows.map { estimates[$0] }.min() ?? .infinity
        return (CellRadius(norm: norm, radius: certified[binding], estimate: estimate,
                           bindingRow: binding, binding: units[binding],
                           nearestBoundaryPoint: nearestPoint(onRow: binding, to: x, norm: norm)), certified)
    }

    /// The point of row `u`'s hyperplane `{φ_u = 0}` nearest to `x` in `norm`:
    /// `x − φ(x) A / ‖A‖²` (ℓ2), `x − φ(x) sign(A) / ‖A‖_1` (ℓ∞), and a step
    /// along the coordinate of largest `|A_k|` (ℓ1). Computed in floating point.
    public func nearestPoint(onRow u: Int, to x: [Double], norm: Norm) -> [Double] {
        let a = normals.row(u)
        let direction = norm.steepestAscent(of: a)
        // a·direction: ‖a‖² for ℓ2, ‖a‖_1 for ℓ∞, |a_k| for ℓ1.
        let rate = zip(a, direction).reduce(0) { $0 + $1.0 * $1.1 }
        let phi = value(row: u, at: x)
        return zip(x, direction).map { $0 - phi * $1 / rate }
    }
}

/// What the distances of every norm share at one point: `Â·x` and `|Â|·|x|`
/// (one pass over the rows).
private struct PointMeasurements {
    let products: [Double]
    let magnitudeProducts: [Double]

    init(_ cell: Cell, at x: [Double]) {
        precondition(x.count == cell.inputDimension,
                     "point has \(x.count) values, the cell lives in dimension \(cell.inputDimension)")
        (products, magnitudeProducts) = cell.normals.productsAndMagnitudes(by: x)
    }
}

/// The computed dual norms `‖Â_u‖_q` of the rows for one norm (from the lengths the builder computed).
private struct FaceMeasurements {
    let dualLengths: [Double]

    init(_ cell: Cell, norm: Norm) {
        dualLengths = cell.rowLengths[ErrorMeasure(norm.dual)]
    }
}
