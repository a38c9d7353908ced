/// Wall-clock timing of one kernel call, on the monotonic clock.
enum Stopwatch {
    /// Runs `body` and returns its result with the elapsed seconds.
    static func time<T>(_ body: () throws -> T) rethrows -> (value: T, seconds: Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let value = try body()
        let elapsed = clock.now - start
        let (s, attoseconds) = elapsed.components
        return (value, Double(s) + Double(attoseconds) * 1e-18)
    }
}

/// Repeats a timed kernel `repetitions` times, stopping early (after at least one
/// repetition) once `budgetSeconds` of kernel time have been spent.
func repeatTimed<T>(repetitions: Int, budgetSeconds: Double = .infinity, _ body: () throws -> T) rethrows -> (last: T, seconds: [Double]) {
    var seconds: [Double] = []
    var last: T
    repeat {
        let run = try Stopwatch.time(body)
        last = run.value
        seconds.append(run.seconds)
    } while seconds.count < repetitions && seconds.reduce(0, +) < budgetSeconds
    return (last, seconds)
}
