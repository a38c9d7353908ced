/// The exact (Clopper–Pearson) two-sided confidence interval for a binomial
/// proportion: after `k` successes in `n` independent trials, the interval that
/// contains the true success probability with probability at least `confidence`,
/// whatever that probability is.
///
/// With `α = 1 − confidence`, the ends are Beta quantiles
/// (`inverseRegularizedIncompleteBeta`):
///
///     lower = B⁻¹(α/2; k, n − k + 1)      (0 when k = 0),
///     upper = B⁻¹(1 − α/2; k + 1, n − k)  (1 when k = n).
///
/// The upper end is solved from its upper tail `α/2` directly, so it keeps its
/// digits when it is close to 1. Accuracy ~`10⁻¹³` relative (tested against
/// `scipy.stats.beta.ppf` to `10⁻¹²`).
///
/// Use in the Monte Carlo check of Docs/theory.md §4: with `M` samples of which `k` are
/// misclassified, the interval for the misclassification probability is
/// `clopperPearsonInterval(successes: k, trials: M, confidence: c)`, and for `ρ`
/// it is `(1 − upper, 1 − lower)`. A lower bound on `ρ` above the interval's upper
/// end is a bug (or a broken theorem).
///
/// - Throws: `ProbabilityError` unless `n ≥ 1`, `0 ≤ k ≤ n` and `0 < confidence < 1`.
public func clopperPearsonInterval(
    successes k: Int, trials n: Int, confidence: Double
) throws(ProbabilityError) -> (lower: Double, upper: Double) {
    guard n >= 1 else { throw ProbabilityError("trials must be at least 1, got \(n)") }
    guard k >= 0, k <= n else {
        throw ProbabilityError("successes must lie between 0 and trials (\(n)), got \(k)")
    }
    guard confidence > 0, confidence < 1 else {
        throw ProbabilityError("confidence must lie strictly between 0 and 1, got \(confidence)")
    }
    let halfAlpha = (1 - confidence) / 2
    let successes = Double(k), failures = Double(n - k)
    let lower = k == 0
        ? 0
        : inverseIncompleteBeta(p: halfAlpha, q: 1 - halfAlpha, a: successes, b: failures + 1)
    let upper = k == n
        ? 1
        : inverseIncompleteBeta(p: 1 - halfAlpha, q: halfAlpha, a: successes + 1, b: failures)
    return (lower, upper)
}
