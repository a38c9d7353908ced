import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The open, locked output file of a streamed run, either kind (`cellcert table
/// --output FILE.jsonl`, `cellcert verify --instances LIST --output FILE.jsonl`;
/// Docs/cluster.md).
///
/// The file is locked with `flock(LOCK_EX | LOCK_NB)` for as long as the
/// writer lives, so a second process (or a second writer in this one) that
/// opens it fails at once instead of interleaving lines. Each line is handed
/// to the kernel with one `write` as soon as it is appended: a process that is
/// killed loses nothing appended before. The file is `fsync`ed at most once a
/// second and at `finish()`; a crash of the machine itself may lose the last
/// second of lines, which `--resume` then computes again.
///
/// What is not guaranteed: `flock` on a network file system is only as good as
/// the server's lock support (NFSv4 and Lustre with `flock` mounts honour it).
public final class TableLinesWriter: @unchecked Sendable {
    /// The file, as named by the user.
    public let path: String
    private let descriptor: Int32
    private let lock = NSLock()
    private var lastSync = ContinuousClock.now

    /// Opens (creating it, mode 0644) and locks the file at `path`.
    ///
    /// - Throws: `TableLinesError` "PATH: is being written by another cellcert
    ///   process …" when it is locked, or naming the system's reason.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Self.failure(path, "cannot be opened for writing", errno) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK {
                throw TableLinesError("\(path): is being written by another cellcert process (the file is locked); "
                                      + "wait for it to end or choose another --output")
            }
            throw Self.failure(path, "cannot be locked", code)
        }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// The whole file as it is now (read under the lock, so no writer is mid-line).
    ///
    /// - Throws: `TableLinesError` with the system's reason.
    public func contents() throws -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var offset: off_t = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Self.failure(path, "cannot be read", errno)
            }
            if n == 0 { return data }
            data.append(contentsOf: buffer[0..<n])
            offset += off_t(n)
        }
    }

    /// Cuts the file to `length` bytes (a dropped partial line, or 0 to start over).
    ///
    /// - Throws: `TableLinesError` with the system's reason.
    public func truncate(to length: Int) throws {
        guard ftruncate(descriptor, off_t(length)) == 0 else { throw Self.failure(path, "cannot be truncated", errno) }
    }

    /// Appends `line` and a newline with one `write` at the end of the file
    /// (safe to call from several threads).
    ///
    /// - Throws: `TableLinesError` with the system's reason (a full disk).
    public func append(_ line: Data) throws {
        var bytes = [UInt8](line)
        bytes.append(UInt8(ascii: "\n"))
        lock.lock(); defer { lock.unlock() }
        guard lseek(descriptor, 0, SEEK_END) >= 0 else { throw Self.failure(path, "cannot be written", errno) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Self.failure(path, "cannot be written", errno)
            }
            written += n
        }
        if ContinuousClock.now - lastSync > .seconds(1) {
            try sync()
        }
    }

    /// Appends `value` as one line of compact JSON with sorted keys.
    ///
    /// - Throws: `TableLinesError` when it cannot be encoded or written.
    public func append(json value: some Encodable) throws {
        try append(try Self.encodedLine(value))
    }

    /// Flushes the file to the disk (`fsync`).
    ///
    /// - Throws: `TableLinesError` with the system's reason.
    public func finish() throws {
        lock.lock(); defer { lock.unlock() }
        try sync()
    }

    /// `value` as one line of compact JSON with sorted keys, without the newline.
    ///
    /// - Throws: `TableLinesError` when a value cannot be encoded.
    public static func encodedLine(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(value)
        } catch {
            throw TableLinesError("a line cannot be encoded as JSON (\(error))")
        }
    }

    private func sync() throws {
        guard fsync(descriptor) == 0 else { throw Self.failure(path, "cannot be flushed to disk", errno) }
        lastSync = .now
    }

    private static func failure(_ path: String, _ what: String, _ code: Int32) -> TableLinesError {
        TableLinesError("\(path): \(what) (\(String(cString: strerror(code))))")
    }
}
