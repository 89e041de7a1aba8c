import Foundation
import SeedCore
import Testing

/// `Fixtures/manifest.json`, written by `Fixtures/make_fixtures.py` with ObsPy: the files,
/// what `obspy.read` returns for each, and the expected merge and window of each case.
struct FixtureManifest: Decodable, Sendable {
    struct ExpectedTrace: Decodable, Sendable {
        var id: String
        var quality: String
        var startNs: Int64
        var samplingRate: Double
        var npts: Int
        var dtype: String
        var data: String
    }

    struct ExpectedWarning: Decodable, Sendable {
        var byteOffset: Int
        var code: String
    }

    struct File: Decodable, Sendable, CustomTestStringConvertible {
        var name: String
        var description: String
        var errorCode: String?
        var warnings: [ExpectedWarning]
        var records: Int
        var traces: [ExpectedTrace]
        var testDescription: String { name }
    }

    struct Merged: Decodable, Sendable {
        var startNs: Int64
        var samplingRate: Double
        var npts: Int
        var dtype: String
        var interpolated: Int
        var interpolatedRanges: [[Int]]
        var data: String
    }

    struct Expected: Decodable, Sendable {
        var samples: Int
        var sampleRate: Double
        var min: Int32
        var max: Int32
        var gapCount: Int
        var gapDurationSeconds: Double
        var gapSamplesFilled: Int
        var edgeFilledSamples: Int
        var realSamples: Int
        var completeness: Double
        var accepted: Bool
        var clampedSamples: Int
        var data: String
    }

    struct Window: Decodable, Sendable, CustomTestStringConvertible {
        var name: String
        var description: String
        var files: [String]
        var channel: String
        var start: String
        var end: String
        var merged: Merged?
        var expected: Expected?
        var testDescription: String { name }
    }

    var files: [File]
    var windows: [Window]

    static let directory: URL = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    static let shared: FixtureManifest = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let data = try! Data(contentsOf: directory.appendingPathComponent("manifest.json"))
        return try! decoder.decode(FixtureManifest.self, from: data)
    }()

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(relativePath)))
    }

    /// Raw little-endian samples of the given dtype, as `Double`s (exact for all three).
    static func samples(_ relativePath: String, dtype: String) throws -> [Double] {
        let raw = try bytes(relativePath)
        return raw.withUnsafeBytes { buffer -> [Double] in
            switch dtype {
            case "int32":
                return (0..<(raw.count / 4)).map {
                    Double(Int32(littleEndian: buffer.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)))
                }
            case "text":
                return raw.map { Double($0) }
            case "float32":
                return (0..<(raw.count / 4)).map {
                    Double(Float(bitPattern: UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))))
                }
            default:
                return (0..<(raw.count / 8)).map {
                    Double(bitPattern: UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)))
                }
            }
        }
    }

    static func int32Samples(_ relativePath: String) throws -> [Int32] {
        let raw = try bytes(relativePath)
        return raw.withUnsafeBytes { buffer in
            (0..<(raw.count / 4)).map { Int32(littleEndian: buffer.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)) }
        }
    }
}

extension TraceSamples {
    /// All samples as `Double`s, for comparing with fixture arrays (bit-exact: NaN compares
    /// by bit pattern through `isIdentical`).
    var doubles: [Double] { (0..<count).map { self[$0] } }

    var dtype: String { kind.rawValue }
}

/// Element-wise identity that treats NaN as equal to NaN (ObsPy fixtures may carry NaN).
func identical(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
}
