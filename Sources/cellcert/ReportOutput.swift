import Foundation

/// A file written beside a command's report (`table --plot`, `--html`).
struct SideFile {
    /// The option that names it, for messages.
    let option: String
    /// Where it goes.
    let path: String
    /// What it holds.
    let bytes: [UInt8]

    /// A text file.
    init(option: String, path: String, contents: String) {
        self.init(option: option, path: path, bytes: Array(contents.utf8))
    }

    /// A binary file.
    init(option: String, path: String, bytes: [UInt8]) {
        self.option = option
        self.path = path
        self.bytes = bytes
    }
}

/// Writes a command's report to the `--output` file at `path` (atomically,
/// `OutputFile`) or, when `path` is nil, to standard output (checked,
/// `StandardOutput`), and then the side files.
///
/// The side files are staged first and renamed into place only after the
/// report has been written, so a report that fails leaves no side file
/// behind (and an old one untouched).
///
/// - Throws: `CommandLineFailure` naming the file (or standard output) that failed.
func writeOutput(_ text: String, to path: String?, option: String = "--output", alongside sideFiles: [SideFile] = []) throws {
    var staged: [OutputFile.Staged] = []
    do {
        for side in sideFiles { staged.append(try OutputFile.stage(bytes: side.bytes, at: side.path, for: side.option)) }
        if let path {
            try OutputFile.write(text, to: path, for: option)
        } else {
            try StandardOutput.writeLine(text)
        }
    } catch {
        staged.forEach { $0.discard() }
        throw error
    }
    for (i, side) in staged.enumerated() {
        do {
            try side.commit()
        } catch {
            staged[(i + 1)...].forEach { $0.discard() }
            throw error
        }
    }
}

/// Checks, before any work, that the files a command will write can be
/// written (`OutputFile.destination`) and replace neither each other nor the
/// files it reads.
func checkOutputs(_ outputs: [(option: String, path: String)], model: ModelOptions, inputs: InputOptions? = nil,
                  reads others: [(what: String, path: String)] = []) throws {
    for output in outputs { try OutputFile.destination(output.path, for: output.option) }
    var read: [(what: String, path: String)] = [("model file", model.model)]
    if let file = inputs?.inputs { read.append(("inputs file", file)) }
    if let file = inputs?.labels { read.append(("labels file", file)) }
    try OutputFile.checkDistinct(outputs: outputs, inputs: read + others)
}
