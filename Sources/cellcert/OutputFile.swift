import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file a command writes (`--output`, `--plot`, `convert`'s `OUT`):
/// written atomically — a temporary file in the destination's folder, then
/// renamed over the destination — and only over a regular file, so that a
/// failed write leaves the old file (or nothing) and never replaces a
/// directory or a device such as `/dev/null`.
///
/// A destination that is a symbolic link to a regular file is written through
/// the link (the link stays). Errors are one line naming the path, with the
/// system's reason (`strerror`), never Foundation's error domains.
enum OutputFile {
    /// Checks, before any work is done, that `path` can be written: it names
    /// a writable regular file, or nothing in an existing writable folder.
    ///
    /// - Parameter option: how the command names the file (`--output`, `OUT`), for the messages.
    /// - Returns: the path to rename onto (symbolic links resolved).
    /// - Throws: `CommandLineFailure` "PATH: is a directory", "PATH: is a
    ///   device, not a regular file", …, or the system's reason.
    @discardableResult
    static func destination(_ path: String, for option: String) throws -> String {
        guard !path.isEmpty else { throw CommandLineFailure(message: "\(option): the file name is empty") }
        guard !path.hasSuffix("/") else {
            throw CommandLineFailure(message: "\(path): names a directory, not a file (\(option) names the file to write)")
        }
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            guard code == ENOENT else { throw failure(path, "cannot write here", code) }
            var link = stat()
            if lstat(path, &link) == 0 {
                throw CommandLineFailure(message: "\(path): is a symbolic link to a missing file; \(option) will not write through it")
            }
            let folder = folder(of: path)
            var folderInfo = stat()
            guard stat(folder, &folderInfo) == 0 else {
                let code = errno
                if code == ENOENT { throw CommandLineFailure(message: "\(path): the folder \(folder) does not exist") }
                throw failure(path, "the folder \(folder) cannot be used", code)
            }
            guard folderInfo.st_mode & S_IFMT == S_IFDIR else {
                throw CommandLineFailure(message: "\(path): \(folder) is not a directory")
            }
            guard access(folder, W_OK) == 0 else { throw failure(path, "cannot create a file in \(folder)", errno) }
            return path
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            guard access(path, W_OK) == 0 else { throw failure(path, "cannot replace the file", errno) }
            return resolvingLinks(path)
        case S_IFDIR:
            throw CommandLineFailure(message: "\(path): is a directory, not a regular file (\(option) names the file to write)")
        case S_IFCHR, S_IFBLK:
            throw CommandLineFailure(message: "\(path): is a device, not a regular file (\(option) writes regular files only)")
        case S_IFIFO:
            throw CommandLineFailure(message: "\(path): is a FIFO (named pipe), not a regular file (\(option) writes regular files only)")
        case S_IFSOCK:
            throw CommandLineFailure(message: "\(path): is a socket, not a regular file (\(option) writes regular files only)")
        default:
            throw CommandLineFailure(message: "\(path): is not a regular file (\(option) writes regular files only)")
        }
    }

    /// A file written to its temporary name and not yet renamed into place.
    struct Staged {
        /// The temporary file, in the destination's folder.
        let temporaryPath: String
        /// The path renamed onto.
        let destination: String
        /// The path as the user gave it, for messages.
        let displayPath: String

        /// Renames the temporary file over the destination (atomic on one file system).
        ///
        /// - Throws: `CommandLineFailure` naming the path; the temporary file is then removed.
        func commit() throws {
            guard rename(temporaryPath, destination) == 0 else {
                let code = errno
                discard()
                throw OutputFile.failure(displayPath, "cannot replace the file", code)
            }
        }

        /// Removes the temporary file.
        func discard() {
            unlink(temporaryPath)
        }
    }

    /// Writes `contents` to a temporary file beside `path` (checked by
    /// `destination(_:for:)`), synced to disk; `commit()` puts it in place.
    /// A replaced file keeps its permissions; a new one gets `0666` less the umask.
    ///
    /// - Throws: `CommandLineFailure` naming `path`; nothing is left behind.
    static func stage(_ contents: String, at path: String, for option: String) throws -> Staged {
        try stage(bytes: Array(contents.utf8), at: path, for: option)
    }

    /// `stage(_:at:for:)` for bytes (a PDF figure).
    static func stage(bytes contents: [UInt8], at path: String, for option: String) throws -> Staged {
        let target = try destination(path, for: option)
        let folder = folder(of: target)
        let name = (target as NSString).lastPathComponent
        var template = Array("\(folder)/.\(name).cellcert-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw failure(path, "cannot create a temporary file in \(folder)", errno) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var closed = false
        do {
            var existing = stat()
            let mode: mode_t
            if stat(target, &existing) == 0 {
                mode = existing.st_mode & 0o7777
            } else {
                let mask = umask(0)
                umask(mask)
                mode = 0o666 & ~mask
            }
            guard fchmod(descriptor, mode) == 0 else { throw failure(path, "cannot set the permissions", errno) }
            var bytes = contents[...]
            while !bytes.isEmpty {
                let written = bytes.withUnsafeBytes { writeDescriptor(descriptor, $0) }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw failure(path, "cannot write", errno)
                }
                bytes = bytes.dropFirst(written)
            }
            guard fsync(descriptor) == 0 else { throw failure(path, "cannot write", errno) }
            closed = true
            guard close(descriptor) == 0 else { throw failure(path, "cannot write", errno) }
        } catch {
            if !closed { close(descriptor) }
            unlink(temporary)
            throw error
        }
        return Staged(temporaryPath: temporary, destination: target, displayPath: path)
    }

    /// Writes `contents` to `path` atomically (`stage`, then `commit`).
    static func write(_ contents: String, to path: String, for option: String) throws {
        try stage(contents, at: path, for: option).commit()
    }

    /// Refuses outputs that name the same file as each other, or as a file
    /// the command reads (the model, the inputs): the report would replace it.
    ///
    /// - Throws: `CommandLineFailure` naming both.
    static func checkDistinct(outputs: [(option: String, path: String)], inputs: [(what: String, path: String)]) throws {
        let keys = outputs.map { identity(of: $0.path) }
        for i in outputs.indices {
            for j in outputs.indices where j > i && keys[i] == keys[j] {
                throw CommandLineFailure(message: "\(outputs[j].path): \(outputs[i].option) and \(outputs[j].option) name the same file")
            }
            for input in inputs where identity(of: input.path) == keys[i] {
                throw CommandLineFailure(message: "\(outputs[i].path): is the \(input.what) this command reads; \(outputs[i].option) would replace it")
            }
        }
    }

    /// The folder of `path` (`.` for a bare file name).
    private static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// `path` with its symbolic links resolved (itself when that fails).
    private static func resolvingLinks(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// What identifies the file at `path`: its device and inode when it
    /// exists, else its absolute, standardised path.
    private static func identity(of path: String) -> String {
        var info = stat()
        if stat(path, &info) == 0 { return "inode \(info.st_dev):\(info.st_ino)" }
        return "path " + URL(fileURLWithPath: path).standardizedFileURL.path
    }

    fileprivate static func failure(_ path: String, _ what: String, _ code: Int32) -> CommandLineFailure {
        CommandLineFailure(message: "\(path): \(what) (\(String(cString: strerror(code))))")
    }
}
