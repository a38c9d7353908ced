import Foundation
import XCTest

/// The project's root folder, derived from this file's path (Tests/CellCertTests/Support/…).
let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// `../shared/nets` beside the project, or an `XCTSkip` that says it is missing.
func sharedNetsDirectory(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
    let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/nets")
    guard FileManager.default.fileExists(atPath: url.path) else {
        throw XCTSkip("skipped: \(url.path) is missing (the real networks live in ../shared/nets beside the project)")
    }
    return url
}
