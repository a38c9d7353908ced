#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard error, for error lines, notes and progress. Writes that fail
/// (stderr full, closed or a broken pipe) are dropped: there is nowhere left
/// to report them, and `FileHandle.write` would trap instead.
enum StandardError {
    /// Writes `text`, as much of it as standard error takes.
    static func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { writeDescriptor(STDERR_FILENO, $0) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
