import Foundation

/// SVG to PDF through `rsvg-convert` (Debian's `librsvg2-bin`, installed by
/// `make deps-plot`), for `table --plot FILE.pdf`.
enum PDFConversion {
    /// The `rsvg-convert` on `PATH`, or `nil`.
    static var tool: URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("rsvg-convert") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Checks, before any work, that `rsvg-convert` is there.
    ///
    /// - Throws: `CommandLineFailure` naming the file, the package and the make target.
    static func checkAvailable(for path: String) throws {
        guard tool != nil else {
            throw CommandLineFailure(message: "--plot \(path): writing PDF needs rsvg-convert, which is not installed "
                                     + "(Debian package librsvg2-bin: run `make deps-plot`), or give a .svg or .tex file")
        }
    }

    /// The PDF of `svg`.
    ///
    /// - Throws: `CommandLineFailure` when the tool is missing or fails.
    static func pdf(from svg: String, for path: String) throws -> [UInt8] {
        guard let tool else { try checkAvailable(for: path); return [] }
        let process = Process()
        process.executableURL = tool
        process.arguments = ["--format", "pdf"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        (process.standardInput, process.standardOutput, process.standardError) = (input, output, errors)
        try process.run()
        // Write on another thread: rsvg-convert may fill its output pipe before it has read all input.
        let data = Data(svg.utf8)
        let writer = Thread {
            input.fileHandleForWriting.write(data)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let pdf = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, pdf.starts(with: Array("%PDF".utf8)) else {
            let reason = String(decoding: message, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? "exit status \(process.terminationStatus)"
            throw CommandLineFailure(message: "--plot \(path): rsvg-convert failed: \(reason)")
        }
        return Array(pdf)
    }
}
