import Foundation
import XCTest
@testable import CellCert

/// `cellcert verify --instances` end to end: every instance of a VNN-COMP list
/// answered (each sat with a real counterexample), merged shards equal to the
/// unsharded table apart from the times, `--resume` refusing foreign files,
/// instances that cannot run answered `error` while the others run, and
/// one-line errors for bad lists.
final class VerifyInstancesCommandTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cellcert-instances-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The fixture list: 32 robustness queries on two models, paths relative to its folder.
    static let list = "Fixtures/instances/instances.csv"
    static let instanceCount = 32

    /// Runs `arguments`, expecting status 0; returns standard error.
    @discardableResult
    func runOK(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try CommandLineRunner.run(arguments)
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        return result.stderr
    }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// The results of a `--format json` table written to `path`.
    func jsonResults(_ path: String) throws -> [InstanceResult] {
        struct Table: Decodable { let results: [InstanceResult] }
        return try JSONDecoder().decode(Table.self, from: Data(contentsOf: URL(fileURLWithPath: path))).results
    }

    func testEveryInstanceIsAnsweredAndEverySatIsACounterexampleOfItsProperty() throws {
        try runOK(["verify", "--instances", Self.list, "--threads", "1", "--format", "json", "--output", path("direct.json")])
        let results = try jsonResults(path("direct.json"))
        XCTAssertEqual(results.map(\.index), Array(0..<Self.instanceCount))
        let list = try InstanceList(path: packageRoot.appendingPathComponent(Self.list).path)
        var checked = 0
        for (result, instance) in zip(results, list.instances) {
            XCTAssertEqual(result.onnx, instance.onnx)
            XCTAssertEqual(result.vnnlib, instance.vnnlib)
            XCTAssertEqual(result.timeout, 60)
            XCTAssertTrue([.sat, .unsat].contains(result.result), "instance \(result.index): \(result.result) \(result.note ?? "")")
            guard result.result == .sat else {
                XCTAssertNil(result.counterexample)
                continue
            }
            let counterexample = try XCTUnwrap(result.counterexample, "instance \(result.index)")
            let property = try VNNLib.read(contentsOf: URL(fileURLWithPath: list.location(of: instance.vnnlib)))
            let outputs: [Double]
            switch try ModelLoader.loadAny(path: list.location(of: instance.onnx)) {
            case .dense(let network): outputs = network.outputs(counterexample.input)
            case .graph(let network): outputs = network.outputs(counterexample.input)
            }
            XCTAssertEqual(outputs, counterexample.output, "instance \(result.index): the recorded outputs are the model's")
            XCTAssertTrue(property.isCounterexample(input: counterexample.input, output: outputs), "instance \(result.index)")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 0, "some counterexample was checked (not vacuous)")
        XCTAssertGreaterThan(results.count { $0.result == .unsat }, 0, "both answers occur")
    }

    /// `text` without the `seconds` column (the last of `headers`' `seconds`) and the `time:` line.
    func withoutTimes(_ text: String, separator: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let split = { (line: String) in
            (separator == " " ? line.split(separator: " ").map(String.init) : line.components(separatedBy: separator))
                .map { $0.trimmingCharacters(in: .whitespaces) }
        }
        guard let headers = lines.map(split).first(where: { $0.contains("index") }), let seconds = headers.firstIndex(of: "seconds") else {
            XCTFail("no header line with a seconds column in \(text)")
            return text
        }
        return lines.filter { !$0.hasPrefix("time: ") }.map { line in
            var fields = split(line)
            guard fields.count == headers.count || fields.count == headers.count + 1 else { return line }
            fields.remove(at: seconds)
            return fields.joined(separator: "|")
        }.joined(separator: "\n")
    }

    func testMergedShardsRenderTheUnshardedTableApartFromTimes() throws {
        let common = ["verify", "--instances", Self.list, "--threads", "2"]
        try runOK(common + ["--format", "csv", "--output", path("direct.csv")])
        try runOK(common + ["--format", "text", "--output", path("direct.txt")])
        let note = try runOK(common + ["--output", path("all.jsonl")])
        XCTAssertTrue(note.contains("32 of 32 instances of shard 1/1 done"), note)
        for k in 1...3 { try runOK(common + ["--output", path("shard-\(k).jsonl"), "--shard", "\(k)/3", "--resume"]) }
        let shards = [3, 1, 2].map { path("shard-\($0).jsonl") }
        for (format, separator) in [("csv", ","), ("text", " "), ("markdown", "|")] {
            try runOK(["merge", path("all.jsonl"), "--format", format, "--output", path("one.\(format)")])
            try runOK(["merge"] + shards + ["--format", format, "--output", path("three.\(format)")])
            let one = try read(path("one.\(format)")), three = try read(path("three.\(format)"))
            XCTAssertEqual(one.split(separator: "\n").count, three.split(separator: "\n").count, format)
            XCTAssertEqual(withoutTimes(one, separator: separator), withoutTimes(three, separator: separator), format)
            XCTAssertNotEqual(withoutTimes(one, separator: separator), "", format)
            if format == "csv" || format == "text" {
                let direct = try read(path("direct.\(format == "csv" ? "csv" : "txt")"))
                XCTAssertEqual(withoutTimes(direct, separator: separator), withoutTimes(three, separator: separator), format)
            }
        }
        XCTAssertTrue(try read(path("three.text")).contains("results: 16 sat, 16 unsat, 0 timeout, 0 unknown, 0 error"))
        try runOK(["merge", path("all.jsonl"), "--format", "json", "--output", path("one.json")])
        try runOK(["merge"] + shards + ["--format", "json", "--output", path("three.json")])
        let zeroed = { (results: [InstanceResult]) in results.map { var r = $0; r.seconds = 0; return r } }
        XCTAssertEqual(zeroed(try jsonResults(path("one.json"))), zeroed(try jsonResults(path("three.json"))))
        XCTAssertEqual(try jsonResults(path("three.json")).count, Self.instanceCount)

        let lines = try read(path("shard-2.jsonl")).split(separator: "\n")
        XCTAssertEqual(lines.count, 1 + 11, "shard 2/3 of 32 instances: 1, 4, …, 31")
        let header = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        XCTAssertEqual(header["format"] as? String, "cellcert-verify-lines")
        XCTAssertEqual(header["version"] as? Int, 1)
        XCTAssertEqual(header["instanceCount"] as? Int, 11)
        XCTAssertEqual((header["instances"] as? [Any])?.count, Self.instanceCount)
        let options = try XCTUnwrap(header["options"] as? [String: Any])
        XCTAssertEqual(options["tool"] as? String, ToolVersion.string)
        XCTAssertEqual(options["listSHA256"] as? String, try SHA256.hex(ofFile: packageRoot.appendingPathComponent(Self.list).path))
        let files = try XCTUnwrap(options["files"] as? [[String: String]])
        XCTAssertEqual(files.count, 2 + Self.instanceCount, "two models and every property")
        XCTAssertEqual(files.first?["path"], "../example-net.nnet")
        XCTAssertEqual(files.first?["sha256"], try SHA256.hex(ofFile: packageRoot.appendingPathComponent("Fixtures/example-net.nnet").path))
        let line = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        XCTAssertEqual(Set(line.keys).subtracting(["counterexample", "note"]), ["index", "onnx", "vnnlib", "result", "seconds", "timeout"])
    }

    func testResumeRefusesAnotherListOrOptionsAndMergeReportsMissingInstances() throws {
        let common = ["verify", "--instances", Self.list, "--threads", "1"]
        let file = path("r.jsonl")
        try runOK(common + ["--output", file, "--shard", "1/2"])
        try CommandLineRunner.assertOneLineError(common + ["--output", file, "--shard", "1/2"], mentions: [file, "--resume"])
        try CommandLineRunner.assertOneLineError(common + ["--output", file, "--shard", "1/2", "--resume", "--timeout", "30"],
                                                 mentions: [file, "other options", "--timeout: 30.0 vs none"])
        try CommandLineRunner.assertOneLineError(common + ["--output", file, "--shard", "2/2", "--resume"], mentions: [file, "shard 1/2"])
        let list = try read(packageRoot.appendingPathComponent(Self.list).path)
        let folder = packageRoot.appendingPathComponent("Fixtures/instances").path
        let absolute = list.split(separator: "\n").map { line in line.split(separator: ",").enumerated()
            .map { $0.offset < 2 ? folder + "/" + $0.element : String($0.element) }.joined(separator: ",") }
        try absolute.joined(separator: "\n").write(toFile: path("other.csv"), atomically: true, encoding: .utf8)
        try CommandLineRunner.assertOneLineError(["verify", "--instances", path("other.csv"), "--output", file, "--shard", "1/2", "--resume"],
                                                 mentions: [file, "another instance list", "instance list: SHA-256"])
        try CommandLineRunner.assertOneLineError(["merge", file], mentions: ["shard 2/2 missing"])
        // Shard 2 cut after its header and one line: merge names the instances that are not done.
        try runOK(common + ["--output", path("s2.jsonl"), "--shard", "2/2"])
        let s2 = try read(path("s2.jsonl"))
        try (s2.split(separator: "\n").prefix(2).joined(separator: "\n") + "\n").write(toFile: path("s2.jsonl"), atomically: true, encoding: .utf8)
        try CommandLineRunner.assertOneLineError(["merge", file, path("s2.jsonl")],
                                                 mentions: ["15 of 32 instances are not done yet", path("s2.jsonl"), "--resume"])
        // The other kind of file: refused by `table --resume`, and by merge beside a verify file.
        let table = ["table", DatasetFixtures.modelPath, "--inputs", DatasetFixtures.inputsPath, "--label-column", "first"]
        try CommandLineRunner.assertOneLineError(table + ["--output", file, "--resume"], mentions: [file, "'cellcert-verify-lines', not a table"])
        try runOK(table + ["--norm", "l2", "--output", path("t.jsonl")])
        try CommandLineRunner.assertOneLineError(["merge", file, path("t.jsonl")], mentions: [path("t.jsonl"), "holds a table"])
        try CommandLineRunner.assertOneLineError(common + ["--output", path("t.jsonl"), "--resume"],
                                                 mentions: [path("t.jsonl"), "holds a table"])
        try CommandLineRunner.assertOneLineError(["merge", file, "--format", "latex"], mentions: ["--format latex", "verify results"])
        try CommandLineRunner.assertOneLineError(["merge", file, "--plot", path("f.svg")], mentions: ["--plot", "verify results"])
    }

    func testAnInstanceThatCannotRunIsAnErrorAndTheOthersStillRun() throws {
        let fixtures = packageRoot.appendingPathComponent("Fixtures").path
        try Data("not a model".utf8).write(to: directory.appendingPathComponent("broken.onnx"))
        let lines = [
            "\(fixtures)/example-net.nnet,\(fixtures)/instances/vnnlib/example_0_eps_2.0.vnnlib,60",
            "\(fixtures)/trained/digits.onnx,\(fixtures)/instances/vnnlib/example_0_eps_2.0.vnnlib,60",
            "broken.onnx,\(fixtures)/instances/vnnlib/example_0_eps_0.02.vnnlib,60",
            "\(fixtures)/example-net.nnet,\(fixtures)/instances/vnnlib/example_0_eps_0.02.vnnlib,60",
        ]
        try (lines.joined(separator: "\n") + "\n").write(toFile: path("errors.csv"), atomically: true, encoding: .utf8)
        for output in ["errors.txt", "errors.jsonl"] {
            let result = try CommandLineRunner.run(["verify", "--instances", path("errors.csv"), "--output", path(output)])
            XCTAssertEqual(result.status, 1, result.stderr)
            let errorLines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("cellcert: error:") }
            XCTAssertEqual(errorLines.count, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains("errors.csv: 2 of 4 instances could not be run and are answered error (instance 1: "),
                          result.stderr)
            XCTAssertTrue(result.stderr.contains("the property declares 4 inputs, the network takes 64"), result.stderr)
        }
        let text = try read(path("errors.txt"))
        XCTAssertTrue(text.contains("results: 1 sat, 1 unsat, 0 timeout, 0 unknown, 2 error"), text)
        XCTAssertTrue(text.contains("  2 (error): " + path("broken.onnx")), text)
        let file = try InstanceLinesFile(path: path("errors.jsonl"))
        XCTAssertEqual(file.results.map(\.result), [.sat, .error, .error, .unsat])
        // A finished file resumed, and its merge, fail the same way: the status does not depend on interruptions.
        let resumed = try CommandLineRunner.run(["verify", "--instances", path("errors.csv"), "--output", path("errors.jsonl"), "--resume"])
        XCTAssertEqual(resumed.status, 1, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("(0 run now, 4 kept from the file)"), resumed.stderr)
        let merged = try CommandLineRunner.run(["merge", path("errors.jsonl"), "--format", "csv", "--output", path("merged.csv")])
        XCTAssertEqual(merged.status, 1, merged.stderr)
        XCTAssertTrue(merged.stderr.contains("2 of 4 instances could not be run"), merged.stderr)
        XCTAssertEqual(try read(path("merged.csv")).split(separator: "\n").count, 5, "the table is written before the failure")
        // --timeout caps each instance's own 60 s.
        let capped = try CommandLineRunner.run(["verify", "--instances", path("errors.csv"), "--timeout", "30", "--format", "json",
                                                "--output", path("capped.json")])
        XCTAssertEqual(capped.status, 1, capped.stderr)
        XCTAssertEqual(try jsonResults(path("capped.json")).map(\.timeout), [30, 30, 30, 30])
    }

    func testABadListOrOptionIsAOneLineError() throws {
        let model = packageRoot.appendingPathComponent("Fixtures/example-net.nnet").path
        let property = packageRoot.appendingPathComponent("Fixtures/instances/vnnlib/example_0_eps_2.0.vnnlib").path
        let cases: [(String, [String])] = [
            ("\(model),\(property)\n", ["bad.csv:1: expected 3 fields onnx,vnnlib,timeout"]),
            ("\(model),\(property),60\n\(model),\(property),soon\n", ["bad.csv:2: the timeout 'soon' is not a positive number"]),
            ("\(model),missing.vnnlib,60\n", [path("missing.vnnlib") + ": no such file", "bad.csv:1"]),
            ("\(model),\(property).gz,60\n", [property + ".gz: no such file"]),
            ("", ["bad.csv: has no instances"]),
        ]
        for (text, fragments) in cases {
            try text.write(toFile: path("bad.csv"), atomically: true, encoding: .utf8)
            try CommandLineRunner.assertOneLineError(["verify", "--instances", path("bad.csv"), "--output", path("out.jsonl")],
                                                     mentions: fragments)
            XCTAssertFalse(FileManager.default.fileExists(atPath: path("out.jsonl")), "nothing written for a bad list")
        }
        try CommandLineRunner.assertOneLineError(["verify", "--instances", path("none.csv")], mentions: [path("none.csv"), "no such file"])
        try "\(model),\(property),60\n".write(toFile: path("good.csv"), atomically: true, encoding: .utf8)
        try CommandLineRunner.assertOneLineError(["verify", "--instances", path("good.csv"), "--output", path("good.csv")],
                                                 mentions: [path("good.csv"), "instance list"])
        let usage: [([String], String)] = [
            (["verify", "--instances", path("good.csv"), model], "not both"),
            (["verify", model], "verify needs MODEL and PROPERTY.vnnlib"),
            (["verify", "--instances", path("good.csv"), "--resume"], "--resume needs --output FILE.jsonl"),
            (["verify", "--instances", path("good.csv"), "--shard", "4/3", "--output", path("o.jsonl")], "--shard must be K/N"),
            (["verify", "--instances", path("good.csv"), "--format", "csv", "--output", path("o.jsonl")], "cellcert merge"),
            (["verify", "--instances", path("good.csv"), "--timeout", "-1"], "--timeout must be a positive number"),
            (["verify", "--instances", path("good.csv"), "--decision", "argmax"], "--decision"),
            (["verify", model, property, "--format", "csv"], "--format csv renders the table of --instances"),
            (["verify", model, property, "--shard", "1/2"], "--shard needs --instances"),
        ]
        for (arguments, fragment) in usage {
            let result = try CommandLineRunner.run(arguments)
            XCTAssertEqual(result.status, 64, "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains(fragment), "\(fragment) missing from \(result.stderr)")
        }
    }
}
