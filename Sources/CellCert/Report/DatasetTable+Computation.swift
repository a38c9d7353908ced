extension DatasetTable.Row {
    /// The row of one input certified by the pipeline (`Network.certify(_:request:progress:)`).
    public init(_ result: CertifiedInput) {
        let certificate = result.certificate
        self.init(
            index: result.index, label: result.label, predictedClass: result.predictedClass,
            hyperplanes: certificate.hyperplaneCount,
            facets: certificate.facets.map { DatasetTable.FacetCount(count: $0.facetCount, unknown: $0.unknownCount) },
            radius: Dictionary(uniqueKeysWithValues: certificate.radii.map { ($0.norm, $0.radius) }),
            bounds: result.probabilistic?.bounds.map(DatasetTable.Bounds.init) ?? [],
            suspicious: result.probabilistic?.suspicious, monteCarlo: result.monteCarlo,
            binding: certificate.radii.first.flatMap {
                CertificationReport.Binding($0.binding, norm: $0.norm, hiddenLayerCount: certificate.pattern.hidden.count)
            },
            radiusInDomain: certificate.domainRadii.map { Dictionary(uniqueKeysWithValues: $0.map { ($0.norm, $0.radius) }) },
            decisionBoundary: certificate.decisionBoundary.map(DatasetTable.BoundaryDistance.init),
            epsilonStar: result.probabilistic?.epsilonStar,
            milliseconds: result.seconds * 1e3)
    }
}

extension DatasetTable {
    /// Certifies `inputs` with `network` as `request` says (the pipeline of
    /// `Network.certify(_:request:progress:)`) and summarises them.
    ///
    /// - Parameters:
    ///   - model: the model's summary (path and format as the user gave them).
    ///   - source: the data file, as named by the user.
    ///   - domainSource: how the user gave the request's domain (`0,1`, a file, `model`), for the settings.
    ///   - progress: see `Network.certify(_:request:progress:)`.
    ///   - rowDone: called with each input's row as soon as it is done (from any
    ///     thread, in completion order; see `Network.certify(_:request:progress:completed:)`).
    /// - Throws: as `Network.certify(_:request:progress:completed:)`.
    public static func compute(network: some CertifiableNetwork, model: CertificationReport.ModelSummary, source: String,
                               inputs: [LabelledInput], request: CertificationRequest, domainSource: String = "--domain",
                               progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil,
                               rowDone: (@Sendable (Row) throws -> Void)? = nil) throws -> DatasetTable {
        let clock = ContinuousClock()
        let start = clock.now
        var completed: (@Sendable (CertifiedInput) throws -> Void)? = nil
        if let rowDone {
            completed = { result in try rowDone(Row(result)) }
        }
        let results = try network.certify(inputs, request: request, progress: progress, completed: completed)
        let elapsed = start.duration(to: clock.now).components
        let settings = Settings(request: request, source: source, domainSource: domainSource, inputCount: inputs.count)
        return DatasetTable(model: model, settings: settings, rows: results.map(Row.init),
                            wallSeconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
    }
}

extension DatasetTable.Settings {
    /// The settings of a table of `inputCount` inputs computed as `request` says.
    ///
    /// - Parameters:
    ///   - source: the data file, as named by the user.
    ///   - domainSource: how the user gave the request's domain.
    public init(request: CertificationRequest, source: String, domainSource: String, inputCount: Int) {
        let robustness = request.robustness
        self.init(
            inputs: source, norms: request.norms, epsilons: robustness?.epsilons ?? [], eta: robustness?.eta ?? 0.01,
            facets: request.facets,
            monteCarlo: robustness?.monteCarlo.map { DatasetTable.MonteCarloSettings(samples: $0.samples, seed: $0.seed, confidence: $0.confidence) },
            threads: min(request.threads, max(inputCount, 1)),
            domain: request.domain.map { DatasetTable.DomainSettings(source: domainSource, box: $0, free: request.freeFeatures) },
            boundary: request.boundary.map(DatasetTable.BoundarySettings.init))
    }
}
