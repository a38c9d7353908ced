import Foundation

/// The formats of input data files, chosen from the file name.
public enum InputFileFormat: String, CaseIterable, Sendable {
    /// Comma-separated text, one input per line (`InputDataset.parseCSV`).
    case csv
    /// A NumPy `.npy` array (`NPYFormat`).
    case npy
    /// An IDX array, as MNIST's `t10k-images-idx3-ubyte` (`IDXFormat`).
    case idx

    /// The format of `path`, case-insensitively: `.npy` is NumPy; a name
    /// ending in `idxN-ubyte` (`train-images-idx3-ubyte`,
    /// `t10k-labels.idx1-ubyte`) or with the extension `.idx` is IDX; any other name is CSV.
    ///
    /// - Throws: `ModelFormatError` for `.gz` (decompress first) and `.npz`
    ///   (archives of several arrays: save one array with `np.save`).
    public init(path: String) throws {
        let file = URL(fileURLWithPath: path).lastPathComponent.lowercased()
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        switch ext {
        case "npy": self = .npy
        case "idx": self = .idx
        case "gz", "gzip":
            throw ModelFormatError(file: path, message: "gzip-compressed data is not supported; decompress it first (gunzip -k \(path))")
        case "npz":
            throw ModelFormatError(file: path, message: ".npz archives are not supported; save one array with np.save (.npy)")
        default:
            let isIDX = file.count >= 10 && {
                let tail = Array(file.suffix(10))
                return String(tail[0..<3]) == "idx" && tail[3].isNumber && String(tail[4...]) == "-ubyte"
            }()
            self = isIDX ? .idx : .csv
        }
    }
}

extension InputDataset {
    /// Reads the data file at `path` in the format its name gives (`InputFileFormat`).
    ///
    /// - Parameters:
    ///   - labelColumn: where each row's label is (CSV and 2-D arrays; a header name for CSV only).
    ///   - header: whether a CSV file's first row names the columns (other formats ignore it).
    ///   - labelsPath: a separate file of labels (`.npy`, IDX or a one-column
    ///     CSV), one per input; not together with a label column.
    ///   - scale: every input value is divided by it (labels are not).
    ///   - dimension: the number of input values per row, or `nil`.
    ///   - classCount: the model's number of classes (`Network.classCount`);
    ///     when given, every label must be one of them (`validateLabels(classCount:)`).
    /// - Throws: `ModelFormatError` naming the file and the place of the problem.
    public static func load(path: String, labelColumn: LabelColumn = .none, header: HeaderRow = .no, labelsPath: String? = nil,
                            scale: Double = 1, dimension: Int? = nil, classCount: Int? = nil) throws -> InputDataset {
        let url = URL(fileURLWithPath: path)
        let name = TextFile.displayName(of: url)
        var data: InputDataset
        switch try InputFileFormat(path: path) {
        case .csv: data = try read(contentsOf: url, labelColumn: labelColumn, header: header, scale: scale, dimension: dimension)
        case .npy: data = try InputDataset(array: NPYFormat.read(contentsOf: url), name: name, labelColumn: labelColumn,
                                           scale: scale, dimension: dimension)
        case .idx: data = try InputDataset(array: IDXFormat.read(contentsOf: url), name: name, labelColumn: labelColumn,
                                           scale: scale, dimension: dimension)
        }
        if let labelsPath {
            guard labelColumn == .none else {
                throw ModelFormatError(file: labelsPath, message: "labels come either from a label column of \(name) or from a labels file, not both")
            }
            data = InputDataset(source: data.source, inputs: data.inputs,
                                labels: try readLabels(path: labelsPath, count: data.count),
                                labelSource: TextFile.displayName(of: URL(fileURLWithPath: labelsPath)),
                                header: data.header, featureNames: data.featureNames)
        }
        if let classCount { try data.validateLabels(classCount: classCount) }
        return data
    }

    /// The labels in the file at `path` (`.npy`, IDX, or CSV with one label per line).
    ///
    /// - Parameter count: the number of inputs they label, or `nil`.
    /// - Throws: `ModelFormatError` for a wrong shape or count, or a value
    ///   that is not a non-negative integer.
    public static func readLabels(path: String, count: Int? = nil) throws -> [Int] {
        let url = URL(fileURLWithPath: path)
        let name = TextFile.displayName(of: url)
        switch try InputFileFormat(path: path) {
        case .npy: return try labels(from: NPYFormat.read(contentsOf: url), name: name, count: count)
        case .idx: return try labels(from: IDXFormat.read(contentsOf: url), name: name, count: count)
        case .csv:
            let table = try read(contentsOf: url, labelColumn: .none, dimension: 1)
            if let count, table.count != count {
                throw ModelFormatError(file: name, message: "\(table.count) labels for \(count) inputs")
            }
            return try table.inputs.enumerated().map { k, row in
                guard row[0] >= 0, row[0] == row[0].rounded(), row[0] <= Double(Int32.max) else {
                    throw ModelFormatError(file: name, message: "label \(k): \(row[0]) is not a non-negative integer label")
                }
                return Int(row[0])
            }
        }
    }
}
