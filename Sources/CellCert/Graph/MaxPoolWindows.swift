/// The windows of an ONNX `MaxPool` over 2-D images: output entry `(c, p)` is
/// the largest of its window's inputs (padding never wins).
///
/// On a cell the winner of every window is fixed, so the pool copies the
/// winner's row; the cell's faces are `winner − other` for every other entry
/// of the window. A tie goes to the lowest window position (row-major kernel
/// order), as the forward pass decides it.
struct MaxPoolWindows: Equatable, Sendable {
    let input: ImageShape
    let output: ImageShape
    /// For every output pixel, the input pixels of its window in row-major kernel order.
    let taps: [[SpatialTap]]

    init(input: ImageShape, rows: SpatialAxis, columns: SpatialAxis, ceilMode: Bool) {
        let (oh, ow) = (rows.outputExtent(input: input.height, ceilMode: ceilMode),
                        columns.outputExtent(input: input.width, ceilMode: ceilMode))
        self.input = input
        self.output = ImageShape(channels: input.channels, height: oh, width: ow)
        self.taps = spatialTaps(input: input, outputHeight: oh, outputWidth: ow, rows: rows, columns: columns)
    }

    /// The input entries of output entry `i`'s window, in window order.
    func window(of i: Int) -> [Int] {
        let (c, p) = i.quotientAndRemainder(dividingBy: output.planeSize)
        return taps[p].map { c * input.planeSize + $0.location }
    }

    /// The position in `window` of its first largest entry, `value(i)` being entry `i`'s value:
    /// the tie rule of the forward pass, the pattern and the Monte Carlo check alike.
    static func winner(of window: [Int], value: (Int) -> Double) -> Int {
        var best = 0
        for j in 1..<max(window.count, 1) where value(window[j]) > value(window[best]) { best = j }
        return best
    }

    /// For every output entry, the position in its window of the first largest input.
    func winners(of values: [Double]) -> [Int] {
        (0..<output.count).map { i in Self.winner(of: window(of: i)) { values[$0] } }
    }
}
