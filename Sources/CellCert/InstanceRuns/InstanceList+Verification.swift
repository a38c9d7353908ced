import Foundation

extension InstanceList {
    /// Verifies `instances` (of this list) one after the other, calling
    /// `instanceDone` with each result as soon as it is known; returns the
    /// results in the order given.
    ///
    /// Each instance gets its own time limit (`VerificationInstance.limit(cappedAt:)`),
    /// which, as in VNN-COMP, counts from the start of the instance: reading
    /// the model and the property uses it up too. An instance whose model or
    /// property cannot be read, or whose sizes do not fit, is answered
    /// `error` with a one-line `note` naming the file; the other instances
    /// still run. The answers do not depend on `threads` (time limits aside).
    ///
    /// - Parameters:
    ///   - timeoutCap: `--timeout`, a cap on every instance's own timeout.
    ///   - threads: workers of the dense networks' bound search (at least 1).
    /// - Throws: only what `instanceDone` throws (a full disk): the run stops there.
    public func verify(_ instances: [VerificationInstance], timeoutCap: Double?, threads: Int,
                       instanceDone: (InstanceResult) throws -> Void) rethrows -> [InstanceResult] {
        var models = ModelCache()
        var results: [InstanceResult] = []
        for instance in instances {
            let result = verify(instance, timeoutCap: timeoutCap, threads: threads, models: &models)
            try instanceDone(result)
            results.append(result)
        }
        return results
    }

    /// One instance; every failure is an `error` result.
    private func verify(_ instance: VerificationInstance, timeoutCap: Double?, threads: Int,
                        models: inout ModelCache) -> InstanceResult {
        let clock = ContinuousClock()
        let start = clock.now
        let limit = instance.limit(cappedAt: timeoutCap)
        // Microseconds are plenty, and keep the lines short (`0.01107`, not `0.011069899000000001`).
        func elapsed() -> Double {
            ((clock.now - start) / .microseconds(1)).rounded() / 1e6
        }
        let propertyPath = location(of: instance.vnnlib)
        do {
            let network = try models.network(at: location(of: instance.onnx))
            let property = try VNNLib.read(contentsOf: URL(fileURLWithPath: propertyPath))
            let remaining = limit - elapsed()
            guard remaining > 0 else {
                return InstanceResult(instance, result: .timeout, seconds: elapsed(), timeout: limit,
                                      note: "reading the model and the property took the whole time limit")
            }
            let answer: PropertyVerificationResult
            do {
                switch network {
                case .dense(let net): answer = try net.verify(property, timeLimitSeconds: remaining, threads: max(1, threads))
                case .graph(let net): answer = try net.verify(property, timeLimitSeconds: remaining)
                }
            } catch {
                // The query's errors (sizes that do not fit, an unbounded box) are the property's on this model.
                throw ModelFormatError(file: propertyPath, message: Self.oneLine(error))
            }
            return InstanceResult(instance, result: .init(answer.answer), seconds: elapsed(), timeout: limit,
                                  counterexample: answer.answer == .sat ? answer.counterexample : nil,
                                  note: answer.note.map(Self.oneLine))
        } catch {
            return InstanceResult(instance, result: .error, seconds: elapsed(), timeout: limit, note: Self.oneLine(error))
        }
    }

    /// `error`'s description on one line (the library's errors already are).
    static func oneLine(_ error: any Error) -> String { oneLine(String(describing: error)) }

    /// `text` with its line breaks turned into spaces.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// The model of the previous instance, kept because consecutive instances
    /// of a list usually share it (ACAS Xu: 45 models, 186 instances). A model
    /// that failed to load is remembered as its error, so its instances fail
    /// without reading it again.
    private struct ModelCache {
        var path: String?
        var loaded: Result<LoadedNetwork, any Error>?

        mutating func network(at path: String) throws -> LoadedNetwork {
            let network = (path == self.path ? loaded : nil) ?? Result { try ModelLoader.loadAny(path: path) }
            self.path = path
            loaded = network
            return try network.get()
        }
    }
}
