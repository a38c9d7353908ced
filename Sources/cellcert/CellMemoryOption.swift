import ArgumentParser
import Foundation

/// `--max-memory`: how large a whole cell may be for the options that need all its rows.
struct CellMemoryOption: ParsableArguments {
    @Option(name: .customLong("max-memory"),
            help: ArgumentHelp("Most memory one cell's rows may take when every row is needed at once (--facets, --domain, --boundary, --recheck), e.g. 2GiB; a larger cell is refused with an error instead of exhausting memory. Default: half the physical memory. Radii and bounds alone are measured layer by layer and need far less.",
                               valueName: "size"))
    var maxMemory: MemorySize?

    /// The limit in bytes: `--max-memory`, or half the physical memory.
    var bytes: Int {
        maxMemory?.bytes ?? Int(clamping: ProcessInfo.processInfo.physicalMemory / 2)
    }
}
