/// How a block of a cell's rows follows from the network's stored numbers: the
/// chain of affine maps that ``AffineRows`` evaluated in floating point,
/// recorded so that ``ExactCellRows`` can evaluate it again without rounding.
///
/// The block's rows are the units of the chain's last stage (`differences`
/// `nil`), or differences of two of them (the comparison rows of an
/// `argmax`/`argmin` head). The chain starts at the first layer, in the
/// normalised input `x' = (x − m)/s` of the network's input transform.
struct RowDerivation: Sendable {
    /// One affine map of the chain after the first layer.
    enum Step: Sendable {
        /// `z' = W h + b`, where `h_j` is the previous stage's unit `z_j` (ReLU) or
        /// `1` (Heaviside) for `j` in `activeUnits`, and `0` for the other units.
        case layer(DenseLayer, activeUnits: [Int], activation: HiddenActivation)
        /// `o = scale · z + mean` on every unit of the previous stage.
        case outputTransform(OutputTransform)
    }

    /// The first affine layer, applied to the normalised input.
    let firstLayer: DenseLayer
    /// The input transform before it, if any.
    let inputTransform: InputTransform?
    /// The maps after the first layer, in order.
    private(set) var steps: [Step] = []
    /// Row `r` of the block is unit `differences[r].0` minus unit `differences[r].1` of
    /// the last stage; `nil` when row `r` is unit `r`.
    private(set) var differences: [(Int, Int)]? = nil

    /// The first layer's units.
    init(firstLayer: DenseLayer, inputTransform: InputTransform?) {
        self.firstLayer = firstLayer
        self.inputTransform = inputTransform
    }

    /// The number of units of the chain's last stage.
    var lastStageUnitCount: Int {
        switch steps.last {
        case nil: return firstLayer.outputCount
        case let .layer(layer, _, _)?: return layer.outputCount
        case .outputTransform?: return unitCount(beforeStep: steps.count - 1)
        }
    }

    /// The number of rows of the block.
    var rowCount: Int { differences?.count ?? lastStageUnitCount }

    /// The number of units of the stage that step `s` reads.
    func unitCount(beforeStep s: Int) -> Int {
        var count = firstLayer.outputCount
        for step in steps[..<s] {
            if case let .layer(layer, _, _) = step { count = layer.outputCount }
        }
        return count
    }

    /// The chain continued by `step`.
    func appending(_ step: Step) -> RowDerivation {
        precondition(differences == nil, "a block of differences is the end of its chain")
        var copy = self
        copy.steps.append(step)
        return copy
    }

    /// The block of differences `unit p − unit q` of the last stage, one row per pair.
    func differencing(_ pairs: [(Int, Int)]) -> RowDerivation {
        precondition(differences == nil, "differences of differences")
        var copy = self
        copy.differences = pairs
        return copy
    }
}
