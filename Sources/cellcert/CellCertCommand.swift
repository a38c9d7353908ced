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
        subcommands: [CertifyCommand.self, TableCommand.self, VerifyCommand.self, InfoCommand.self, BoundCommand.self, SweepCommand.self, ConvertCommand.self]
    )

    /// Runs the command; failures of the work itself (bad files, bad inputs)
    /// print one line `cellcert: error: …` on stderr and exit with status 1.
    static func main() {
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            try command.run()
        } catch let error as CommandLineFailure {
            FileHandle.standardError.write(Data("cellcert: error: \(error.message)\n".utf8))
            Foundation.exit(1)
        } catch {
            exit(withError: error)
        }
    }
}

/// A failure reported to the user as one line.
struct CommandLineFailure: Error {
    let message: String
}

/// Runs `body`, turning every library error into a one-line `CommandLineFailure`.
func reportingFailures<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let failure as CommandLineFailure {
        throw failure
    } catch {
        let text = String(describing: error).replacingOccurrences(of: "\n", with: " ")
        throw CommandLineFailure(message: text)
    }
}
