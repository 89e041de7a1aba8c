import Foundation
import SeedCore
import Testing

/// `Fixtures/miniseed3/expected.json`, written by `make_miniseed3_fixtures.py`: miniSEED 3
/// files written by pymseed (libmseed 3), and how pymseed reads them.
struct MiniSEED3Manifest: Decodable, Sendable {
    struct Record: Decodable, Sendable {
        var offset: Int
        var sid: String?
        var formatVersion: Int?
        var startNs: Int64?
        var sampleRate: Double?
        var sampleCount: Int?
        var encoding: Int?
        var recordLength: Int?
        var publicationVersion: Int?
        var extra: String?
        var kind: String?
        var data: String?
        var error: String?
    }

    struct Trace: Decodable, Sendable {
        var sid: String
        var publicationVersion: Int
        var startNs: Int64
        var sampleRate: Double
        var sampleCount: Int
        var kind: String?
        var data: String?
    }

    struct File: Decodable, Sendable, CustomTestStringConvertible {
        var name: String
        var description: String
        var records: [Record]
        var traces: [Trace]
        var testDescription: String { name }
    }

    var files: [File]

    static let directory = FixtureManifest.directory.appendingPathComponent("miniseed3")

    static let shared: MiniSEED3Manifest = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let data = try! Data(contentsOf: directory.appendingPathComponent("expected.json"))
        return try! decoder.decode(MiniSEED3Manifest.self, from: data)
    }()

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent("mseed/\(name)")))
    }
}

@Suite("miniSEED 3 (pymseed fixtures)")
struct MiniSEED3Tests {
    /// Every record reads as pymseed reads it; a record pymseed refuses (CRC) is skipped with a
    /// warning at its offset.
    @Test("records read as pymseed reads them", arguments: MiniSEED3Manifest.shared.files)
    func recordsMatchPymseed(_ file: MiniSEED3Manifest.File) throws {
        let bytes = try MiniSEED3Manifest.bytes(file.name)
        let records = decodeRecords(bytes)
        let byOffset = Dictionary(records.map { ($0.offset, $0) }, uniquingKeysWith: { a, _ in a })
        let read = try MiniSEEDReader().read(bytes)
        for expected in file.records {
            if expected.error != nil {
                #expect(read.warnings.contains { $0.byteOffset == expected.offset && $0.code == .checksumMismatch })
                #expect(byOffset[expected.offset] == nil)
                continue
            }
            let record = try #require(byOffset[expected.offset], "no record at \(expected.offset)")
            let h = record.header
            #expect(record.error == nil)
            #expect(h.sourceID.fdsnIdentifier == expected.sid)
            #expect(h.formatVersion == expected.formatVersion)
            #expect(h.startTime.nanoseconds == expected.startNs)
            #expect(h.sampleRate == expected.sampleRate)
            #expect(h.sampleCount == expected.sampleCount)
            #expect(Int(h.encoding.rawValue) == expected.encoding)
            #expect(h.recordLength == expected.recordLength)
            if h.formatVersion == 3 {
                #expect(Int(h.publicationVersion ?? 255) == expected.publicationVersion)
                #expect(h.extraHeaders == expected.extra)
            }
            if let data = expected.data, let kind = expected.kind {
                let samples = try FixtureManifest.samples("miniseed3/\(data)", dtype: kind)
                #expect(identical(record.samples, samples), "samples at \(expected.offset)")
            }
        }
        #expect(read.records.count == file.records.filter { $0.error == nil }.count)
    }

    /// The reader's traces are the trace list pymseed builds (compared sorted by identifier and
    /// start: pymseed orders its list by identifier).
    @Test("traces as pymseed's trace list", arguments: MiniSEED3Manifest.shared.files)
    func tracesMatchPymseed(_ file: MiniSEED3Manifest.File) throws {
        let read = try MiniSEEDReader().read(MiniSEED3Manifest.bytes(file.name))
        #expect(read.traces.count == file.traces.count, "\(read.traces.map { "\($0.id) \($0.startTime) \($0.count)" })")
        // Matched as a multiset: pymseed orders its list by identifier, text records of one
        // channel share a start time.
        var unmatched = read.traces
        for e in file.traces {
            var samples: [Double]?
            if let data = e.data, let kind = e.kind {
                samples = try FixtureManifest.samples("miniseed3/\(data)", dtype: kind)
            }
            let index = unmatched.firstIndex { trace in
                trace.id.fdsnIdentifier == e.sid && trace.startTime.nanoseconds == e.startNs
                    && trace.sampleRate == e.sampleRate && trace.count == e.sampleCount
                    && (e.kind == nil || trace.samples.kind.rawValue == e.kind)
                    && (samples.map { identical(trace.samples.doubles, $0) } ?? true)
            }
            #expect(index != nil, "no trace like pymseed's \(e.sid) \(e.startNs) n=\(e.sampleCount)")
            if let index { unmatched.remove(at: index) }
        }
    }

    @Test("codes that do not fit SEED 2 are read; a chunk key is refused where it is built")
    func longCodesReadButAreNotSEED2() throws {
        let read = try MiniSEEDReader().read(MiniSEED3Manifest.bytes("long_codes.mseed3"))
        let trace = try #require(read.traces.first)
        #expect(trace.id.description == "XX2025.STATION1.LOC.B_SRC_SUB")
        #expect(!trace.id.isValidSEED)
    }

    @Test("a window is cut from miniSEED 2 and 3 records of one channel as one trace")
    func mixedVersionsMerge() throws {
        let read = try MiniSEEDReader().read(MiniSEED3Manifest.bytes("mixed_v2_v3.mseed3"))
        let id = try #require(SourceID("HV.UWE..HHZ"))
        let start = try #require(UTCTime(iso8601: "2025-11-04T22:00:00Z"))
        var out: [Int32] = []
        let summary = try WindowProcessor().process(
            read.traces, channel: id, window: TimeWindow(start: start, end: start.adding(seconds: 60)), into: &out)
        #expect(read.traces.count == 1)
        #expect(summary.samples == 6000)
        #expect(summary.realSamples == 6000)
        #expect(summary.gapCount == 0)
    }
}
