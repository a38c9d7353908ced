import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output, written so that a lost report is an error, never a
/// silent exit 0: every write goes straight to file descriptor 1 and is
/// checked (a full disk or `/dev/full` gives `ENOSPC`, a closed pipe `EPIPE`,
/// a closed descriptor `EBADF`).
///
/// `prepare()` runs first in `main`: it ignores `SIGPIPE` (a reader that went
/// away becomes a reported `EPIPE` instead of a silent kill) and, when a
/// standard descriptor was closed by the caller, reserves it on `/dev/null`
/// so that no file the command opens takes its place, and remembers that
/// standard output was closed.
enum StandardOutput {
    /// Whether descriptor 1 was closed when the process started.
    nonisolated(unsafe) private static var wasClosed = false

    /// Prepares the standard descriptors; call once, before any other work.
    static func prepare() {
        signal(SIGPIPE, SIG_IGN)
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 {
            if descriptor == STDOUT_FILENO { wasClosed = true }
            let reserved = open("/dev/null", descriptor == STDIN_FILENO ? O_RDONLY : O_WRONLY)
            if reserved >= 0, reserved != descriptor {
                dup2(reserved, descriptor)
                close(reserved)
            }
        }
    }

    /// Writes `text` to standard output, all of it.
    ///
    /// - Throws: `CommandLineFailure` "standard output: …" when standard
    ///   output is closed or a write fails; the output is then lost.
    static func write(_ text: String) throws {
        if wasClosed {
            throw CommandLineFailure(message: "standard output: it is closed, so the output would be lost (redirect it, or use --output FILE where the command has it)")
        }
        // Whatever `print` may have buffered goes first, in order.
        try flushBuffered()
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { writeDescriptor(STDOUT_FILENO, $0) }
            if written < 0 {
                if errno == EINTR { continue }
                throw failure(errno)
            }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Writes `text`, adding a final newline when it has none.
    static func writeLine(_ text: String) throws {
        try write(text.hasSuffix("\n") ? text : text + "\n")
    }

    /// Flushes what `print` may have buffered (nothing should be): call last.
    ///
    /// - Throws: `CommandLineFailure` when the flush fails.
    static func finish() throws {
        try flushBuffered()
    }

    /// Flushes every C output stream (`fflush(NULL)`), standard output among them.
    private static func flushBuffered() throws {
        if fflush(nil) != 0 { throw failure(errno) }
    }

    private static func failure(_ code: Int32) -> CommandLineFailure {
        CommandLineFailure(message: "standard output: cannot write (\(String(cString: strerror(code)))), so the output is lost")
    }
}

/// `write(2)` of `bytes` to `descriptor`: the number of bytes written, or −1 with `errno` set.
func writeDescriptor(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
    write(descriptor, bytes.baseAddress, bytes.count)
}
