import Dispatch
import Foundation

/// What `cellcert table` computes for every input.
public struct DatasetTableRequest: Sendable {
    /// Norms of the certified radii. When `epsilons` is not empty, ℓ2 is
    /// added (last) if missing: the bounds and the certified fractions use it.
    public let norms: [Norm]
    /// Whether to classify facets with GLPK.
    public var facets: Bool
    /// Perturbation sizes of the bounds (empty: no bounds).
    public var epsilons: [Double]
    /// `η` of `δ*(η)`.
    public var eta: Double
    /// Whether to add the Gaussian-noise bound.
    public var gaussian: Bool
    /// Monte Carlo options (its `threads` is ignored: see `threads`), or `nil` for no sampling.
    public var monteCarlo: MonteCarloOptions?
    /// Worker threads. With several inputs each thread certifies whole
    /// inputs (Monte Carlo serial inside); with one input, Monte Carlo uses them.
    public var threads: Int

    /// A request; see the properties.
    public init(norms: [Norm] = Norm.allCases, facets: Bool = false, epsilons: [Double] = [], eta: Double = 0.01,
                gaussian: Bool = false, monteCarlo: MonteCarloOptions? = nil,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        var unique: [Norm] = []
        for n in norms where !unique.contains(n) { unique.append(n) }
        if !epsilons.isEmpty, !unique.contains(.l2) { unique.append(.l2) }
        self.norms = unique
        self.facets = facets
        self.epsilons = epsilons
        self.eta = eta
        self.gaussian = gaussian
        self.monteCarlo = monteCarlo
        self.threads = max(1, threads)
    }
}

extension Network {
    /// One `DatasetTable.Row` per input, in the order of `inputs`.
    ///
    /// Inputs are spread over `request.threads` threads (`ParallelLoop`; the
    /// Monte Carlo batches and facet checks of one input then run on its
    /// thread, unless there is only one input); every value but the rows' times
    /// is the same as in a serial run, for any thread count: each input is
    /// certified independently and Monte Carlo counts do not depend on threads.
    ///
    /// - Parameter progress: called (serialised, from any thread) with the
    ///   number of inputs done after each input.
    /// - Throws: the error of the first input (in input order) that failed:
    ///   `CellError` for a bad input, LP or probability errors. Inputs after
    ///   a failure may be skipped.
    public func datasetRows(_ inputs: [LabelledInput], request: DatasetTableRequest,
                            progress: (@Sendable (Int) -> Void)? = nil) throws -> [DatasetTable.Row] {
        let slots = RowSlots(count: inputs.count)
        let work: @Sendable (Int) -> Void = { i in
            guard !slots.hasFailed else { return }
            let result = Result { try self.datasetRow(inputs[i], request: request) }
            let done = slots.store(result, at: i)
            progress?(done)
        }
        ParallelLoop.forEach(count: inputs.count, threads: request.threads, work)
        return try slots.rows()
    }

    /// The row of one input.
    func datasetRow(_ item: LabelledInput, request: DatasetTableRequest) throws -> DatasetTable.Row {
        let clock = ContinuousClock()
        let start = clock.now
        let certificate = try certify(item.values, request: CertificationRequest(norms: request.norms, facets: request.facets))
        var bounds: [DatasetTable.Bounds] = []
        var suspicious: Bool? = nil
        if !request.epsilons.isEmpty {
            let probabilistic = try certificate.probabilisticCertificate(epsilons: request.epsilons, eta: request.eta,
                                                                         includeGaussian: request.gaussian)
            bounds = probabilistic.bounds.map(DatasetTable.Bounds.init)
            suspicious = probabilistic.suspicious
        }
        var monteCarlo: [MonteCarloEstimate]? = nil
        if var options = request.monteCarlo, !request.epsilons.isEmpty {
            options.threads = request.threads
            monteCarlo = try request.epsilons.map { try monteCarloRobustness(at: item.values, epsilon: $0, options: options) }
        }
        let elapsed = start.duration(to: clock.now).components
        return DatasetTable.Row(
            index: item.index, label: item.label, predictedClass: certificate.predictedClass,
            hyperplanes: certificate.cell.hyperplaneCount,
            facets: certificate.facets.map { DatasetTable.FacetCount(count: $0.facetCount, unknown: $0.unknownCount) },
            radius: Dictionary(uniqueKeysWithValues: certificate.radii.map { ($0.norm, $0.radius) }),
            bounds: bounds, suspicious: suspicious, monteCarlo: monteCarlo,
            milliseconds: Double(elapsed.seconds) * 1e3 + Double(elapsed.attoseconds) * 1e-15)
    }
}

extension DatasetTable {
    /// Certifies `inputs` with `network` as `request` says and summarises them.
    ///
    /// - Parameters:
    ///   - model: the model's summary (path and format as the user gave them).
    ///   - source: the data file, as named by the user.
    ///   - progress: see `Network.datasetRows(_:request:progress:)`.
    /// - Throws: as `Network.datasetRows(_:request:progress:)`.
    public static func compute(network: Network, model: CertificationReport.ModelSummary, source: String,
                               inputs: [LabelledInput], request: DatasetTableRequest,
                               progress: (@Sendable (Int) -> Void)? = nil) throws -> DatasetTable {
        let clock = ContinuousClock()
        let start = clock.now
        let rows = try network.datasetRows(inputs, request: request, progress: progress)
        let elapsed = start.duration(to: clock.now).components
        let settings = Settings(
            inputs: source, norms: request.norms, epsilons: request.epsilons, eta: request.eta, facets: request.facets,
            monteCarlo: request.monteCarlo.flatMap { request.epsilons.isEmpty ? nil : MonteCarloSettings(samples: $0.samples, seed: $0.seed, confidence: $0.confidence) },
            threads: min(request.threads, max(inputs.count, 1)))
        return DatasetTable(model: model, settings: settings, rows: rows,
                            wallSeconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
    }
}

/// The rows computed so far, written by worker threads under a lock.
private final class RowSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<DatasetTable.Row, any Error>?]
    private var done = 0
    private var failed = false

    init(count: Int) { results = Array(repeating: nil, count: count) }

    /// Whether some input has failed (later ones may then be skipped).
    var hasFailed: Bool {
        lock.lock(); defer { lock.unlock() }
        return failed
    }

    /// Stores the result of input `i`; returns the number of inputs done.
    func store(_ result: Result<DatasetTable.Row, any Error>, at i: Int) -> Int {
        lock.lock(); defer { lock.unlock() }
        results[i] = result
        if case .failure = result { failed = true }
        done += 1
        return done
    }

    /// The rows in input order, or the first failure in input order.
    func rows() throws -> [DatasetTable.Row] {
        lock.lock(); defer { lock.unlock() }
        var rows: [DatasetTable.Row] = []
        rows.reserveCapacity(results.count)
        for result in results {
            switch result {
            case let .success(row): rows.append(row)
            case let .failure(error): throw error
            case .none: continue
            }
        }
        return rows
    }
}
