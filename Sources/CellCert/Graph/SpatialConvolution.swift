/// A 2-D convolution or transposed convolution (ONNX `Conv`, `ConvTranspose`)
/// without its bias, with strides, padding, dilations and groups.
///
/// Both are the same kind of map once the taps are known: output pixel `p` of
/// output channel `o` (in group `g`) is `Σ_taps Σ_c w[o, c, tap.kernel] · x[g·C_g + c, tap.location]`.
/// `apply(to:)` evaluates that for all `c` columns at once: for each output
/// pixel it gathers the `C_g · |taps|` input rows it reads and multiplies them by
/// the matching weights in one matrix product (im2col one pixel at a time, so
/// the gathered block stays small however many columns there are).
struct SpatialConvolution: LinearMap {
    let input: ImageShape
    let output: ImageShape
    let groups: Int
    /// Kernel positions per channel pair (`kh · kw`).
    let kernelSize: Int
    /// `w[o, c, k]` at `(o · C_g + c) · kernelSize + k`, `C_g = input.channels / groups`.
    let weights: [Double]
    /// For every output pixel, the input pixels and kernel positions it reads.
    let taps: [[SpatialTap]]

    var inputCount: Int { input.count }
    var outputCount: Int { output.count }
    var inputChannelsPerGroup: Int { input.channels / groups }
    var outputChannelsPerGroup: Int { output.channels / groups }
    var maximumFanIn: Int { inputChannelsPerGroup * (taps.map(\.count).max() ?? 0) }
    var isFinite: Bool { weights.allSatisfy(\.isFinite) }
    var parameterCount: Int { weights.count }

    var magnitude: any LinearMap {
        SpatialConvolution(input: input, output: output, groups: groups, kernelSize: kernelSize,
                           weights: weights.map { abs($0) }, taps: taps)
    }

    /// The matrix of output channels × gathered rows for one group and one list of kernel positions.
    func weightBlock(group g: Int, kernels: [Int]) -> Matrix {
        let (cg, og) = (inputChannelsPerGroup, outputChannelsPerGroup)
        var block = Matrix(rows: og, columns: cg * kernels.count)
        for o in 0..<og {
            let base = (g * og + o) * cg
            for (j, k) in kernels.enumerated() {
                for c in 0..<cg { block[o, j * cg + c] = weights[(base + c) * kernelSize + k] }
            }
        }
        return block
    }

    func apply(to columns: Matrix) -> Matrix {
        precondition(columns.rows == input.count, "convolution of \(input.count) inputs applied to \(columns.rows) rows")
        let width = columns.columns
        let (cg, og) = (inputChannelsPerGroup, outputChannelsPerGroup)
        var result = Matrix(rows: output.count, columns: width)
        guard width > 0 else { return result }
        var blocks: [[Int]: [Matrix]] = [:]
        for (p, list) in taps.enumerated() where !list.isEmpty {
            let kernels = list.map(\.kernel)
            let perGroup = blocks[kernels] ?? (0..<groups).map { weightBlock(group: $0, kernels: kernels) }
            blocks[kernels] = perGroup
            for g in 0..<groups {
                var gathered = [Double](repeating: 0, count: cg * list.count * width)
                columns.storage.withUnsafeBufferPointer { source in
                    gathered.withUnsafeMutableBufferPointer { target in
                        for (j, tap) in list.enumerated() {
                            for c in 0..<cg {
                                let from = ((g * cg + c) * input.planeSize + tap.location) * width
                                let to = (j * cg + c) * width
                                for k in 0..<width { target[to + k] = source[from + k] }
                            }
                        }
                    }
                }
                let product = perGroup[g].multiplied(by: Matrix(rows: cg * list.count, columns: width, storage: gathered))
                result.storage.withUnsafeMutableBufferPointer { target in
                    product.storage.withUnsafeBufferPointer { rows in
                        for o in 0..<og {
                            let to = ((g * og + o) * output.planeSize + p) * width
                            for k in 0..<width { target[to + k] = rows[o * width + k] }
                        }
                    }
                }
            }
        }
        return result
    }
}

extension SpatialConvolution {
    /// `Lᵀ U`: every output pixel's block of rows, multiplied by the transposed
    /// weight block, is added back onto the input rows it was gathered from.
    func applyTransposed(to columns: Matrix) -> Matrix {
        precondition(columns.rows == output.count, "transposed convolution of \(output.count) outputs applied to \(columns.rows) rows")
        let width = columns.columns
        let (cg, og) = (inputChannelsPerGroup, outputChannelsPerGroup)
        var result = Matrix(rows: input.count, columns: width)
        guard width > 0 else { return result }
        var blocks: [[Int]: [Matrix]] = [:]
        for (p, list) in taps.enumerated() where !list.isEmpty {
            let kernels = list.map(\.kernel)
            let perGroup = blocks[kernels] ?? (0..<groups).map { weightBlock(group: $0, kernels: kernels).transposed() }
            blocks[kernels] = perGroup
            for g in 0..<groups {
                var gathered = [Double](repeating: 0, count: og * width)
                columns.storage.withUnsafeBufferPointer { source in
                    for o in 0..<og {
                        let from = ((g * og + o) * output.planeSize + p) * width
                        for k in 0..<width { gathered[o * width + k] = source[from + k] }
                    }
                }
                let product = perGroup[g].multiplied(by: Matrix(rows: og, columns: width, storage: gathered))
                result.storage.withUnsafeMutableBufferPointer { target in
                    product.storage.withUnsafeBufferPointer { rows in
                        for (j, tap) in list.enumerated() {
                            for c in 0..<cg {
                                let to = ((g * cg + c) * input.planeSize + tap.location) * width
                                let from = (j * cg + c) * width
                                for k in 0..<width { target[to + k] += rows[from + k] }
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    /// An ONNX `Conv`: `weights` in the file's layout `[M, C/groups, kh, kw]`.
    static func convolution(input: ImageShape, outputChannels: Int, groups: Int, weights: [Double],
                            rows: SpatialAxis, columns: SpatialAxis) -> SpatialConvolution {
        let (oh, ow) = (rows.outputExtent(input: input.height), columns.outputExtent(input: input.width))
        return SpatialConvolution(
            input: input, output: ImageShape(channels: outputChannels, height: oh, width: ow), groups: groups,
            kernelSize: rows.kernel * columns.kernel, weights: weights,
            taps: spatialTaps(input: input, outputHeight: oh, outputWidth: ow, rows: rows, columns: columns))
    }

    /// An ONNX `ConvTranspose`: `weights` in the file's layout `[C, M/groups, kh, kw]`;
    /// output extents `(i − 1)·s − pads + (k − 1)·d + 1 + outputPadding`.
    static func transposedConvolution(input: ImageShape, outputChannels: Int, groups: Int, weights: [Double],
                                      rows: SpatialAxis, columns: SpatialAxis,
                                      outputPadding: (rows: Int, columns: Int)) -> SpatialConvolution {
        func extent(_ axis: SpatialAxis, _ n: Int, _ extra: Int) -> Int {
            (n - 1) * axis.stride - axis.padBegin - axis.padEnd + (axis.kernel - 1) * axis.dilation + 1 + extra
        }
        let (oh, ow) = (extent(rows, input.height, outputPadding.rows), extent(columns, input.width, outputPadding.columns))
        let kernelSize = rows.kernel * columns.kernel
        let (cg, og) = (input.channels / groups, outputChannels / groups)
        // Rearrange w[c, o, k] (c over all input channels) into the convolution layout w'[o, c_g, k].
        var rearranged = [Double](repeating: 0, count: outputChannels * cg * kernelSize)
        for g in 0..<groups {
            for o in 0..<og {
                for c in 0..<cg {
                    for k in 0..<kernelSize {
                        rearranged[((g * og + o) * cg + c) * kernelSize + k] = weights[((g * cg + c) * og + o) * kernelSize + k]
                    }
                }
            }
        }
        return SpatialConvolution(
            input: input, output: ImageShape(channels: outputChannels, height: max(oh, 0), width: max(ow, 0)),
            groups: groups, kernelSize: kernelSize, weights: rearranged,
            taps: spatialTaps(input: input, outputHeight: max(oh, 0), outputWidth: max(ow, 0), rows: rows, columns: columns,
                              transposed: true))
    }
}
