/// The columns of a `DatasetTable`, shared by its text, Markdown, CSV and
/// LaTeX renderings: which columns exist follows the settings (labels,
/// facets, norms, `ε`, Monte Carlo).
extension DatasetTable {
    /// One value of a cell, formatted by each renderer in its own way.
    enum Cell {
        case text(String)
        case integer(Int)
        /// A radius or another length (`+∞` allowed).
        case length(Double)
        /// A probability or a fraction in `[0, 1]`.
        case probability(Double)
        /// An estimate with its confidence interval.
        case interval(Double, lower: Double, upper: Double)
        /// A time in milliseconds.
        case milliseconds(Double)
        /// A dimensionless ratio (`ε*/r`).
        case ratio(Double)
        /// No value.
        case empty
    }

    /// A column: its CSV/Markdown name, its LaTeX header and its cells;
    /// `isTiming` marks times, which LaTeX leaves out unless asked.
    struct Column {
        let key: String
        let latex: String
        var isTiming = false
        let cell: (Row) -> Cell

        init(key: String, latex: String, isTiming: Bool = false, cell: @escaping (Row) -> Cell) {
            self.key = key
            self.latex = latex
            self.isTiming = isTiming
            self.cell = cell
        }
    }

    /// Whether some row has a label.
    var hasLabels: Bool { rows.contains { $0.label != nil } }

    /// `ε` as it is written in headers (`0.01`, `1e-05`).
    static func epsilonText(_ epsilon: Double) -> String { "\(epsilon)" }

    /// LaTeX header text of a norm's radius.
    static func latexRadius(_ norm: Norm) -> String {
        switch norm {
        case .l2: return "$r_2$"
        case .linf: return "$r_\\infty$"
        case .l1: return "$r_1$"
        }
    }

    /// The columns of the rows table; `splitIntervals` gives Monte Carlo
    /// estimates three columns (estimate, lower, upper) instead of one.
    func columns(splitIntervals: Bool) -> [Column] {
        var columns = [Column(key: "index", latex: "\\#") { .integer($0.index) }]
        if hasLabels {
            columns.append(Column(key: "label", latex: "label") { $0.label.map(Cell.integer) ?? .empty })
        }
        columns.append(Column(key: "predicted", latex: "pred.") { .integer($0.predictedClass) })
        if hasLabels {
            columns.append(Column(key: "correct", latex: "ok") { $0.correct.map { .text($0 ? "yes" : "no") } ?? .empty })
        }
        columns.append(Column(key: "hyperplanes", latex: "hyp.") { .integer($0.hyperplanes) })
        if settings.facets {
            columns.append(Column(key: "facets", latex: "facets") { row in
                guard let f = row.facets else { return .empty }
                return f.unknown > 0 ? .text("\(f.count) (+\(f.unknown)?)") : .integer(f.count)
            })
        }
        for norm in settings.norms {
            columns.append(Column(key: "radius_\(norm.rawValue)", latex: Self.latexRadius(norm)) { .length($0.radius[norm] ?? 0) })
        }
        if let first = settings.norms.first {
            columns.append(Column(key: "binding", latex: "binding (\(Self.latexRadius(first)))") { row in
                row.binding.map { .text($0.readableName) } ?? .empty
            })
        }
        if settings.domain != nil {
            for norm in settings.norms {
                columns.append(Column(key: "in_domain_\(norm.rawValue)", latex: Self.latexDomainRadius(norm)) { row in
                    row.radiusInDomain.map { .length($0[norm] ?? 0) } ?? .empty
                })
            }
        }
        if let boundary = settings.boundary {
            let n = boundary.norm
            columns.append(Column(key: "R_\(n.rawValue)", latex: Self.latexBoundary(n)) { row in
                row.decisionBoundary?.distance.map(Cell.length) ?? .empty
            })
            columns.append(Column(key: "R_lower", latex: Self.latexBoundary(n) + " $\\ge$") { row in
                row.decisionBoundary.map { .length($0.lower) } ?? .empty
            })
            columns.append(Column(key: "R_upper", latex: Self.latexBoundary(n) + " $\\le$") { row in
                row.decisionBoundary.map { .length($0.upper) } ?? .empty
            })
            columns.append(Column(key: "R_status", latex: "status") { row in
                row.decisionBoundary.map { .text($0.status.rawValue) } ?? .empty
            })
            columns.append(Column(key: "witness_class", latex: "witness") { row in
                row.decisionBoundary?.witnessClass.map(Cell.integer) ?? .empty
            })
            columns.append(Column(key: "R_ms", latex: "$R$ ms", isTiming: true) { row in
                row.decisionBoundary.map { .milliseconds($0.seconds * 1e3) } ?? .empty
            })
        }
        let hasGaussian = rows.contains { $0.bounds.contains { $0.gaussian != nil } }
        for (k, epsilon) in settings.epsilons.enumerated() {
            let e = Self.epsilonText(epsilon)
            let latexEpsilon = "$\\varepsilon{=}\(e)$"
            let bound = { (row: Row) -> Bounds? in row.bounds.indices.contains(k) ? row.bounds[k] : nil }
            columns.append(Column(key: "paper@\(e)", latex: "paper \(latexEpsilon)") { bound($0).map { .probability($0.paper) } ?? .empty })
            columns.append(Column(key: "exactCap@\(e)", latex: "cap \(latexEpsilon)") { bound($0).map { .probability($0.exactCap) } ?? .empty })
            if hasGaussian {
                columns.append(Column(key: "gaussian@\(e)", latex: "Gauss \(latexEpsilon)") {
                    bound($0)?.gaussian.map(Cell.probability) ?? .empty
                })
            }
            if settings.monteCarlo != nil {
                let estimate = { (row: Row) -> MonteCarloEstimate? in row.monteCarlo?.first { $0.epsilon == epsilon } }
                if splitIntervals {
                    columns.append(Column(key: "mc@\(e)", latex: "MC \(latexEpsilon)") { estimate($0).map { .probability($0.robustness) } ?? .empty })
                    columns.append(Column(key: "mc_lower@\(e)", latex: "MC low") { estimate($0).map { .probability($0.lower) } ?? .empty })
                    columns.append(Column(key: "mc_upper@\(e)", latex: "MC high") { estimate($0).map { .probability($0.upper) } ?? .empty })
                } else {
                    columns.append(Column(key: "mc@\(e)", latex: "MC \(latexEpsilon)") {
                        estimate($0).map { .interval($0.robustness, lower: $0.lower, upper: $0.upper) } ?? .empty
                    })
                }
            }
        }
        if !settings.epsilons.isEmpty {
            columns.append(Column(key: "epsilon_star", latex: "$\\varepsilon^*(\\eta)$") { $0.epsilonStar.map(Cell.length) ?? .empty })
            columns.append(Column(key: "epsilon_star_over_r", latex: "$\\varepsilon^*/r_2$") { row in
                row.epsilonStarOverRadius.map(Cell.ratio) ?? .empty
            })
            columns.append(Column(key: "suspicious", latex: "susp.") { $0.suspicious.map { .text($0 ? "yes" : "no") } ?? .empty })
        }
        columns.append(Column(key: "ms", latex: "ms", isTiming: true) { .milliseconds($0.milliseconds) })
        return columns
    }

    /// LaTeX header text of a norm's in-domain radius.
    static func latexDomainRadius(_ norm: Norm) -> String {
        latexRadius(norm).replacingOccurrences(of: "$r_", with: "$r^D_")
    }

    /// LaTeX header text of the decision-boundary distance in a norm.
    static func latexBoundary(_ norm: Norm) -> String {
        latexRadius(norm).replacingOccurrences(of: "$r_", with: "$R_")
    }

    /// The radius statistics as a table: one row per norm.
    var radiusSummaryColumns: (keys: [String], latex: [String], rows: [[Cell]]) {
        (["norm", "mean", "median", "min", "max"],
         ["norm", "mean", "median", "min", "max"],
         summary.radius.map { [.text($0.norm.rawValue), .length($0.mean), .length($0.median), .length($0.min), .length($0.max)] })
    }

    /// The per-`ε` summary as a table: one row per `ε`.
    var epsilonSummaryColumns: (keys: [String], latex: [String], rows: [[Cell]]) {
        var keys = ["epsilon", "certified", "suspicious", "mean_paper", "mean_exactCap"]
        var latex = ["$\\varepsilon$", "$r_2 \\ge \\varepsilon$", "susp.", "paper", "cap"]
        let labelled = summary.correct != nil
        let gaussian = summary.epsilons.contains { $0.meanGaussian != nil }
        let monteCarlo = summary.epsilons.contains { $0.meanMonteCarlo != nil }
        if labelled {
            keys.insert("certified_correct", at: 2)
            latex.insert("and correct", at: 2)
        }
        if gaussian { keys.append("mean_gaussian"); latex.append("Gauss") }
        if monteCarlo { keys.append("mean_mc"); latex.append("MC") }
        let rows: [[Cell]] = summary.epsilons.map { s in
            var row: [Cell] = [.text(Self.epsilonText(s.epsilon)), .probability(s.certified), .probability(s.suspicious),
                               .probability(s.meanPaper), .probability(s.meanExactCap)]
            if labelled { row.insert(s.certifiedCorrect.map(Cell.probability) ?? .empty, at: 2) }
            if gaussian { row.append(s.meanGaussian.map(Cell.probability) ?? .empty) }
            if monteCarlo { row.append(s.meanMonteCarlo.map(Cell.probability) ?? .empty) }
            return row
        }
        return (keys, latex, rows)
    }
}

extension DatasetTable {
    /// The certified accuracy as a table: one row per `ε` and norm; the
    /// domain and `R` columns only when the run computed them.
    var certifiedAccuracyColumns: (keys: [String], latex: [String], rows: [[Cell]]) {
        let entries = summary.certifiedAccuracy
        let domain = entries.contains { $0.domainRadius != nil }
        let boundary = entries.contains { $0.boundary != nil }
        var keys = ["epsilon", "norm", "cell_radius"]
        var latex = ["$\\varepsilon$", "norm", "$r_p \\ge \\varepsilon$"]
        if domain { keys.append("in_domain"); latex.append("$r^D_p \\ge \\varepsilon$") }
        if boundary {
            keys += ["R", "R_upper"]
            latex += ["$R_p \\ge \\varepsilon$", "no witness $< \\varepsilon$"]
        }
        let rows: [[Cell]] = entries.map { e in
            var row: [Cell] = [.text(Self.epsilonText(e.epsilon)), .text(e.norm.rawValue), .probability(e.cellRadius)]
            if domain { row.append(e.domainRadius.map(Cell.probability) ?? .empty) }
            if boundary {
                row.append(e.boundary.map(Cell.probability) ?? .empty)
                row.append(e.boundaryUpper.map(Cell.probability) ?? .empty)
            }
            return row
        }
        return (keys, latex, rows)
    }

    /// The heading of the certified-accuracy table.
    var certifiedAccuracyTitle: String {
        hasLabels ? "certified accuracy at each ε (fractions of all inputs that are correct and proven robust in ‖y − x‖_p < ε):"
                  : "certified fraction at each ε (no labels: fractions of all inputs proven robust in ‖y − x‖_p < ε):"
    }
}
