/// The certification pipeline: one library loop that `cellcert certify` and
/// `cellcert table` both run.
extension CertifiableNetwork {
    /// Certifies every input as `request` says, in input order.
    ///
    /// Per input: the cell and certified radii, facets, domain radii and the
    /// decision boundary (``certify(_:request:)``), then the probabilistic
    /// bounds and Monte Carlo estimates. Inputs are spread over
    /// `request.threads` threads (`ParallelLoop.map`); every value but the
    /// times is the same for any thread count.
    ///
    /// - Parameter progress: called (from any thread) with the work done so far
    ///   and the total, in the units of ``CertificationRequest/progressUnits(inputCount:)``.
    /// - Parameter completed: called (from any thread, one input at a time per
    ///   thread, not serialised) with each input's result as soon as it is
    ///   done, in completion order: streamed output (`cellcert table --output
    ///   FILE.jsonl`). An error it throws fails that input, and so the call.
    /// - Throws: the error of the first input (in input order) that failed:
    ///   `CellError` for a bad input, LP, probability or decision-boundary errors,
    ///   or the error of `completed`.
    public func certify(_ inputs: [LabelledInput], request: CertificationRequest,
                        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil,
                        completed: (@Sendable (CertifiedInput) throws -> Void)? = nil) throws -> [CertifiedInput] {
        let units = request.progressUnits(inputCount: inputs.count)
        let countsSamples = units.unit == "samples"
        let done = AtomicCounter()
        let advance: @Sendable (Int) -> Void = { step in
            let total = done.add(step)
            progress?(total, units.total)
        }
        return try ParallelLoop.map(count: inputs.count, threads: request.threads) { i in
            let result = try self.certifyOne(inputs[i], request: request, samplesDone: countsSamples ? advance : nil)
            try completed?(result)
            if !countsSamples { advance(1) }
            return result
        }
    }

    /// The pipeline for one input; `samplesDone` is told of every Monte Carlo batch finished.
    private func certifyOne(_ item: LabelledInput, request: CertificationRequest,
                            samplesDone: (@Sendable (Int) -> Void)?) throws -> CertifiedInput {
        let clock = ContinuousClock()
        let start = clock.now
        let certificate = try certify(item.values, request: request)
        var probabilistic: ProbabilisticCertificate? = nil
        var monteCarlo: [MonteCarloEstimate]? = nil
        if let robustness = request.robustness {
            probabilistic = try certificate.probabilisticCertificate(
                epsilons: robustness.epsilons, eta: robustness.eta, includeGaussian: robustness.gaussian)
            if var options = robustness.monteCarlo {
                options.threads = request.threads
                var estimates: [MonteCarloEstimate] = []
                for epsilon in robustness.epsilons {
                    // The estimator reports cumulative counts; the pipeline adds increments.
                    let seen = AtomicCounter()
                    let report: (@Sendable (Int) -> Void)?
                    if let samplesDone {
                        report = { cumulative in samplesDone(cumulative - seen.exchange(cumulative)) }
                    } else {
                        report = nil
                    }
                    estimates.append(try monteCarloRobustness(at: item.values, epsilon: epsilon, options: options,
                                                              progress: report))
                }
                monteCarlo = estimates
            }
        }
        let elapsed = start.duration(to: clock.now).components
        // The cell's rows are dropped here: a table over many inputs would otherwise keep every cell.
        return CertifiedInput(index: item.index, label: item.label, certificate: certificate.releasingCell(),
                              probabilistic: probabilistic, monteCarlo: monteCarlo,
                              seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
    }
}
