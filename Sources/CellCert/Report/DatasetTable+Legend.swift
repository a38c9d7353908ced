/// The legend of a `DatasetTable`: one line per symbol or column the table
/// prints, and only those, so a reader needs no other document to read it.
extension DatasetTable {
    /// One legend entry, in plain Unicode (text, Markdown, HTML) and in LaTeX.
    struct SymbolDefinition: Equatable {
        /// The symbol or column name as printed.
        let symbol: String
        /// What it means.
        let meaning: String
        /// The symbol in LaTeX.
        let latexSymbol: String
        /// The meaning in LaTeX (pdfLaTeX-safe: no Unicode).
        let latexMeaning: String
    }

    /// The entries for what this table shows, in the order of its columns and summary.
    var legend: [SymbolDefinition] {
        var entries = [SymbolDefinition(
            symbol: "d, N", meaning: "input dimension; face bound N = hidden units + output comparisons",
            latexSymbol: "$d$, $N$", latexMeaning: "input dimension; face bound $N$ = hidden units + output comparisons")]
        entries.append(SymbolDefinition(
            symbol: "r_p (radius_p)",
            meaning: "certified cell radius in ℓp: every y with ‖y − x‖_p < r_p keeps x's activation pattern, hence its class",
            latexSymbol: "$r_p$",
            latexMeaning: "certified cell radius in $\\ell_p$: every $y$ with $\\|y-x\\|_p < r_p$ keeps the activation pattern of $x$, hence its class"))
        if !settings.norms.isEmpty {
            entries.append(SymbolDefinition(
                symbol: "binding", meaning: "the unit whose face is nearest in the first norm: 'layer l, unit u' (hidden layer l from 1, unit u from 0) or 'output vs class k'",
                latexSymbol: "binding", latexMeaning: "the unit whose face is nearest in the first norm: layer $l$ (from 1), unit $u$ (from 0), or output vs class $k$"))
        }
        if settings.domain != nil {
            entries.append(SymbolDefinition(
                symbol: "r^D_p (in_domain_p)", meaning: "certified radius inside the domain D: distance from x to the part of the cell boundary inside D",
                latexSymbol: "$r^D_p$", latexMeaning: "certified radius inside the domain $D$: distance from $x$ to the cell boundary inside $D$"))
        }
        if let boundary = settings.boundary {
            let p = boundary.norm.rawValue
            entries.append(SymbolDefinition(
                symbol: "R_\(p)", meaning: "distance from x to the nearest input of the domain with another class (status exact); otherwise R_lower ≤ R ≤ R_upper, R_upper the distance of a verified witness of class witness_class",
                latexSymbol: Self.latexBoundary(boundary.norm),
                latexMeaning: "distance from $x$ to the nearest input of the domain with another class (status exact); otherwise lower $\\le R \\le$ upper, upper the distance of a verified witness"))
        }
        if !settings.epsilons.isEmpty {
            entries.append(SymbolDefinition(
                symbol: "ρ(x, ε)", meaning: "probability that x + εs keeps the class of x, s uniform on the unit sphere",
                latexSymbol: "$\\rho(x,\\varepsilon)$", latexMeaning: "probability that $x + \\varepsilon s$ keeps the class of $x$, $s$ uniform on the unit sphere"))
            entries.append(SymbolDefinition(
                symbol: "paper", meaning: "lower bound on ρ of Kůrková's Theorem 4.2: 1 − N exp(−d r₂²/(2ε²)), 1 when r₂ ≥ ε",
                latexSymbol: "paper", latexMeaning: "lower bound on $\\rho$ of Theorem 4.2 (Kurkova 2026): $1 - N e^{-d r_2^2/(2\\varepsilon^2)}$, 1 when $r_2 \\ge \\varepsilon$"))
            entries.append(SymbolDefinition(
                symbol: "exact cap", meaning: "tighter lower bound on ρ: 1 − Σ A_d(δ_u/ε) over face hyperplanes at distance δ_u < ε, A_d the exact cap measure",
                latexSymbol: "cap", latexMeaning: "tighter lower bound on $\\rho$: $1 - \\sum_{\\delta_u < \\varepsilon} A_d(\\delta_u/\\varepsilon)$, $A_d$ the exact cap measure"))
            if rows.contains(where: { $0.bounds.contains { $0.gaussian != nil } }) {
                entries.append(SymbolDefinition(
                    symbol: "gaussian", meaning: "lower bound on the probability that x + εg, g ~ N(0, I), keeps the class: 1 − Σ (1 − Φ(δ_u/ε))",
                    latexSymbol: "Gauss", latexMeaning: "lower bound for Gaussian noise $x + \\varepsilon g$: $1 - \\sum_u (1 - \\Phi(\\delta_u/\\varepsilon))$"))
            }
            if settings.monteCarlo != nil {
                entries.append(SymbolDefinition(
                    symbol: "mc", meaning: "Monte Carlo estimate of ρ with its exact (Clopper–Pearson) confidence interval",
                    latexSymbol: "MC", latexMeaning: "Monte Carlo estimate of $\\rho$ with its Clopper--Pearson interval"))
            }
            entries.append(SymbolDefinition(
                symbol: "δ*(η)", meaning: "ε sqrt(2 ln(N/η)/d): an input with r₂ ≥ δ* has 1 − ρ(x, ε) ≤ η; suspicious: r₂ < δ*(η) at some ε",
                latexSymbol: "$\\delta^*(\\eta)$", latexMeaning: "$\\varepsilon\\sqrt{2\\ln(N/\\eta)/d}$: $r_2 \\ge \\delta^*$ gives $1-\\rho(x,\\varepsilon) \\le \\eta$; susp.: $r_2 < \\delta^*(\\eta)$ at some $\\varepsilon$"))
            entries.append(SymbolDefinition(
                symbol: "ε*(η)", meaning: "r₂ sqrt(d/(2 ln(N/η))), the largest ε with 1 − ρ(x, ε) ≤ η guaranteed; ε*/r₂ is the same for every input",
                latexSymbol: "$\\varepsilon^*(\\eta)$", latexMeaning: "$r_2\\sqrt{d/(2\\ln(N/\\eta))}$, the largest $\\varepsilon$ with $1-\\rho \\le \\eta$ guaranteed; $\\varepsilon^*/r_2$ is the same for every input"))
            entries.append(SymbolDefinition(
                symbol: "certified accuracy", meaning: (hasLabels ? "fraction of inputs correct and" : "fraction of inputs (no labels)")
                    + " proven robust in the ball ‖y − x‖_p < ε by r_p, r^D_p or R_p ≥ ε; R_upper: no witness nearer than ε (an upper bound)",
                latexSymbol: "cert. acc.", latexMeaning: (hasLabels ? "fraction of inputs correct and" : "fraction of inputs")
                    + " proven robust in $\\|y-x\\|_p < \\varepsilon$ by $r_p$, $r^D_p$ or $R_p \\ge \\varepsilon$; no witness $<\\varepsilon$: an upper bound"))
        }
        entries.append(settings.boundary == nil
            ? SymbolDefinition(symbol: "ms", meaning: "wall time per input on one thread, milliseconds",
                               latexSymbol: "ms", latexMeaning: "wall time per input, milliseconds")
            : SymbolDefinition(symbol: "ms", meaning: "wall time per input on one thread, milliseconds; R_ms: the part spent on R",
                               latexSymbol: "ms", latexMeaning: "wall time per input, milliseconds; $R$ ms: the part spent on $R$"))
        return entries
    }

    /// The legend as plain-text lines `symbol: meaning`.
    var legendLines: [String] { legend.map { "\($0.symbol): \($0.meaning)" } }
}
