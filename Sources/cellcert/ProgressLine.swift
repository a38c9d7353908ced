import Foundation

/// A progress line on standard error for long runs: redrawn in place on a
/// terminal, a plain line every few seconds otherwise. Silent for short runs.
///
/// With a `unit` (e.g. "inputs") the terminal line is a bar,
/// `table [#######·········] 37/100 inputs  2.31/s  ETA 0:27`, and the plain
/// line reads `table: 37/100 inputs (2.31/s, 27 s left)`.
final class ProgressLine: @unchecked Sendable {
    private let label: String
    private let total: Int
    private let unit: String?
    private let delay: TimeInterval
    private let start = Date()
    private let lock = NSLock()
    private var lastPrint = Date.distantPast
    private var printed = false
    private let isTerminal = isatty(STDERR_FILENO) != 0

    /// Progress for `total` items; enabled only when `total` is at least
    /// `threshold`. Nothing is printed before `delay` seconds have passed,
    /// so runs shorter than that stay silent.
    init(label: String, total: Int, threshold: Int = 200_000, unit: String? = nil, delay: TimeInterval = 0) {
        self.label = label
        self.total = total
        self.unit = unit
        self.delay = delay
        self.isEnabled = total >= threshold
    }

    /// Whether this run is long enough to report on.
    let isEnabled: Bool

    /// Reports `done` of `total` items.
    @Sendable func update(_ done: Int) {
        guard isEnabled else { return }
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        let interval: TimeInterval = isTerminal ? 0.2 : 5
        guard elapsed >= delay || (printed && done == total) else { return }
        guard now.timeIntervalSince(lastPrint) >= interval || done == total else { return }
        lastPrint = now
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let text: String
        if let unit {
            let rateText = rate < 10 ? String(format: "%.2f/s", rate) : String(format: "%.0f/s", rate)
            if isTerminal {
                let width = 24
                let filled = total > 0 ? min(width, done * width / total) : width
                let bar = String(repeating: "#", count: filled) + String(repeating: "·", count: width - filled)
                let etaText = String(format: "%d:%02d", Int(eta) / 60, Int(eta) % 60)
                text = "\(label) [\(bar)] \(done)/\(total) \(unit)  \(rateText)  ETA \(etaText)"
            } else {
                text = String(format: "%@: %d/%d %@ (%@, %.0f s left)", label, done, total, unit, rateText, eta)
            }
        } else {
            text = String(format: "%@: %d/%d (%.0f/s, %.0f s left)", label, done, total, rate, eta)
        }
        StandardError.write(isTerminal ? "\r\u{1B}[K" + text : text + "\n")
        printed = true
    }

    /// Ends the line on a terminal.
    func finish() {
        lock.lock(); defer { lock.unlock() }
        if printed && isTerminal { StandardError.write("\n") }
    }
}
