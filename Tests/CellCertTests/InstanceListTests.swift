import Foundation
import XCTest
@testable import CellCert

/// The library side of `cellcert verify --instances`: VNN-COMP instance lists
/// read and refused line by line, shards that cover a list exactly once,
/// result lines read back, and the merge's checks.
final class InstanceListTests: XCTestCase {
    func testAListReadsItsLinesWithPathsRelativeToItsFolder() throws {
        let text = "onnx/a.onnx,vnnlib/p1.vnnlib,116\r\n\n  /abs/b.onnx , p2.vnnlib , 2.5 \r\nonnx/a.onnx,vnnlib/p1.vnnlib,1e3\n"
        let list = try InstanceList(text: text, path: "bench/instances.csv")
        XCTAssertEqual(list.instances, [
            VerificationInstance(index: 0, onnx: "onnx/a.onnx", vnnlib: "vnnlib/p1.vnnlib", timeout: 116),
            VerificationInstance(index: 1, onnx: "/abs/b.onnx", vnnlib: "p2.vnnlib", timeout: 2.5),
            VerificationInstance(index: 2, onnx: "onnx/a.onnx", vnnlib: "vnnlib/p1.vnnlib", timeout: 1000),
        ])
        XCTAssertEqual(list.lines, [1, 3, 4], "blank lines are skipped, not counted as instances")
        XCTAssertEqual(list.location(of: "onnx/a.onnx"), "bench/onnx/a.onnx")
        XCTAssertEqual(list.location(of: "/abs/b.onnx"), "/abs/b.onnx")
        XCTAssertEqual(try InstanceList(text: "a.onnx,p.vnnlib,1\n", path: "instances.csv").location(of: "a.onnx"), "a.onnx")
        XCTAssertEqual(list.files, ["onnx/a.onnx", "vnnlib/p1.vnnlib", "/abs/b.onnx", "p2.vnnlib"], "each file once, in order")
        XCTAssertEqual(list.instances[1].limit(cappedAt: 1), 1)
        XCTAssertEqual(list.instances[1].limit(cappedAt: 10), 2.5)
        XCTAssertEqual(list.instances[1].limit(cappedAt: nil), 2.5)
        // Comment lines and columns after the third (an expected answer, a note) are skipped.
        let annotated = try InstanceList(text: "# onnx,vnnlib,timeout,expected\na.onnx,p.vnnlib,300,unsat,from the 2021 results\n",
                                         path: "l.csv")
        XCTAssertEqual(annotated.instances, [VerificationInstance(index: 0, onnx: "a.onnx", vnnlib: "p.vnnlib", timeout: 300)])
        XCTAssertEqual(annotated.lines, [2])
    }

    func testABadLineIsAnErrorNamingTheListAndTheLine() {
        let cases: [(String, String)] = [
            ("a.onnx,p.vnnlib\n", "l.csv:1: expected 3 fields"),
            ("a.onnx,p.vnnlib,1\na.onnx\n", "l.csv:2: expected 3 fields"),
            ("\n,p.vnnlib,1\n", "l.csv:2: the onnx path is empty"),
            ("a.onnx, ,1\n", "l.csv:1: the vnnlib path is empty"),
            ("a.onnx,p.vnnlib,timeout\n", "l.csv:1: the timeout 'timeout' is not a positive number"),
            ("a.onnx,p.vnnlib,0\n", "l.csv:1: the timeout '0' is not a positive number"),
            ("a.onnx,p.vnnlib,-5\n", "l.csv:1: the timeout '-5' is not"),
            ("a.onnx,p.vnnlib,nan\n", "l.csv:1: the timeout 'nan' is not"),
            ("a.onnx,p.vnnlib,inf\n", "l.csv:1: the timeout 'inf' is not"),
            ("a.onnx,p.vnnlib,2e9\n", "l.csv:1: the timeout 2e9 is above the limit"),
            ("\n \n", "l.csv: has no instances"),
            ("a.onnx,p\u{0}.vnnlib,1\n", "l.csv:1: column 9: control character U+0000"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try InstanceList(text: text, path: "l.csv"), text) { error in
                let message = String(describing: error)
                XCTAssertTrue(message.hasPrefix(expected), "\(message) does not start with \(expected)")
                XCTAssertFalse(message.contains("\n"), "one line")
            }
        }
        XCTAssertThrowsError(try InstanceList(path: "/nonexistent/instances.csv")) {
            XCTAssertEqual(String(describing: $0), "/nonexistent/instances.csv: no such file")
        }
    }

    func testMissingAndCompressedFilesAreRefusedBeforeAnyInstanceRuns() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("instances-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = packageRoot.appendingPathComponent("Fixtures/trained/digits.onnx").path
        try Data("(declare-const X_0 Real)\n".utf8).write(to: folder.appendingPathComponent("p.vnnlib"))
        // A gzip file's magic number, whatever its name says.
        try Data([0x1F, 0x8B, 8, 0]).write(to: folder.appendingPathComponent("packed.vnnlib"))
        let listPath = folder.appendingPathComponent("instances.csv").path
        let ok = try InstanceList(text: "\(model),p.vnnlib,10\n", path: listPath)
        XCTAssertNoThrow(try ok.checkFiles())
        XCTAssertEqual(try ok.fileDigests().map(\.sha256), [try SHA256.hex(ofFile: model),
                                                            SHA256.hex(of: Data("(declare-const X_0 Real)\n".utf8))])
        let cases: [(String, [String])] = [
            ("\(model),p.vnnlib,10\n\(model),missing.vnnlib,10\n", ["missing.vnnlib: no such file", "instances.csv:2"]),
            ("\(model),packed.vnnlib,10\n", ["packed.vnnlib: is gzip-compressed", "gunzip -k"]),
            ("\(model),p.vnnlib.gz,10\n", ["p.vnnlib.gz: no such file"]),
            ("\(model),.,10\n", ["is a directory"]),
        ]
        for (text, fragments) in cases {
            let list = try InstanceList(text: text, path: listPath)
            XCTAssertThrowsError(try list.checkFiles(), text) { error in
                for fragment in fragments { XCTAssertTrue("\(error)".contains(fragment), "\(error) lacks \(fragment)") }
            }
        }
        try Data([0x28]).write(to: folder.appendingPathComponent("p.vnnlib.gz"))
        XCTAssertThrowsError(try InstanceList(text: "\(model),p.vnnlib.gz,10\n", path: listPath).checkFiles()) {
            XCTAssertTrue("\($0)".contains("is gzip-compressed"), "a .gz name is refused too: \($0)")
        }
    }

    func testNShardsCoverEveryInstanceExactlyOnce() throws {
        var checked = 0
        for count in 1...9 {
            let text = (0..<count).map { "m\($0 % 3).onnx,p\($0).vnnlib,\($0 + 1)" }.joined(separator: "\n")
            let list = try InstanceList(text: text, path: "l.csv")
            let options = InstanceRunOptions(tool: "t", listSHA256: "l", files: [], timeoutCap: nil)
            for n in 1...6 {
                let headers = try (1...n).map { InstanceLinesHeader(options: options, list: "l.csv", instances: list.instances,
                                                                    shard: try TableShard(index: $0, count: n)) }
                let all = headers.flatMap(\.indices)
                XCTAssertEqual(all.sorted(), Array(0..<count), "\(count) instances, \(n) shards: each exactly once")
                XCTAssertEqual(headers.map(\.instanceCount).reduce(0, +), count)
                XCTAssertNoThrow(try TableShard.checkCover(headers.enumerated().map { ("s\($0.offset)", $0.element.shard) }))
                checked += 1
            }
        }
        XCTAssertEqual(checked, 54, "every list length and shard count was checked")
        let three = try (1...3).map { try TableShard(index: $0, count: 3) }
        XCTAssertThrowsError(try TableShard.checkCover([("a", three[0]), ("b", three[2])])) {
            XCTAssertTrue("\($0)".contains("shard 2/3 missing"), "\($0)")
        }
        XCTAssertThrowsError(try TableShard.checkCover([("a", three[0]), ("b", three[0]), ("c", three[1]), ("d", three[2])])) {
            XCTAssertTrue("\($0)".contains("b: shard 1/3 is also a"), "\($0)")
        }
        XCTAssertThrowsError(try TableShard.checkCover([("a", three[0]), ("b", try TableShard(index: 2, count: 2))])) {
            XCTAssertTrue("\($0)".contains("b: is shard 2/2 but a is shard 1/3"), "\($0)")
        }
    }

    func testResultLinesReadBackEqualTheResultsWritten() throws {
        let instance = VerificationInstance(index: 3, onnx: "a.onnx", vnnlib: "p.vnnlib", timeout: 60)
        let results = [
            InstanceResult(instance, result: .sat, seconds: 0.25, timeout: 60,
                           counterexample: Counterexample(input: [0.1, -2.5e-07, 1e300], output: [3, -0.0])),
            InstanceResult(instance, result: .unsat, seconds: 1, timeout: 30),
            InstanceResult(instance, result: .error, seconds: 0, timeout: 60, note: "p.vnnlib: the property declares 2 inputs, the network takes 4"),
        ]
        for result in results {
            let line = try TableLinesWriter.encodedLine(result)
            XCTAssertFalse(line.contains(UInt8(ascii: "\n")), "one line")
            XCTAssertEqual(try JSONDecoder().decode(InstanceResult.self, from: line), result)
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: line) as? [String: Any])
            XCTAssertEqual(object["counterexample"] != nil, result.result == .sat, "a counterexample only for sat")
            XCTAssertEqual(object["note"] != nil, result.note != nil, "no null keys")
        }
    }

    /// A header of `count` instances and the lines of `results` after it.
    static func file(count: Int, shard: TableShard = .whole, results: [Int],
                     timeoutCap: Double? = nil) throws -> (header: InstanceLinesHeader, data: Data) {
        let instances = (0..<count).map { VerificationInstance(index: $0, onnx: "m.onnx", vnnlib: "p\($0).vnnlib", timeout: 10) }
        let options = InstanceRunOptions(tool: ToolVersion.string, listSHA256: "l",
                                         files: [.init(path: "m.onnx", sha256: "m")], timeoutCap: timeoutCap)
        let header = InstanceLinesHeader(options: options, list: "l.csv", instances: instances, shard: shard)
        var data = try TableLinesWriter.encodedLine(header) + Data("\n".utf8)
        for index in results {
            data += try TableLinesWriter.encodedLine(InstanceResult(instances[index], result: .unsat, seconds: 0.5, timeout: 10))
            data += Data("\n".utf8)
        }
        return (header, data)
    }

    func testACutLastLineIsDroppedAndADamagedOrForeignLineIsAnError() throws {
        let (header, complete) = try Self.file(count: 4, results: [2, 0])
        let file = try InstanceLinesFile(data: complete, path: "r.jsonl")
        XCTAssertEqual(file.header, header)
        XCTAssertEqual(file.results.map(\.index), [2, 0])
        XCTAssertFalse(file.droppedPartialLine)
        let cut = try InstanceLinesFile(data: complete + Data("{\"index\":1,\"onn".utf8), path: "r.jsonl")
        XCTAssertTrue(cut.droppedPartialLine)
        XCTAssertEqual(cut.validLength, complete.count)
        XCTAssertEqual(cut.results, file.results)
        XCTAssertNil(try InstanceLinesFile(data: Data("{\"format\":\"cell".utf8), path: "r.jsonl").header, "a cut header is no header")
        let bad: [(Data, String)] = [
            (complete + Data("{\"index\": 1}\n".utf8), "r.jsonl: line 4 is not a result line"),
            (try Self.file(count: 4, results: [2, 0, 2]).data, "r.jsonl: line 4 holds instance 2 a second time"),
            (try Self.file(count: 4, shard: try TableShard(index: 2, count: 2), results: [1, 2]).data,
             "r.jsonl: line 3 holds instance 2, which is not in shard 2/2"),
            (Data(String(decoding: complete, as: UTF8.self)
                .replacingOccurrences(of: "\"seconds\":0.5,\"timeout\":10,\"vnnlib\":\"p2.vnnlib\"",
                                      with: "\"seconds\":0.5,\"timeout\":10,\"vnnlib\":\"other.vnnlib\"").utf8),
             "r.jsonl: line 2 holds instance 2 with other files than the header's list"),
            (Data("{\"a\":1}\n".utf8), "r.jsonl: line 1 is not the header of a cellcert verify run"),
            (Data("{\"format\":\"cellcert-verify-lines\",\"version\":2}\n".utf8), "version 2 by a newer cellcert"),
            (Data("{\"format\":\"cellcert-table-lines\",\"version\":1}\n".utf8), "holds a table of `cellcert table`"),
        ]
        for (data, expected) in bad {
            XCTAssertThrowsError(try InstanceLinesFile(data: data, path: "r.jsonl"), expected) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error) lacks \(expected)")
            }
        }
        XCTAssertThrowsError(try TableLinesFile(data: complete, path: "r.jsonl")) {
            XCTAssertTrue("\($0)".contains("r.jsonl: its header names the format 'cellcert-verify-lines', not a table"), "\($0)")
        }
    }

    func testMergeChecksOptionsShardsAndInstancesAndKeepsListOrder() throws {
        let halves = try (1...2).map { try TableShard(index: $0, count: 2) }
        let first = try InstanceLinesFile(data: try Self.file(count: 5, shard: halves[0], results: [4, 0, 2]).data, path: "a.jsonl")
        let second = try InstanceLinesFile(data: try Self.file(count: 5, shard: halves[1], results: [3, 1]).data, path: "b.jsonl")
        let table = try InstanceTable.merging([("b.jsonl", second), ("a.jsonl", first)])
        XCTAssertEqual(table.results.map(\.index), [0, 1, 2, 3, 4])
        XCTAssertEqual(table.count(of: .unsat), 5)
        XCTAssertEqual(table.totalSeconds, 2.5)
        XCTAssertThrowsError(try InstanceTable.merging([("a.jsonl", first)])) {
            XCTAssertTrue("\($0)".contains("shard 2/2 missing"), "\($0)")
        }
        let partial = try InstanceLinesFile(data: try Self.file(count: 5, shard: halves[1], results: [3]).data, path: "b.jsonl")
        XCTAssertThrowsError(try InstanceTable.merging([("a.jsonl", first), ("b.jsonl", partial)])) {
            XCTAssertTrue("\($0)".contains("merge: 1 of 5 instances are not done yet (instances 1); resume b.jsonl"), "\($0)")
        }
        let whole = try InstanceLinesFile(data: try Self.file(count: 5, results: [0, 1, 2, 3, 4]).data, path: "w.jsonl")
        XCTAssertThrowsError(try InstanceTable.merging([("a.jsonl", first), ("w.jsonl", whole)])) {
            XCTAssertTrue("\($0)".contains("w.jsonl: is shard 1/1 but a.jsonl is shard 1/2"), "\($0)")
        }
        let capped = try InstanceLinesFile(data: try Self.file(count: 5, shard: halves[1], results: [3, 1], timeoutCap: 7).data,
                                           path: "c.jsonl")
        XCTAssertThrowsError(try InstanceTable.merging([("a.jsonl", first), ("c.jsonl", capped)])) {
            XCTAssertTrue("\($0)".contains("c.jsonl: ran another instance list or other options than a.jsonl (--timeout: 7.0 vs none)"), "\($0)")
        }
    }

    func testOptionDifferencesNameWhatChanged() {
        let a = InstanceRunOptions(tool: "1", listSHA256: "aaaa", files: [.init(path: "m.onnx", sha256: "1"), .init(path: "p.vnnlib", sha256: "2")],
                                   timeoutCap: nil)
        XCTAssertEqual(a.differences(from: a), [])
        var b = a
        b.files[1] = .init(path: "p.vnnlib", sha256: "3")
        XCTAssertEqual(a.differences(from: b), ["file contents (SHA-256): p.vnnlib"])
        b = a
        b.listSHA256 = "bbbb"
        b.timeoutCap = 5
        XCTAssertEqual(a.differences(from: b), ["instance list: SHA-256 aaaa… vs bbbb…", "--timeout: none vs 5.0"])
    }
}
