/// Certified accuracy as a function of the radius `ε`: the step functions the
/// accuracy figure draws (SVG and PGFPlots alike), computed from the rows.
public struct CertifiedAccuracyCurve: Sendable, Equatable {
    /// Which certificate a curve counts.
    public enum Source: String, CaseIterable, Sendable {
        /// `r_p(x) ≥ ε`.
        case cellRadius
        /// `r_p^D(x) ≥ ε`.
        case domainRadius
        /// A proven `R_p(x) ≥ ε`.
        case boundary
        /// No witness nearer than `ε` (an upper bound, not a certificate).
        case boundaryUpper

        /// The legend text, with the norm's symbol.
        public func label(_ norm: Norm) -> String {
            let p = norm.subscriptSymbol
            switch self {
            case .cellRadius: return "cell radius r\(p) ≥ ε"
            case .domainRadius: return "in-domain radius rᴰ\(p) ≥ ε"
            case .boundary: return "decision boundary R\(p) ≥ ε"
            case .boundaryUpper: return "no witness < ε (upper bound)"
            }
        }
    }

    /// The certificate counted.
    public let source: Source
    /// Per counted input, the largest `ε` it is certified at (`+∞` allowed); correct inputs only when labelled.
    public let thresholds: [Double]
    /// All inputs of the table, the denominator.
    public let inputs: Int

    /// The certified accuracy at `ε`: the fraction of all inputs whose threshold is at least `ε`.
    public func value(at epsilon: Double) -> Double {
        inputs == 0 ? 0 : Double(thresholds.filter { $0 >= epsilon }.count) / Double(inputs)
    }

    /// The vertices of the step function on `[0, upTo]`: it keeps its value up
    /// to and including each threshold and drops right after it.
    public func steps(upTo end: Double) -> [(epsilon: Double, value: Double)] {
        var points = [(epsilon: 0.0, value: value(at: 0))]
        for t in Set(thresholds.filter { $0 > 0 && $0 < end }).sorted() {
            let before = value(at: t)
            points.append((t, before))
            points.append((t, value(at: t.nextUp)))
        }
        points.append((end, value(at: end)))
        return points
    }
}

extension DatasetTable {
    /// The norm of the accuracy figure: that of `R` with `--boundary`, else the first norm.
    public var accuracyNorm: Norm? { settings.boundary?.norm ?? settings.norms.first }

    /// The certified-accuracy curves of this table in `accuracyNorm`: the cell
    /// radius, and the in-domain radius and `R` (proven and upper bound) when computed.
    public var accuracyCurves: [CertifiedAccuracyCurve] {
        guard let norm = accuracyNorm else { return [] }
        let counted = rows.filter { $0.correct ?? true }
        var curves = [CertifiedAccuracyCurve(source: .cellRadius, thresholds: counted.map { $0.radius[norm] ?? 0 }, inputs: rows.count)]
        if settings.domain != nil {
            curves.append(.init(source: .domainRadius, thresholds: counted.map { $0.radiusInDomain?[norm] ?? 0 }, inputs: rows.count))
        }
        if settings.boundary?.norm == norm {
            curves.append(.init(source: .boundary, thresholds: counted.map { row in
                row.decisionBoundary.map { $0.distance ?? $0.lower } ?? 0
            }, inputs: rows.count))
            curves.append(.init(source: .boundaryUpper, thresholds: counted.map { $0.decisionBoundary?.upper ?? .infinity },
                                inputs: rows.count))
        }
        return curves
    }

    /// The right end of the accuracy figure's `ε` axis: a little beyond the
    /// largest finite certified threshold and requested `ε` (1 when there is
    /// none). Witness distances do not stretch it: the upper-bound curve may
    /// run on beyond the axis, where every certificate is already 0.
    public var accuracyAxisEnd: Double {
        let certified = accuracyCurves.filter { $0.source != .boundaryUpper }
        let finite = certified.flatMap(\.thresholds).filter { $0.isFinite && $0 > 0 } + settings.epsilons
        guard let top = finite.max() else { return 1 }
        return top * 1.08
    }
}

extension Norm {
    /// `₂`, `∞`, `₁`: the subscript of `r₂`, `R∞` in figure text.
    var subscriptSymbol: String {
        switch self {
        case .l2: return "₂"
        case .linf: return "∞"
        case .l1: return "₁"
        }
    }
}
