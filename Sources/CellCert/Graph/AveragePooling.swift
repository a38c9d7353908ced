/// ONNX `AveragePool` over 2-D windows: each output is the sum of its window's
/// inputs divided by the window size (`count_include_pad = 1`) or by the number
/// of inputs it covers (the default).
struct AveragePooling: LinearMap {
    let input: ImageShape
    let output: ImageShape
    /// For every output pixel, the input pixels of its window (padding left out).
    let taps: [[SpatialTap]]
    /// For every output pixel, the number its sum is divided by.
    let divisors: [Double]

    var inputCount: Int { input.count }
    var outputCount: Int { output.count }
    /// A sum of `t` terms then one division: within `γ_{t+1}` of the exact average.
    var maximumFanIn: Int { (taps.map(\.count).max() ?? 0) + 1 }
    var isFinite: Bool { true }
    var parameterCount: Int { 0 }
    var magnitude: any LinearMap { self }

    init(input: ImageShape, rows: SpatialAxis, columns: SpatialAxis, ceilMode: Bool, countIncludePad: Bool) {
        let (oh, ow) = (rows.outputExtent(input: input.height, ceilMode: ceilMode),
                        columns.outputExtent(input: input.width, ceilMode: ceilMode))
        self.input = input
        self.output = ImageShape(channels: input.channels, height: oh, width: ow)
        self.taps = spatialTaps(input: input, outputHeight: oh, outputWidth: ow, rows: rows, columns: columns)
        if countIncludePad {
            // The window clipped to the padded input (ceil mode can run past it).
            var divisors: [Double] = []
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let y0 = oy * rows.stride - rows.padBegin, x0 = ox * columns.stride - columns.padBegin
                    let y1 = min(y0 + (rows.kernel - 1) * rows.dilation + 1, input.height + rows.padEnd)
                    let x1 = min(x0 + (columns.kernel - 1) * columns.dilation + 1, input.width + columns.padEnd)
                    let ny = (y1 - y0 + rows.dilation - 1) / rows.dilation, nx = (x1 - x0 + columns.dilation - 1) / columns.dilation
                    divisors.append(Double(ny * nx))
                }
            }
            self.divisors = divisors
        } else {
            self.divisors = taps.map { Double($0.count) }
        }
    }

    func applyTransposed(to columns: Matrix) -> Matrix {
        precondition(columns.rows == output.count, "transposed average pool of \(output.count) outputs applied to \(columns.rows) rows")
        let width = columns.columns
        var result = Matrix(rows: input.count, columns: width)
        result.storage.withUnsafeMutableBufferPointer { target in
            columns.storage.withUnsafeBufferPointer { source in
                for c in 0..<input.channels {
                    for (p, list) in taps.enumerated() {
                        let from = (c * output.planeSize + p) * width
                        let n = divisors[p]
                        for tap in list {
                            let to = (c * input.planeSize + tap.location) * width
                            for k in 0..<width { target[to + k] += source[from + k] / n }
                        }
                    }
                }
            }
        }
        return result
    }

    func apply(to columns: Matrix) -> Matrix {
        precondition(columns.rows == input.count, "average pool of \(input.count) inputs applied to \(columns.rows) rows")
        let width = columns.columns
        var result = Matrix(rows: output.count, columns: width)
        result.storage.withUnsafeMutableBufferPointer { target in
            columns.storage.withUnsafeBufferPointer { source in
                for c in 0..<input.channels {
                    for (p, list) in taps.enumerated() where !list.isEmpty {
                        let to = (c * output.planeSize + p) * width
                        for tap in list {
                            let from = (c * input.planeSize + tap.location) * width
                            for k in 0..<width { target[to + k] += source[from + k] }
                        }
                        let n = divisors[p]
                        for k in 0..<width { target[to + k] /= n }
                    }
                }
            }
        }
        return result
    }
}
