import Foundation
import XCTest

/// Issue 14 §5: the documentation stands alone in a fresh clone. Every relative
/// link of `Docs/`, the README and the module READMEs names a file inside the
/// repository that exists, and no page points at the theory note that lived
/// outside it.
final class DocsLinkTests: XCTestCase {
    /// The Markdown pages a reader of a clone opens.
    func pages() throws -> [URL] {
        let files = FileManager.default
        let docs = try files.contentsOfDirectory(at: packageRoot.appendingPathComponent("Docs"), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "md" }
        let modules = try files.contentsOfDirectory(at: packageRoot.appendingPathComponent("Sources"), includingPropertiesForKeys: nil)
            .map { $0.appendingPathComponent("README.md") }.filter { files.fileExists(atPath: $0.path) }
        return docs + modules + [packageRoot.appendingPathComponent("README.md")]
    }

    /// The targets of the inline links `[text](target)` of a Markdown text.
    static func linkTargets(_ text: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"\]\(([^)\s]+)(?:\s+"[^"]*")?\)"#)
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    func testLinkTargetsAreFound() {
        XCTAssertEqual(Self.linkTargets("see [a](x.md) and [b](../y.md#z \"t\") and [c](https://e.org/p)"),
                       ["x.md", "../y.md#z", "https://e.org/p"])
    }

    func testDocsLinkOnlyToFilesInsideTheRepository() throws {
        let root = packageRoot.standardizedFileURL.path
        var checked = 0
        for page in try pages() {
            let text = try String(contentsOf: page, encoding: .utf8)
            let name = page.path.replacingOccurrences(of: root + "/", with: "")
            XCTAssertFalse(text.contains("THEORY.md"), "\(name) names the theory note outside the repository; link Docs/theory.md")
            XCTAssertFalse(text.contains("](../shared") || text.contains("](/work/"), "\(name) links outside the repository")
            for target in Self.linkTargets(text) {
                if target.hasPrefix("http://") || target.hasPrefix("https://") || target.hasPrefix("mailto:") || target.hasPrefix("#") {
                    continue
                }
                let path = String(target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0])
                let resolved = page.deletingLastPathComponent().appendingPathComponent(path).standardizedFileURL.path
                XCTAssertTrue(resolved == root || resolved.hasPrefix(root + "/"), "\(name): '\(target)' leaves the repository")
                XCTAssertTrue(FileManager.default.fileExists(atPath: resolved), "\(name): '\(target)' does not exist")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 10, "not vacuous: the pages have relative links")
    }

    func testTheoryPageCitesThePaperAndStatesTheBounds() throws {
        let theory = try String(contentsOf: packageRoot.appendingPathComponent("Docs/theory.md"), encoding: .utf8)
        for needle in ["arXiv:2602.18674", "Kůrková", "Theorem 4.2", "Corollary 3.2", "Theorem 3.1", "δ*(η)", "ε*(η)",
                       "A_d(t)", "Clopper–Pearson", "R_p(x)", "r_p^D(x)", "extension"] {
            XCTAssertTrue(theory.contains(needle), "Docs/theory.md lacks \(needle)")
        }
    }
}
