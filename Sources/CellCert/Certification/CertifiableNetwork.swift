/// What the certification pipeline needs of a network: its cells, its
/// classes, batched forward passes for Monte Carlo, and the decision boundary.
/// Dense networks (`Network`) and graph networks (`GraphNetwork`) both
/// conform, so `certify`, `table` and the Monte Carlo estimates run the same
/// code on both.
public protocol CertifiableNetwork: Sendable {
    /// The input dimension `d`.
    var inputDimension: Int { get }
    /// Number of outputs.
    var outputCount: Int { get }
    /// Number of classes the decision head can return.
    var classCount: Int { get }
    /// How outputs become a class.
    var decision: DecisionHead { get }
    /// The number of rows of every cell (`N` of the theorems for dense networks).
    var faceBound: Int { get }
    /// Widths for reports: the input, every hidden (ReLU) layer, the outputs.
    var layerSizes: [Int] { get }
    /// Number of hidden (ReLU) layers; output faces are reported after them.
    var hiddenLayerCount: Int { get }
    /// The input domain recorded with the network, if any.
    var domain: InputBox? { get }

    /// The cell of `x`.
    func cell(at x: [Double]) throws -> Cell
    /// The cell of an activation pattern.
    func cell(for pattern: ActivationPattern) throws -> Cell
    /// The outputs of the forward pass at `x` with, per output, a bound on their
    /// distance from the exact outputs; `nil` when nothing can be bounded.
    func outputsWithRoundingBound(_ x: [Double]) -> (outputs: [Double], bound: [Double])?
    /// The certified radii and row counts of the cell of `x`, equal to
    /// `cell(at: x).measurement(at: x, norms: norms)`; graph networks take them
    /// without holding the whole cell.
    func measureCell(at x: [Double], norms: [Norm]) throws -> CellMeasurement
    /// The activation pattern of `x`.
    func activationPattern(at x: [Double]) -> ActivationPattern
    /// The outputs `o(x)`.
    func outputs(_ x: [Double]) -> [Double]
    /// The class `f(x)`.
    func classify(_ x: [Double]) -> Int
    /// Checks that `x` is a finite input of the right size whose forward pass stays finite.
    func validateInput(_ x: [Double]) throws
    /// For a batch of inputs (one per row): their classes, whether each lies in
    /// the cell of `reference` (same pattern and class), and how many overflowed.
    func classesAndCellMembership(batch inputs: Matrix, reference: ActivationPattern)
        -> (classes: [Int], inCell: [Bool], overflowed: Int)
    /// The distance from `x` to the decision boundary (`--boundary`).
    func decisionBoundary(at x: [Double], options: DecisionBoundaryOptions) throws -> DecisionBoundaryResult
}

extension Network: CertifiableNetwork {
    public var hiddenLayerCount: Int { hiddenLayerSizes.count }

    /// `cell(at: x).measurement(at: x, norms: norms)`: a dense cell is small enough to build whole.
    public func measureCell(at x: [Double], norms: [Norm]) throws -> CellMeasurement {
        try cell(at: x).measurement(at: x, norms: norms)
    }
}

extension GraphNetwork: CertifiableNetwork {
    /// `[d, ReLU layer sizes…, K]`.
    public var layerSizes: [Int] { [inputDimension] + reluLayerSizes + [outputCount] }
    public var hiddenLayerCount: Int { reluLayerSizes.count }

}
