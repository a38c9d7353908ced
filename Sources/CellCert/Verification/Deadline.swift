/// The wall-clock limit of one whole query, shared by all the LPs and MILPs it solves.
struct Deadline {
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private let end: ContinuousClock.Instant?

    /// A deadline `seconds` from now, or none for `nil`.
    init(seconds: Double?) {
        let now = ContinuousClock().now
        start = now
        end = seconds.map { now.advanced(by: .seconds(max(0, $0))) }
    }

    /// Seconds left (at least a millisecond while not expired), `nil` without a limit.
    /// Callers check ``isExpired`` first.
    var remainingSeconds: Double? {
        guard let end else { return nil }
        return max(1e-3, seconds(clock.now.duration(to: end)))
    }

    /// Whether the time is up.
    var isExpired: Bool {
        guard let end else { return false }
        return clock.now >= end
    }

    /// Seconds since the deadline was set.
    var elapsedSeconds: Double { seconds(start.duration(to: clock.now)) }

    private func seconds(_ duration: Duration) -> Double {
        let (whole, attoseconds) = duration.components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}
