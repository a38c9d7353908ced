import ArgumentParser
import CellCert
import Foundation

/// `cellcert`: certified robustness of ReLU networks from the geometry of activation cells.
@main
struct CellCertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cellcert",
        abstract: "Certify the robustness of ReLU networks with exact cell geometry.",
        discussion: """
            Every input of a ReLU network lies in a convex cell on which the activation \
            pattern is constant. cellcert builds that cell and reports the radius of the \
            largest ball around the input inside it: no input in that ball is classified \
            differently. See Docs/cli.md.
            """,
        version: ToolVersion.string,
        subcommands: [CertifyCommand.self, TableCommand.self, MergeCommand.self, VerifyCommand.self, InfoCommand.self, BoundCommand.self, SweepCommand.self, ConvertCommand.self]
    )

    /// Runs the command. Every failure prints one line `cellcert: error: …` on
    /// standard error: failures of the work itself (bad files, bad inputs, an
    /// output that cannot be written) exit with status 1, wrong options with
    /// status 64. `--help` is written to standard output, checked like a report.
    static func main() {
        StandardOutput.prepare()
        let arguments = SweepCommand.acceptingNegativeListValues(Array(CommandLine.arguments.dropFirst()))
        let command: ParsableCommand
        do {
            try RepeatedOptions.check(arguments)
            command = try parseAsRoot(arguments)
        } catch {
            exitReporting(error)
        }
        do {
            var command = command
            try command.run()
            try StandardOutput.finish()
        } catch {
            exitReporting(error)
        }
        Foundation.exit(0)
    }

    /// Reports `error` in one line on standard error (help on standard output) and exits.
    static func exitReporting(_ error: any Error) -> Never {
        if let failure = error as? CommandLineFailure { exitFailing(failure.message, status: 1) }
        let code = exitCode(for: error)
        if code == .success {
            do {
                try StandardOutput.writeLine(fullMessage(for: error))
                try StandardOutput.finish()
            } catch {
                exitReporting(error)
            }
            Foundation.exit(0)
        }
        if isArgumentParserError(error) {
            let lines = message(for: error).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            exitFailing(lines.first { !$0.isEmpty } ?? "invalid arguments", status: code.rawValue)
        }
        exitFailing(CommandLineFailure(describing: error).message, status: 1)
    }

    /// Whether `error` is the parser's (a usage error), not the work's.
    private static func isArgumentParserError(_ error: any Error) -> Bool {
        error is ValidationError || error is ExitCode || error is CleanExit
            || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }

    private static func exitFailing(_ message: String, status: Int32) -> Never {
        let line = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        StandardError.write("cellcert: error: \(line)\n")
        Foundation.exit(status == 0 ? 1 : status)
    }
}

/// A failure reported to the user as one line.
struct CommandLineFailure: Error {
    let message: String

    init(message: String) {
        self.message = message
    }

    /// The one-line message for any error: the library's own one-line
    /// descriptions as they are, and plain words instead of Foundation's and
    /// Swift's internals (error domains, `EncodingError` cases).
    init(describing error: any Error) {
        switch error {
        case let failure as CommandLineFailure:
            self = failure
        case let EncodingError.invalidValue(value, context):
            let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            self.init(message: "cannot write the JSON report: the value \(value)\(path.isEmpty ? "" : " of \(path)") is not a finite number, which JSON cannot hold")
        case _ where String(reflecting: type(of: error)).hasPrefix("Foundation."):
            let ns = error as NSError
            if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
                self.init(message: String(cString: strerror(Int32(underlying.code))))
            } else if ns.domain == NSPOSIXErrorDomain {
                self.init(message: String(cString: strerror(Int32(ns.code))))
            } else {
                self.init(message: "\(type(of: error)) (code \(ns.code))")
            }
        case let described as any CustomStringConvertible:
            self.init(message: described.description)
        default:
            self.init(message: String(describing: error))
        }
    }
}

/// Runs `body`, turning every library error into a one-line `CommandLineFailure`.
func reportingFailures<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw CommandLineFailure(describing: error)
    }
}
