// cellcert-bench: times CellCert's kernels for Benchmarks/run_benchmarks.py,
// which runs the Python baselines on the same networks and inputs and compares.
// Only the kernel is timed: process start, model loading and input parsing are not.
import Foundation

do {
    let arguments = try BenchArguments(Array(CommandLine.arguments.dropFirst()))
    switch arguments.kernel {
    case "export": try ExportCommand.run(arguments)
    case "radii": try RadiiBenchmark.run(arguments)
    case "facets": try FacetBenchmark.run(arguments)
    case "montecarlo": try MonteCarloBenchmark.run(arguments)
    case "cell-memory": try CellMemoryBenchmark.run(arguments)
    case "noop": print("{\"kernel\":\"noop\"}")  // the process baseline of cell-memory
    case "help", "-h", "--help": print(BenchArguments.usage)
    default: throw BenchError("unknown kernel '\(arguments.kernel)'\n" + BenchArguments.usage)
    }
} catch {
    FileHandle.standardError.write("cellcert-bench: \(error)\n".data(using: .utf8)!)
    exit(2)
}
