import CellCert
import Foundation

/// The reader under test, named by the environment variable `CELLCERT_FUZZ_READER`
/// (`make fuzz` sets it; Docs/reliability.md).
enum FuzzedReader: String, CaseIterable {
    case nnet, json, onnx, csv, npy, idx, vnnlib

    /// The reader of this process, read once.
    static let current: FuzzedReader = {
        let name = ProcessInfo.processInfo.environment["CELLCERT_FUZZ_READER"] ?? ""
        guard let reader = FuzzedReader(rawValue: name) else {
            let known = allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("cellcert-fuzz: set CELLCERT_FUZZ_READER to one of \(known)\n".utf8))
            exit(2)
        }
        return reader
    }()

    /// Feeds `data` to the reader. Errors are the expected outcome for most
    /// inputs; a finding is a crash, a sanitizer report or a time-out.
    func read(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        switch self {
        case .nnet: _ = try? NNetFormat.parse(text)
        case .json: _ = try? NetworkJSONFormat.parse(text)
        case .onnx: _ = try? ONNXFormat.parse(data)
        case .csv:
            for column in InputDataset.LabelColumn.allCases { _ = try? InputDataset.parseCSV(text, labelColumn: column) }
        case .npy: _ = try? NPYFormat.parse(data)
        case .idx: _ = try? IDXFormat.parse(data)
        case .vnnlib: _ = try? VNNLib.parse(text)
        }
    }
}

/// libFuzzer's driver (`-sanitize=fuzzer` links it): runs `callback` on each input.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// The executable's entry point (SwiftPM links an executable's `main` to
/// `<module>_main`): hands the command line to libFuzzer's driver, which runs
/// one reader (``FuzzedReader``) on every input it generates.
@_cdecl("cellcert_fuzz_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    _ = FuzzedReader.current
    return runFuzzerDriver(&count, &arguments, fuzzOneInput)
}

/// libFuzzer's per-input hook (its runtime's own `main` refers to it too).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: size) } ?? Data()
    FuzzedReader.current.read(data)
    return 0
}
