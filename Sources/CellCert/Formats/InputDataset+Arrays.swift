/// Data sets and labels from binary arrays (`.npy`, IDX).
extension InputDataset {
    /// The inputs held by `array`: a shape `(n, d)` gives `n` inputs of `d`
    /// values, `(n, a, b, …)` gives `n` inputs of `a·b·…` values each (C
    /// order, e.g. 28 × 28 images flattened row by row), and `(d,)` one input.
    ///
    /// - Parameters:
    ///   - name: the file, for messages.
    ///   - labelColumn: where each row's label is, as for CSV (usually `.none`
    ///     for arrays; labels then come from a separate file, see `labels(from:name:count:)`).
    ///   - scale: every input value is divided by it; labels are not scaled.
    ///   - dimension: the number of input values per row (without the label), or `nil`.
    /// - Throws: `ModelFormatError` located at the shape field for a scalar,
    ///   an empty array or rows of the wrong width, and at the byte offset of
    ///   the first NaN or infinite value or bad label.
    public init(array: DataArray, name: String, labelColumn: LabelColumn = .none, scale: Double = 1,
                dimension: Int? = nil) throws {
        guard scale.isFinite, scale > 0 else {
            throw ModelFormatError(file: name, message: "the scale must be a finite positive number, found \(scale)")
        }
        let shapeError = { (message: String) in ModelFormatError(file: name, keyPath: array.shapeLocation, message: message) }
        guard !array.shape.isEmpty else { throw shapeError("a scalar () holds no input") }
        let rows = array.shape.count == 1 ? 1 : array.shape[0]
        let width = array.shape.count == 1 ? array.shape[0] : array.values.count / max(rows, 1)
        guard rows > 0, array.shape.count == 1 || array.shape.dropFirst().allSatisfy({ $0 > 0 }) else {
            throw shapeError("no inputs (shape \(array.shapeDescription))")
        }
        let labelCount = labelColumn == .none ? 0 : 1
        if let dimension, width != dimension + labelCount {
            let what = labelCount == 0 ? "the model takes \(dimension)" : "the model takes \(dimension) plus the label"
            throw shapeError("each input has \(width) values (shape \(array.shapeDescription)), \(what)"
                             + InputDataset.widthHint(found: width, dimension: dimension, labelColumn: labelColumn))
        }
        guard width > labelCount else { throw shapeError("a row needs at least one input value besides the label") }
        let labelIndex: Int?
        switch labelColumn {
        case .first: labelIndex = 0
        case .last: labelIndex = width - 1
        case .none: labelIndex = nil
        case let .named(column):
            throw ModelFormatError(file: name, message: "--label-column \(column) names a CSV header column; arrays have no header (give first, last or --labels)")
        }
        var inputs: [[Double]] = []
        inputs.reserveCapacity(rows)
        var labels: [Int] = []
        for i in 0..<rows {
            var input: [Double] = []
            input.reserveCapacity(width - labelCount)
            for k in 0..<width {
                let flat = i * width + k
                let v = array.values[flat]
                guard v.isFinite else {
                    throw ModelFormatError(file: name, keyPath: "byte \(array.byteOffset(ofElement: flat))",
                                           message: "input \(i), value \(k): \(v) is not a finite number")
                }
                if k == labelIndex {
                    labels.append(try Self.label(v, array: array, name: name, element: flat, what: "input \(i)"))
                } else {
                    input.append(v / scale)
                }
            }
            inputs.append(input)
        }
        self.init(source: name, inputs: inputs, labels: labelColumn == .none ? nil : labels)
    }

    /// The labels held by `array`: shape `(n,)` or `(n, 1)`, non-negative integers.
    ///
    /// - Parameter count: the number of inputs they label, or `nil`.
    /// - Throws: `ModelFormatError` for another shape, a wrong count, or a
    ///   value that is not a non-negative integer (at its byte offset).
    public static func labels(from array: DataArray, name: String, count: Int? = nil) throws -> [Int] {
        guard array.shape.count == 1 || (array.shape.count == 2 && array.shape[1] == 1) else {
            throw ModelFormatError(file: name, keyPath: array.shapeLocation,
                                   message: "labels must have shape (n,) or (n, 1), found \(array.shapeDescription)")
        }
        if let count, array.values.count != count {
            throw ModelFormatError(file: name, keyPath: array.shapeLocation,
                                   message: "\(array.values.count) labels for \(count) inputs")
        }
        return try array.values.indices.map { k in
            try label(array.values[k], array: array, name: name, element: k, what: "label \(k)")
        }
    }

    private static func label(_ v: Double, array: DataArray, name: String, element: Int, what: String) throws -> Int {
        guard v.isFinite, v >= 0, v == v.rounded(), v <= Double(Int32.max) else {
            throw ModelFormatError(file: name, keyPath: "byte \(array.byteOffset(ofElement: element))",
                                   message: "\(what): \(v) is not a non-negative integer label")
        }
        return Int(v)
    }
}
