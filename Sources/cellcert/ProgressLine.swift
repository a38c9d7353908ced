import Foundation

/// A progress line on standard error for long runs: redrawn in place on a
/// terminal, a plain line every few seconds otherwise. Silent for short runs.
final class ProgressLine: @unchecked Sendable {
    private let label: String
    private let total: Int
    private let start = Date()
    private let lock = NSLock()
    private var lastPrint = Date.distantPast
    private var printed = false
    private let isTerminal = isatty(STDERR_FILENO) != 0

    /// Progress for `total` items; enabled only when `total` is at least `threshold`.
    init(label: String, total: Int, threshold: Int = 200_000) {
        self.label = label
        self.total = total
        self.isEnabled = total >= threshold
    }

    /// Whether this run is long enough to report on.
    let isEnabled: Bool

    /// Reports `done` of `total` items.
    @Sendable func update(_ done: Int) {
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        let interval: TimeInterval = isTerminal ? 0.2 : 5
        guard now.timeIntervalSince(lastPrint) >= interval || done == total else { return }
        lastPrint = now
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let text = String(format: "%@: %d/%d (%.0f/s, %.0f s left)", label, done, total, rate, eta)
        FileHandle.standardError.write(Data((isTerminal ? "\r\u{1B}[K" + text : text + "\n").utf8))
        printed = true
    }

    /// Ends the line on a terminal.
    func finish() {
        lock.lock(); defer { lock.unlock() }
        if printed && isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
