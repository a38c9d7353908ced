import Foundation
import XCTest
@testable import CellCert

/// The library side of streamed tables: SHA-256, shards, rows read back from
/// their JSON, the file reader's handling of cut and damaged lines, and the lock.
final class TableLinesTests: XCTestCase {
    func testSHA256MatchesTheFIPSExamples() {
        XCTAssertEqual(SHA256.hex(of: Data()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(of: Data("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // Two blocks: the padding crosses a block boundary.
        XCTAssertEqual(SHA256.hex(of: Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testShardsPartitionEverySelectionExactlyOnce() throws {
        for count in 1...7 {
            for n in 1...9 {
                let selection = (0..<count).map { 3 * $0 + 1 }
                let slices = try (1...n).map { try TableShard(index: $0, count: n).slice(selection) }
                XCTAssertEqual(slices.flatMap { $0 }.sorted(), selection, "\(count) inputs, \(n) shards")
                XCTAssertLessThanOrEqual((slices.map(\.count).max() ?? 0) - (slices.map(\.count).min() ?? 0), 1)
            }
        }
        XCTAssertEqual(try TableShard(parsing: "2/3").slice([10, 11, 12, 13, 14]), [11, 14])
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", "-1/2", ""] {
            XCTAssertThrowsError(try TableShard(parsing: bad), bad)
        }
    }

    func testRowsReadBackEqualTheRowsWritten() throws {
        let table = try DatasetFixtures.table(samples: 50)
        let decoder = JSONDecoder()
        for row in table.rows {
            let line = try TableLinesWriter.encodedLine(TableInputLine(row))
            XCTAssertFalse(line.contains(UInt8(ascii: "\n")), "one line")
            XCTAssertEqual(try decoder.decode(TableInputLine.self, from: line).row, row)
        }
        // Infinite lengths (written as null), a threshold head's output unit and an exact infinite R.
        let infinite = DatasetTable.Row(
            index: 4, label: nil, predictedClass: 0, hyperplanes: 0, facets: .init(count: 0, unknown: 0),
            radius: [.l2: .infinity, .linf: 0.5], bounds: [.init(epsilon: 0.1, paper: 1, exactCap: 1, deltaStar: 0.2, suspicious: false)],
            suspicious: false, monteCarlo: nil,
            binding: CertificationReport.Binding(.output, norm: .l2, hiddenLayerCount: 2),
            radiusInDomain: [.l2: .infinity],
            decisionBoundary: .init(status: .exact, distance: .infinity, lower: .infinity, upper: .infinity, witnessClass: nil, seconds: 0.5),
            epsilonStar: .infinity, milliseconds: 1.25)
        decoder.userInfo[.thresholdHead] = true
        let back = try decoder.decode(TableInputLine.self, from: try TableLinesWriter.encodedLine(TableInputLine(infinite))).row
        XCTAssertEqual(back, infinite)
        XCTAssertEqual(back.binding?.readableName, "output")
    }

    func testACutLastLineIsDroppedAndADamagedLineIsAnError() throws {
        let header = try Self.header(selection: [0, 1, 2])
        let rows = try DatasetFixtures.table(samples: nil).rows.prefix(2)
        var text = try Self.lines([header as any Encodable] + rows.map { TableInputLine($0) as any Encodable })
        let complete = text.count
        let file = try TableLinesFile(data: text, path: "t.jsonl")
        XCTAssertEqual(file.rows.count, 2)
        XCTAssertFalse(file.droppedPartialLine)
        text.append(try TableLinesWriter.encodedLine(TableInputLine(rows[rows.startIndex])).prefix(40))
        let cut = try TableLinesFile(data: text, path: "t.jsonl")
        XCTAssertTrue(cut.droppedPartialLine)
        XCTAssertEqual(cut.validLength, complete)
        XCTAssertEqual(cut.rows, file.rows)
        var damaged = text.prefix(complete)
        damaged.append(Data("{\"input\": 2}\n".utf8))
        XCTAssertThrowsError(try TableLinesFile(data: Data(damaged), path: "t.jsonl")) { error in
            XCTAssertTrue(String(describing: error).hasPrefix("t.jsonl: line 4 "), "\(error)")
        }
        var twice = text.prefix(complete)
        twice.append(try Self.lines([TableInputLine(rows[rows.startIndex])]))
        XCTAssertThrowsError(try TableLinesFile(data: Data(twice), path: "t.jsonl")) { error in
            XCTAssertTrue(String(describing: error).contains("a second time"), "\(error)")
        }
        XCTAssertThrowsError(try TableLinesFile(data: Data("{\"a\":1}\n".utf8), path: "t.jsonl"))
        XCTAssertNil(try TableLinesFile(data: Data("{\"format\":\"cell".utf8), path: "t.jsonl").header, "a cut header is no header")
    }

    func testASecondWriterOfTheSameFileIsRefused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lock-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var first: TableLinesWriter? = try TableLinesWriter(path: path)
        XCTAssertThrowsError(try TableLinesWriter(path: path)) { error in
            XCTAssertTrue(String(describing: error).contains("locked"), "\(error)")
        }
        try first?.append(Data("x".utf8))
        first = nil
        XCTAssertEqual(try TableLinesWriter(path: path).contents(), Data("x\n".utf8), "the lock goes with the writer")
    }

    func testOptionDifferencesNameTheOption() throws {
        let a = try Self.header(selection: [0, 1]).options
        var b = a
        XCTAssertEqual(a.differences(from: b), [])
        b.epsilons = [0.25]
        b.reading = ["--scale 255.0"]
        let differences = a.differences(from: b)
        XCTAssertEqual(differences.count, 2, "\(differences)")
        XCTAssertTrue(differences[0].hasPrefix("reading:"), "\(differences)")
        XCTAssertTrue(differences[1].hasPrefix("epsilons: [0.05] vs [0.25]"), "\(differences)")
    }

    static func header(selection: [Int]) throws -> TableLinesHeader {
        let network = try DatasetFixtures.network()
        let request = CertificationRequest(norms: Norm.allCases, facets: false, robustness: RobustnessRequest(epsilons: [0.05]), threads: 1)
        let options = TableRunOptions(modelSHA256: "m", inputsSHA256: "i", labelsSHA256: nil, reading: ["--scale 1.0"],
                                      selection: selection, request: request, domainSource: "model")
        return TableLinesHeader(options: options, model: .init(network: network, path: "net.json", format: "json"),
                                settings: .init(request: request, source: "x.csv", domainSource: "model", inputCount: selection.count),
                                shard: .whole)
    }

    static func lines(_ values: [any Encodable]) throws -> Data {
        var data = Data()
        for value in values {
            data.append(try TableLinesWriter.encodedLine(value))
            data.append(UInt8(ascii: "\n"))
        }
        return data
    }
}
