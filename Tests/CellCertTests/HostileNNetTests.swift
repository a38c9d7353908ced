import CellCert
import Foundation
import XCTest

/// `.nnet` headers that claim huge sizes are refused before anything is
/// read or allocated, naming the limit.
final class HostileNNetTests: HostileFileTestCase {
    private let limit = "268435456 (2^28) parameters"

    func testALayerCountOfIntMaxIsRefusedInsteadOfOverflowing() throws {
        let url = try write("max.nnet", "\(Int.max),2,1,2,\n2,1,\n")
        let message = assertRefused(url, mentioning: [limit]) { try NNetFormat.read(contentsOf: url) }
        XCTAssertEqual(message, "\(url.relativePath):1: \(Int.max) layers exceed the limit of \(limit)")
    }

    func testALayerCountOfTenToTheTwelveIsRefusedOnTheHeaderLine() throws {
        let url = try write("many.nnet", "1000000000000,2,1,2,\n2,1,\n")
        assertRefused(url, mentioning: [":1: 1000000000000 layers exceed the limit of \(limit)"]) {
            try NNetFormat.read(contentsOf: url)
        }
    }

    func testAnInputCountOfTenToTheTwelveIsRefusedOnTheSizesLine() throws {
        let url = try write("wide.nnet", "1,1000000000000,1,1000000000000,\n1000000000000,1,\n0,\n0,\n")
        assertRefused(url, mentioning: [":2: 1000000000000 inputs exceed the limit of 16777216 (2^24) inputs"]) {
            try NNetFormat.read(contentsOf: url)
        }
    }

    func testLayerSizesWhoseParametersExceedTheLimitAreRefusedBeforeTheWeightsAreRead() throws {
        // 32768 · 32768 weights = 2^30 > 2^28, in a file of a few bytes.
        let url = try write("deep.nnet", "3,4,1,32768,\n4,32768,32768,1,\n0,\n")
        assertRefused(url, mentioning: [":2: layer sizes 4, 32768, 32768, 1 give 1073971201 parameters, which exceeds the limit of \(limit)"]) {
            try NNetFormat.read(contentsOf: url)
        }
    }

    func testLayerSizesWhoseParameterCountOverflowsIntAreRefused() throws {
        let huge = 1 << 62
        let url = try write("overflow.nnet", "2,2,1,\(huge),\n2,\(huge),1,\n")
        assertRefused(url, mentioning: [":2: layer sizes 2, \(huge), 1 give more than \(Int.max) parameters", limit]) {
            try NNetFormat.read(contentsOf: url)
        }
    }

    func testTheParameterCountIsTheSumOfWeightsAndBiases() {
        XCTAssertEqual(FormatLimits.parameterCount(layerSizes: [5, 50, 50, 5]), 50 * 6 + 50 * 51 + 5 * 51)
        XCTAssertEqual(FormatLimits.parameterCount(layerSizes: [3]), 0)
        XCTAssertNil(FormatLimits.parameterCount(layerSizes: [Int.max, 2]))
        XCTAssertNil(FormatLimits.parameterCount(layerSizes: [2, -1]))
    }
}
