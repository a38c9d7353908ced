/// The memory `cellcert sweep` needs for one random network, estimated from
/// its layer sizes before anything is allocated, so that a dimension of 10^9
/// is refused with a message instead of exhausting the machine.
///
/// Counted in doubles (8 bytes), with overflow-checked arithmetic:
/// - the weights and biases, `Σ n_l n_{l+1} + n_{l+1}`, and the first layer's
///   rows once more (the network keeps them with their row lengths);
/// - the cell: `H + 1` rows of length `d` (`H` hidden units), three times (the
///   collected rows, the current layer's rows, the next layer's being built);
/// - Monte Carlo: per busy worker thread a batch of `min(batchSize, samples)`
///   points of length `d` (twice: the points and the transformed copy) and two
///   layers' pre-activations of the widest hidden layer;
/// - per hidden layer, 256 bytes of bookkeeping and 32 bytes per earlier layer
///   (the cell's per-layer records grow with depth: 10^4 layers of one unit
///   take 2.4 GB).
///
/// Measured peaks (debug build, two threads, `--trials 1 --samples 10`):
/// d = 20000 with 512 units in one layer 393 MB (estimate 410 MB), in 8 layers
/// 156 MB (estimate 267 MB). It is an estimate of the peak within a small
/// factor, not an upper bound on what the allocator reserves.
enum SweepMemory {
    /// Bytes held per row of the printed table (17 short strings).
    static let bytesPerRow = 1024

    /// A sweep network before it is drawn: `d` inputs, hidden layers as runs
    /// of `count` layers of equal `width`, one output.
    struct Architecture {
        let inputDimension: Int
        let hidden: [(width: Int, count: Int)]
    }

    /// The estimated peak bytes for `architecture` with `samples` Monte Carlo
    /// directions, or `nil` when the count overflows `Int`.
    static func bytes(_ architecture: Architecture, samples: Int, threads: Int, batchSize: Int) -> Int? {
        let d = Checked(architecture.inputDimension)
        var doubles = Checked(0)
        var hiddenUnits = Checked(0)
        var hiddenLayers = Checked(0)
        var fanIn = d
        var widest = 1
        for run in architecture.hidden where run.count > 0 {
            let width = Checked(run.width), count = Checked(run.count)
            // The first layer of the run takes fanIn inputs, the others width.
            doubles = doubles + fanIn * width + width + (count + Checked(-1)) * (width * width + width)
            hiddenUnits = hiddenUnits + width * count
            hiddenLayers = hiddenLayers + count
            fanIn = width
            widest = max(widest, run.width)
        }
        doubles = doubles + fanIn + Checked(1)  // the output layer
        let firstWidth = Checked(architecture.hidden.first { $0.count > 0 }?.width ?? 1)
        doubles = doubles + firstWidth * d  // the first layer's rows, kept by the network
        doubles = doubles + Checked(3) * (hiddenUnits + Checked(1)) * d
        let batchRows = max(1, min(batchSize, samples))
        let batches = samples / batchRows + (samples % batchRows == 0 ? 0 : 1)
        let workers = Checked(max(1, min(threads, batches)))
        doubles = doubles + workers * Checked(batchRows) * (Checked(2) * d + Checked(2 * widest))
        let layerBytes = Checked(256) * hiddenLayers + Checked(32) * hiddenLayers * hiddenLayers
        return (Checked(8) * doubles + layerBytes).value
    }

    /// An `Int` that becomes `nil` once an operation overflows.
    private struct Checked {
        let value: Int?

        init(_ value: Int?) { self.value = value }

        static func + (a: Checked, b: Checked) -> Checked {
            guard let x = a.value, let y = b.value else { return Checked(nil) }
            let (sum, overflow) = x.addingReportingOverflow(y)
            return Checked(overflow ? nil : sum)
        }

        static func * (a: Checked, b: Checked) -> Checked {
            guard let x = a.value, let y = b.value else { return Checked(nil) }
            let (product, overflow) = x.multipliedReportingOverflow(by: y)
            return Checked(overflow ? nil : product)
        }
    }
}
