/// The extents of one image tensor `[C, H, W]` (channels first, batch of one),
/// stored in row-major order: entry `(c, y, x)` is at `(c·H + y)·W + x`.
struct ImageShape: Equatable, Sendable, CustomStringConvertible {
    let channels: Int
    let height: Int
    let width: Int

    /// The number of pixels per channel, `H·W`.
    var planeSize: Int { height * width }
    /// The number of entries, `C·H·W`.
    var count: Int { channels * height * width }

    var description: String { "\(channels)×\(height)×\(width)" }
}

/// One term of a spatial operator's output location: the input pixel `location`
/// (`y·W + x`) it reads, and the kernel position `kernel` (`ky·kw + kx`) it uses.
struct SpatialTap: Hashable, Sendable {
    let location: Int
    let kernel: Int
}

/// The geometry shared by convolutions and pooling along one spatial axis.
struct SpatialAxis: Equatable, Sendable {
    let kernel: Int
    let stride: Int
    let padBegin: Int
    let padEnd: Int
    let dilation: Int

    /// The output extent of a convolution or pooling over an input of extent `n`
    /// (`ceilMode`: pooling's `ceil_mode`, with ONNX's rule that the last window
    /// must start inside the input or its leading padding).
    func outputExtent(input n: Int, ceilMode: Bool = false) -> Int {
        let span = (kernel - 1) * dilation + 1
        let room = n + padBegin + padEnd - span
        guard room >= 0 else { return 0 }
        var extent = (ceilMode ? (room + stride - 1) / stride : room / stride) + 1
        if ceilMode, (extent - 1) * stride >= n + padBegin { extent -= 1 }
        return extent
    }

    /// `(output index, kernel index) ↦ input index` of a convolution, or `nil` in the padding.
    func convolutionInput(output o: Int, kernel k: Int, inputExtent n: Int) -> Int? {
        let i = o * stride - padBegin + k * dilation
        return (0..<n).contains(i) ? i : nil
    }

    /// The input index that a transposed convolution sends to output `o` through
    /// kernel index `k`, or `nil` when none does.
    func transposedInput(output o: Int, kernel k: Int, inputExtent n: Int) -> Int? {
        let scaled = o + padBegin - k * dilation
        guard scaled >= 0, scaled % stride == 0 else { return nil }
        let i = scaled / stride
        return i < n ? i : nil
    }
}

/// For every output pixel of a 2-D window operator, its taps in row-major
/// kernel order (padding left out).
func spatialTaps(input: ImageShape, outputHeight: Int, outputWidth: Int, rows: SpatialAxis, columns: SpatialAxis,
                 transposed: Bool = false) -> [[SpatialTap]] {
    var taps: [[SpatialTap]] = []
    taps.reserveCapacity(outputHeight * outputWidth)
    for oy in 0..<outputHeight {
        for ox in 0..<outputWidth {
            var list: [SpatialTap] = []
            for ky in 0..<rows.kernel {
                let iy = transposed ? rows.transposedInput(output: oy, kernel: ky, inputExtent: input.height)
                                    : rows.convolutionInput(output: oy, kernel: ky, inputExtent: input.height)
                guard let iy else { continue }
                for kx in 0..<columns.kernel {
                    let ix = transposed ? columns.transposedInput(output: ox, kernel: kx, inputExtent: input.width)
                                        : columns.convolutionInput(output: ox, kernel: kx, inputExtent: input.width)
                    guard let ix else { continue }
                    list.append(SpatialTap(location: iy * input.width + ix, kernel: ky * columns.kernel + kx))
                }
            }
            taps.append(list)
        }
    }
    return taps
}
