import Foundation
import SeedCore
import Testing

/// `Fixtures/libmseed/expected.json`, written by `make_libmseed_reference.py`: how pymseed
/// (libmseed 3) and ObsPy (libmseed 2.19) read libmseed's own test data.
struct LibmseedReference: Decodable, Sendable {
    struct Record: Decodable, Sendable {
        var offset: Int
        var sid: String
        var formatVersion: Int
        var startNs: Int64
        var sampleRate: Double
        var sampleCount: Int
        var encoding: Int
        var recordLength: Int
        var publicationVersion: Int
        var extra: String?
        var kind: String?
        var data: String?
    }

    struct ObsPyTrace: Decodable, Sendable {
        var id: String
        var quality: String
        var startNs: Int64
        var samplingRate: Double
        var npts: Int
        var kind: String
        var data: String
    }

    struct File: Decodable, Sendable, CustomTestStringConvertible {
        var name: String
        var records: [Record]
        var pymseedError: String?
        var obspyTraces: [ObsPyTrace]?
        var obspyError: String?
        var testDescription: String { name }
    }

    var files: [File]

    static let directory = FixtureManifest.directory.appendingPathComponent("libmseed")

    static let shared: LibmseedReference = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let data = try! Data(contentsOf: directory.appendingPathComponent("expected.json"))
        return try! decoder.decode(LibmseedReference.self, from: data)
    }()

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(relativePath)))
    }

    static func samples(_ relativePath: String, kind: String) throws -> [Double] {
        try FixtureManifest.samples("libmseed/\(relativePath)", dtype: kind)
    }
}

/// One record as the record-level API reads it.
struct DecodedRecord {
    var offset: Int
    var header: RecordHeader
    var samples: [Double]
    /// Why its samples did not decode (the header did).
    var error: MiniSEEDError?
}

/// Walks `bytes` record by record with ``RecordHeader`` and ``RecordDecoder`` (stepping 128
/// bytes over unreadable stretches, as the reader does), keeping every parsed header.
func decodeRecords(_ bytes: [UInt8]) -> [DecodedRecord] {
    bytes.withUnsafeBytes { buffer in
        var out: [DecodedRecord] = []
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 8)
        defer { scratch.deallocate() }
        // The index steps over unreadable stretches as the reader does.
        for span in MiniSEEDReader().index(bytes).records {
            let offset = span.offset
            let header = span.header
            let kind: SampleKind
            do throws(MiniSEEDError) {
                kind = try RecordDecoder().decode(buffer, at: offset, header: header, into: scratch)
            } catch {
                out.append(DecodedRecord(offset: offset, header: header, samples: [], error: error))
                continue
            }
            do {
                let n = header.sampleCount
                let samples: [Double]
                switch kind {
                case .int32: samples = (0..<n).map { Double(scratch.load(fromByteOffset: $0 * 4, as: Int32.self)) }
                case .float32: samples = (0..<n).map { Double(scratch.load(fromByteOffset: $0 * 4, as: Float.self)) }
                case .float64: samples = (0..<n).map { scratch.load(fromByteOffset: $0 * 8, as: Double.self) }
                case .text: samples = (0..<n).map { Double(scratch[$0]) }
                }
                out.append(DecodedRecord(offset: offset, header: header, samples: samples))
            }
        }
        return out
    }
}

@Suite("libmseed test data")
struct LibmseedReferenceTests {
    /// Every record pymseed (libmseed 3) reads is read at the same offset with the same source
    /// identifier, time, rate, count and samples (pymseed stops at the first bad record; the
    /// reader steps over it, so pymseed's records are a prefix of ours).
    @Test("reads every record as pymseed (libmseed 3) does", arguments: LibmseedReference.shared.files)
    func recordsMatchPymseed(_ file: LibmseedReference.File) throws {
        let records = decodeRecords(try LibmseedReference.bytes(file.name))
        let byOffset = Dictionary(records.map { ($0.offset, $0) }, uniquingKeysWith: { a, _ in a })
        for expected in file.records {
            let record = try #require(byOffset[expected.offset], "no record at \(expected.offset)")
            if let error = record.error {
                // Deliberate difference (Docs/seedcore.md): libmseed keeps a Steim record whose
                // last sample differs from Xn, with a warning; SeedCore skips it.
                #expect(error.code == .integrityCheckFailed, "\(error)")
                continue
            }
            let header = record.header
            #expect(header.sourceID.fdsnIdentifier == expected.sid)
            #expect(header.formatVersion == expected.formatVersion)
            #expect(header.startTime.nanoseconds == expected.startNs, "start at \(expected.offset)")
            #expect(header.sampleRate == expected.sampleRate, "rate at \(expected.offset)")
            #expect(header.sampleCount == expected.sampleCount)
            #expect(Int(header.encoding.rawValue) == expected.encoding)
            #expect(header.recordLength == expected.recordLength)
            if header.formatVersion == 3 {
                #expect(Int(header.publicationVersion ?? 0) == expected.publicationVersion)
                #expect(header.extraHeaders == expected.extra)
            }
            if let data = expected.data, let kind = expected.kind {
                #expect(header.encoding.sampleKind?.rawValue == kind)
                let samples = try LibmseedReference.samples(data, kind: kind)
                #expect(identical(record.samples, samples), "samples at \(expected.offset)")
            }
        }
        if file.pymseedError == nil {
            #expect(records.count == file.records.count, "records")
            #expect(records.allSatisfy { $0.error == nil || $0.error?.code == .integrityCheckFailed })
        }
    }

    /// miniSEED 2 files read into the same traces as `obspy.read` (libmseed 2.19).
    @Test(
        "reads the same traces as obspy.read",
        arguments: LibmseedReference.shared.files.filter { $0.obspyTraces != nil })
    func tracesMatchObsPy(_ file: LibmseedReference.File) throws {
        let result = try MiniSEEDReader().read(LibmseedReference.bytes(file.name))
        let expected = try #require(file.obspyTraces)
        try #require(result.traces.count == expected.count, "traces: \(result.traces.map(\.id)) \(result.warnings)")
        for (trace, e) in zip(result.traces, expected) {
            #expect(trace.id.description == e.id)
            #expect(String(trace.quality) == e.quality)
            #expect(trace.startTime.nanoseconds == e.startNs)
            #expect(trace.sampleRate == e.samplingRate)
            #expect(trace.count == e.npts)
            if e.npts > 0 { #expect(trace.samples.kind.rawValue == e.kind) }  // ObsPy: float64 when empty
            #expect(identical(trace.samples.doubles, try LibmseedReference.samples(e.data, kind: e.kind)))
        }
    }

    /// libmseed 2.19.8's own expected outputs (`test/read-*.test.ref`): each record's source
    /// name, quality, start time, count, rate and printed samples.
    @Test("matches libmseed 2.19.8's .test.ref outputs", arguments: RefCase.all)
    func matchesTestRef(_ ref: RefCase) throws {
        let refBytes = try LibmseedReference.bytes("v2.19.8/\(ref.name).test.ref")
        let text = String(decoding: refBytes, as: UTF8.self)
        let records = decodeRecords(try LibmseedReference.bytes("v2.19.8/\(ref.file)"))
        let blocks = RefBlock.parse(text)
        try #require(!blocks.isEmpty)
        try #require(records.count >= blocks.count, "\(records.count) records, \(blocks.count) in the reference")
        for (block, record) in zip(blocks, records) {
            let h = record.header
            let id = h.sourceID
            #expect(block.source == "\(id.network)_\(id.station)_\(id.location)_\(id.channel)")
            #expect(block.quality == String(h.quality))
            #expect(block.start == seedTime(h.startTime), "start")
            if let count = block.sampleCount { #expect(count == h.sampleCount) }
            if let rate = block.rate { #expect(rate == formatG(h.sampleRate, 10)) }
            if block.isText {
                // The text follows "ASCII Data:\n" byte for byte, then one "\n" (CR LF inside).
                let marker = Array("ASCII Data:\n".utf8)
                let start = try #require(
                    (0...(refBytes.count - marker.count)).first { Array(refBytes[$0..<($0 + marker.count)]) == marker })
                #expect(Array(refBytes[(start + marker.count)...].dropLast()) == record.samples.map { UInt8($0) })
            } else if !block.samples.isEmpty {
                // -D prints every sample, -d the first row only.
                let printed = record.samples.map { h.encoding.sampleKind == .int32 ? String(Int($0)) : formatG($0, 8) }
                #expect(Array(printed.prefix(block.samples.count)) == block.samples, "samples of \(block.source)")
                if block.rate != nil { #expect(printed.count == block.samples.count) }
            }
        }
    }

    struct RefCase: Sendable, CustomTestStringConvertible {
        var name: String
        var file: String
        var testDescription: String { name }

        static let all: [RefCase] = [
            ("read-CDSN-encoded", "CDSN-encoded.mseed"), ("read-DWWSSN-encoded", "DWWSSN-encoded.mseed"),
            ("read-Float32-encoded", "Float32-encoded.mseed"), ("read-Float64-encoded", "Float64-encoded.mseed"),
            ("read-GEOSCOPE163-encoded", "GEOSCOPE-16bit-3exp-encoded.mseed"),
            ("read-Int16-encoded", "Int16-encoded.mseed"), ("read-Int32-128byte-encoded", "Int32-128byte.mseed"),
            ("read-Int32-256byte-encoded", "Int32-256byte.mseed"), ("read-Int32-512byte-encoded", "Int32-512byte.mseed"),
            ("read-Int32-1024byte-encoded", "Int32-1024byte.mseed"),
            ("read-Int32-2048byte-encoded", "Int32-2048byte.mseed"),
            ("read-Int32-4096byte-encoded", "Int32-4096byte.mseed"),
            ("read-Int32-8192byte-encoded", "Int32-8192byte.mseed"), ("read-SRO-encoded", "SRO-encoded.mseed"),
            ("read-Steim1-bigendian", "Steim1-AllDifferences-BE.mseed"),
            ("read-Steim1-littleendian", "Steim1-AllDifferences-LE.mseed"),
            ("read-Steim2-bigendian", "Steim2-AllDifferences-BE.mseed"),
            ("read-Steim2-littleendian", "Steim2-AllDifferences-LE.mseed"),
            ("read-detection-record", "detection.record.mseed"),
            ("read-invalid-blockette-offset", "invalid-blockette-offset.mseed"),
            ("read-no-blockette1000", "no-blockette1000-steim1.mseed"), ("read-text-encoded", "text-encoded.mseed"),
            ("read-unapplied-timecorrection", "unapplied-timecorrection.mseed"),
        ].map { RefCase(name: $0.0, file: $0.1) }
    }
}

/// One record as a `.test.ref` prints it: a `NET_STA_LOC_CHA, SEQ, Q[, RECLEN, N samples,
/// RATE Hz, TIME]` line (or the `-pp` detail lines), then sample rows or `ASCII Data:` text.
struct RefBlock {
    var source = ""
    var quality = ""
    var start = ""
    var sampleCount: Int?
    var rate: String?
    var samples: [String] = []
    var isText = false
    var text = ""

    static func parse(_ text: String) -> [RefBlock] {
        var blocks: [RefBlock] = []
        var textLines: [String] = []
        func flushText() {
            if !blocks.isEmpty && blocks[blocks.count - 1].isText {
                blocks[blocks.count - 1].text = textLines.joined(separator: "\n")
            }
            textLines = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if fields.count >= 3, fields[0].hasPrefix("XX_"), fields[2].count == 1 {
                flushText()
                var block = RefBlock(source: fields[0], quality: fields[2])
                if fields.count >= 9 {
                    block.sampleCount = Int(fields[4].split(separator: " ")[0])
                    block.rate = String(fields[5].split(separator: " ")[0])
                    block.start = "\(fields[6]),\(fields[7]),\(fields[8])"
                }
                blocks.append(block)
                continue
            }
            guard !blocks.isEmpty else { continue }
            if blocks[blocks.count - 1].isText {
                textLines.append(line)
                continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "ASCII Data:" {
                blocks[blocks.count - 1].isText = true
            } else if trimmed.hasPrefix("start time:") {
                blocks[blocks.count - 1].start = String(trimmed.dropFirst("start time:".count)).trimmingCharacters(in: .whitespaces)
            } else if trimmed.hasPrefix("number of samples:") {
                blocks[blocks.count - 1].sampleCount = Int(trimmed.dropFirst("number of samples:".count).trimmingCharacters(in: .whitespaces))
            } else if !trimmed.isEmpty, !trimmed.contains(":"), trimmed.first.map({ $0.isNumber || $0 == "-" }) == true {
                blocks[blocks.count - 1].samples += trimmed.split(separator: " ").map(String.init)
            }
        }
        flushText()
        return blocks
    }
}

/// `YYYY,DDD,HH:MM:SS.FFFFFF`, libmseed 2's SEED time string.
func seedTime(_ t: UTCTime) -> String {
    let c = t.components
    let jan1 = UTCTime(year: c.year, month: 1, day: 1)
    let day = Int((t.flooredToSecond.nanoseconds - jan1.nanoseconds) / 86_400_000_000_000) + 1
    return String(format: "%04d,%03d,%02d:%02d:%02d.%06d", c.year, day, c.hour, c.minute, c.second, c.nanosecond / 1000)
}

/// C's `%.Ng`.
func formatG(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)g", x) }
