import SeedCore
import Testing

/// Extreme header values never trap: every one is either read or skipped with a warning that
/// names the record's byte offset and the field. Records are built by patching the first record
/// of ObsPy-written fixtures; the rest of each file must still decode.
@Suite("Header totality")
struct HeaderTotalityTests {
    /// Where a record's fields are, in the byte order of its header.
    struct Layout {
        var bigEndian: Bool
        /// Offsets of blockettes by type, relative to the record.
        var blockettes: [UInt16: Int]

        init(_ bytes: [UInt8]) {
            func u16(_ at: Int, _ big: Bool) -> Int {
                big ? Int(bytes[at]) << 8 | Int(bytes[at + 1]) : Int(bytes[at + 1]) << 8 | Int(bytes[at])
            }
            let year = u16(20, false)
            let day = u16(22, false)
            bigEndian = !((1900...2100).contains(year) && (1...366).contains(day))
            blockettes = [:]
            var next = u16(46, bigEndian)
            while next != 0 && next + 4 <= bytes.count && blockettes.count < 8 {
                blockettes[UInt16(u16(next, bigEndian))] = next
                next = u16(next + 2, bigEndian)
            }
        }

        func put<T: FixedWidthInteger>(_ value: T, at offset: Int, in bytes: inout [UInt8]) {
            let raw = bigEndian ? value.bigEndian : value.littleEndian
            withUnsafeBytes(of: raw) { for (i, b) in $0.enumerated() { bytes[offset + i] = b } }
        }
    }

    /// One header field set to one value in the first record.
    enum Edit: Sendable, CustomStringConvertible {
        case rate(factor: Int16, multiplier: Int16)
        case actualRate(Float)
        case year(UInt16)
        case dayOfYear(UInt16)
        case hour(UInt8)
        case minute(UInt8)
        case second(UInt8)
        case fraction(UInt16)
        case sampleCount(UInt16)
        case dataOffset(UInt16)
        case firstBlockette(UInt16)
        case timeCorrection(Int32, applied: Bool)
        case recordLengthExponent(UInt8)
        case encoding(UInt8)
        case microseconds(Int8)

        var description: String {
            switch self {
            case .rate(let f, let m): "factor \(f) multiplier \(m)"
            case .actualRate(let r): "B100 rate \(r)"
            case .year(let v): "year \(v)"
            case .dayOfYear(let v): "day \(v)"
            case .hour(let v): "hour \(v)"
            case .minute(let v): "minute \(v)"
            case .second(let v): "second \(v)"
            case .fraction(let v): "fraction \(v)"
            case .sampleCount(let v): "sample count \(v)"
            case .dataOffset(let v): "data offset \(v)"
            case .firstBlockette(let v): "first blockette \(v)"
            case .timeCorrection(let v, let applied): "time correction \(v) applied \(applied)"
            case .recordLengthExponent(let v): "B1000 exponent \(v)"
            case .encoding(let v): "encoding \(v)"
            case .microseconds(let v): "B1001 microseconds \(v)"
            }
        }

        func apply(to bytes: inout [UInt8], _ layout: Layout) {
            switch self {
            case .rate(let f, let m):
                layout.put(f, at: 32, in: &bytes)
                layout.put(m, at: 34, in: &bytes)
            case .actualRate(let r):
                if let b = layout.blockettes[100] { layout.put(r.bitPattern, at: b + 4, in: &bytes) }
            case .year(let v): layout.put(v, at: 20, in: &bytes)
            case .dayOfYear(let v): layout.put(v, at: 22, in: &bytes)
            case .hour(let v): bytes[24] = v
            case .minute(let v): bytes[25] = v
            case .second(let v): bytes[26] = v
            case .fraction(let v): layout.put(v, at: 28, in: &bytes)
            case .sampleCount(let v): layout.put(v, at: 30, in: &bytes)
            case .dataOffset(let v): layout.put(v, at: 44, in: &bytes)
            case .firstBlockette(let v): layout.put(v, at: 46, in: &bytes)
            case .timeCorrection(let v, let applied):
                layout.put(v, at: 40, in: &bytes)
                bytes[36] = applied ? 0x02 : 0
            case .recordLengthExponent(let v):
                if let b = layout.blockettes[1000] { bytes[b + 6] = v }
            case .encoding(let v):
                if let b = layout.blockettes[1000] { bytes[b + 4] = v }
            case .microseconds(let v):
                if let b = layout.blockettes[1001] { bytes[b + 5] = UInt8(bitPattern: v) }
            }
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var edit: Edit
        /// The warning the first record must produce, and a word of its message; nil: it is read.
        var skipped: (code: MiniSEEDError.Code, mentions: String)?
        var testDescription: String { "\(file): \(edit)" }
    }

    static let be = "steim2_be_256_1hz.mseed"
    static let le = "b100_differs_le_b1001.mseed"

    static let cases: [Case] = [
        // Rates from the factor and multiplier.
        Case(file: be, edit: .rate(factor: 0, multiplier: 0), skipped: (.invalidSampleRate, "factor 0 and multiplier 0")),
        Case(file: be, edit: .rate(factor: 0, multiplier: 1), skipped: (.invalidSampleRate, "sample rate 0")),
        Case(file: be, edit: .rate(factor: 1, multiplier: 0), skipped: nil),
        Case(file: be, edit: .rate(factor: -32768, multiplier: -32768), skipped: (.invalidSampleRate, "68 years")),
        Case(file: be, edit: .rate(factor: -32768, multiplier: 1), skipped: nil),
        Case(file: be, edit: .rate(factor: 32767, multiplier: 32767), skipped: nil),
        Case(file: be, edit: .rate(factor: 1, multiplier: -32768), skipped: nil),
        Case(file: be, edit: .rate(factor: -1, multiplier: -1), skipped: nil),
        // Blockette 100's actual rate wins over the factor and multiplier.
        Case(file: le, edit: .actualRate(0), skipped: (.invalidSampleRate, "blockette 100")),
        Case(file: le, edit: .actualRate(.nan), skipped: (.invalidSampleRate, "blockette 100")),
        Case(file: le, edit: .actualRate(.infinity), skipped: (.invalidSampleRate, "blockette 100")),
        Case(file: le, edit: .actualRate(-.infinity), skipped: (.invalidSampleRate, "blockette 100")),
        Case(file: le, edit: .actualRate(-40), skipped: (.invalidSampleRate, "blockette 100")),
        Case(file: le, edit: .actualRate(1e-30), skipped: (.invalidSampleRate, "68 years")),
        Case(file: le, edit: .actualRate(.leastNonzeroMagnitude), skipped: (.invalidSampleRate, "68 years")),
        Case(file: le, edit: .actualRate(.greatestFiniteMagnitude), skipped: nil),
        // Start time fields.
        Case(file: be, edit: .year(0), skipped: (.invalidHeader, "year")),
        Case(file: be, edit: .year(1899), skipped: (.invalidHeader, "year")),
        Case(file: be, edit: .year(2101), skipped: (.invalidHeader, "year")),
        Case(file: be, edit: .year(65535), skipped: (.invalidHeader, "year")),
        Case(file: le, edit: .year(1900), skipped: nil),
        Case(file: le, edit: .year(2100), skipped: nil),
        Case(file: be, edit: .dayOfYear(0), skipped: (.invalidHeader, "day of year")),
        Case(file: be, edit: .dayOfYear(367), skipped: (.invalidHeader, "day of year")),
        Case(file: le, edit: .dayOfYear(366), skipped: nil),
        Case(file: be, edit: .hour(24), skipped: (.invalidHeader, "hour")),
        Case(file: be, edit: .hour(255), skipped: (.invalidHeader, "hour")),
        Case(file: be, edit: .minute(60), skipped: (.invalidHeader, "minute")),
        Case(file: be, edit: .second(61), skipped: (.invalidHeader, "second")),
        Case(file: be, edit: .second(60), skipped: nil),
        Case(file: le, edit: .fraction(65535), skipped: nil),
        Case(file: be, edit: .timeCorrection(.max, applied: false), skipped: nil),
        Case(file: be, edit: .timeCorrection(.min, applied: false), skipped: nil),
        Case(file: le, edit: .microseconds(-128), skipped: nil),
        Case(file: le, edit: .microseconds(127), skipped: nil),
        // Counts, lengths and offsets.
        Case(file: be, edit: .sampleCount(65535), skipped: (.corruptData, "samples")),
        Case(file: le, edit: .sampleCount(65535), skipped: (.corruptData, "samples")),
        Case(file: be, edit: .sampleCount(0), skipped: nil),
        Case(file: be, edit: .dataOffset(0), skipped: (.invalidHeader, "data offset")),
        Case(file: be, edit: .dataOffset(47), skipped: (.invalidHeader, "data offset")),
        Case(file: be, edit: .dataOffset(256), skipped: (.invalidHeader, "data offset")),
        Case(file: be, edit: .dataOffset(65535), skipped: (.invalidHeader, "data offset")),
        Case(file: be, edit: .firstBlockette(65535), skipped: (.invalidHeader, "blockette")),
        Case(file: be, edit: .firstBlockette(1), skipped: (.invalidHeader, "blockette")),
        Case(file: be, edit: .recordLengthExponent(0), skipped: (.invalidRecordLength, "record length")),
        Case(file: be, edit: .recordLengthExponent(6), skipped: (.invalidRecordLength, "record length")),
        // libmseed 2 reads records up to 2^20 bytes: 2^17 is a record cut off by the end of the input.
        Case(file: be, edit: .recordLengthExponent(17), skipped: (.truncatedRecord, "cut off")),
        Case(file: be, edit: .recordLengthExponent(21), skipped: (.invalidRecordLength, "record length")),
        Case(file: be, edit: .recordLengthExponent(255), skipped: (.invalidRecordLength, "record length")),
        Case(file: be, edit: .encoding(99), skipped: (.unsupportedEncoding, "encoding")),
        Case(file: be, edit: .encoding(255), skipped: (.unsupportedEncoding, "encoding")),
    ]

    @Test("an extreme header value is read or skipped naming the field", arguments: cases)
    func extremeValue(_ c: Case) throws {
        let clean = try FixtureManifest.bytes("mseed/\(c.file)")
        let cleanRecords = try MiniSEEDReader().read(clean).records.count
        var bytes = clean
        c.edit.apply(to: &bytes, Layout(bytes))
        let result = try MiniSEEDReader().read(bytes)
        exerciseEverything(result, bytes)
        if let skipped = c.skipped {
            let warning = try #require(result.warnings.first, "no warning for \(c.edit)")
            #expect(warning.byteOffset == 0)
            #expect(warning.code == skipped.code, "\(warning)")
            #expect(warning.message.contains(skipped.mentions), "\(warning)")
            // A record cut off by the end of the input ends the reading, as in libmseed.
            let remaining = skipped.code == .truncatedRecord ? 0 : cleanRecords - 1
            #expect(result.records.count == remaining, "the other records still decode")
        } else {
            #expect(result.warnings.isEmpty, "\(result.warnings)")
            #expect(result.records.count == cleanRecords)
        }
    }

    /// Every field at every extreme value, on three fixtures: nothing traps, and the first
    /// record is either read or named by a warning.
    @Test("every field at every extreme value reads or skips, never traps", arguments: [be, le, "int16_le_256_50hz.mseed"])
    func sweep(_ file: String) throws {
        let clean = try FixtureManifest.bytes("mseed/\(file)")
        let u16: [UInt16] = [0, 1, 47, 48, 63, 64, 127, 128, 255, 256, 1899, 1900, 2100, 2101, 32767, 32768, 65535]
        let u8: [UInt8] = [0, 1, 23, 24, 59, 60, 61, 127, 128, 255]
        let i16: [Int16] = [.min, -32767, -1000, -1, 0, 1, 1000, .max]
        let floats: [Float] = [0, -0, .nan, .infinity, -.infinity, -1, 1e-38, .leastNonzeroMagnitude, 1e-3, 1, 1e9, .greatestFiniteMagnitude]
        var edits: [Edit] = []
        for f in i16 { for m in i16 { edits.append(.rate(factor: f, multiplier: m)) } }
        edits += floats.map { .actualRate($0) }
        edits += u16.flatMap { [Edit.year($0), .dayOfYear($0), .fraction($0), .sampleCount($0), .dataOffset($0), .firstBlockette($0)] }
        edits += u8.flatMap { [Edit.hour($0), .minute($0), .second($0), .recordLengthExponent($0), .encoding($0)] }
        edits += [Int32.min, -1, 0, 1, .max].flatMap { [Edit.timeCorrection($0, applied: false), .timeCorrection($0, applied: true)] }
        edits += [Int8.min, -1, 0, 1, .max].map { .microseconds($0) }
        for edit in edits {
            var bytes = clean
            edit.apply(to: &bytes, Layout(bytes))
            let result = try MiniSEEDReader().read(bytes)
            exerciseEverything(result, bytes)
            let firstRead = result.records.count > 0 && result.warnings.allSatisfy { $0.byteOffset != 0 }
            let firstSkipped = result.warnings.contains { $0.byteOffset == 0 && !$0.message.isEmpty }
            #expect(firstRead || firstSkipped, "\(edit): \(result.warnings)")
        }
    }

    /// Traces whose rate gives no sample grid (0, negative, NaN, infinite) are refused by name;
    /// absurd finite rates are merged and cut within the sample limit or refused as too large.
    @Test("gap listing, merging and cutting refuse or bound traces without a usable rate", arguments: [0.0, -1, .nan, .infinity, 1e300, 1e-300])
    func oddRateTraces(_ rate: Double) throws {
        let id = SourceID(network: "XX", station: "TEST", location: "", channel: "LOG")
        let start = UTCTime(year: 2025, month: 11, day: 4)
        let traces = [
            Trace(id: id, startTime: start, sampleRate: rate, samples: .int32([1, 2, 3])),
            Trace(id: id, startTime: start.adding(seconds: 1), sampleRate: rate, samples: .int32([4, 5])),
            Trace(id: id, startTime: start.adding(seconds: 5), sampleRate: rate, samples: .int32([6])),
        ]
        let window = TimeWindow(start: start, end: start.adding(seconds: 10))
        let usable = rate > 0 && rate.isFinite
        var out: [Int32] = []
        if !usable {
            // No grid: no gaps to list or count, no end beyond the start, and merging or
            // cutting is refused naming the rate.
            #expect(TraceGap.list(traces).isEmpty)
            #expect(traces.allSatisfy { $0.endTime == $0.startTime })
            let merge = try #require(throws: MiniSEEDError.self) { try TraceMerger().merge(traces) }
            #expect(merge.code == .incompatibleTraces)
            #expect(merge.message.contains("sample rate"))
            let cut = try #require(throws: MiniSEEDError.self) {
                try WindowProcessor().process(traces, channel: id, window: window, into: &out)
            }
            #expect(cut.code == .incompatibleTraces)
            return
        }
        // A grid, however absurd: every listed gap is a real gap or overlap, and the merge and
        // the cut stay within their sample limit or say that they would not.
        #expect(TraceGap.list(traces).allSatisfy { $0.samples != 0 && $0.id == id })
        let limit = 1000
        do {
            let merged = try TraceMerger(maximumSamples: limit).merge(traces)
            #expect((merged?.trace.count ?? 0) <= limit)
        } catch {
            #expect(error.code == .tooManySamples)
        }
        do {
            let summary = try WindowProcessor(maximumSamples: limit).process(traces, channel: id, window: window, into: &out)
            #expect(summary.samples <= limit)
            #expect(out.count == summary.samples)
        } catch {
            #expect([.tooManySamples, .invalidWindow, .noData].contains(error.code), "\(error)")
        }
    }

    /// What `seiscron inspect` and `process` do with a read: list gaps, index, merge and cut
    /// every channel around its data. Whatever the header said, each step gives an answer that
    /// holds together or refuses by a named error.
    private func exerciseEverything(_ result: MiniSEEDReadResult, _ bytes: [UInt8]) {
        let ids = Set(result.traces.map(\.id))
        let gaps = TraceGap.list(result.traces)
        let gapsAreReal = gaps.allSatisfy { $0.samples != 0 && ids.contains($0.id) }
        #expect(gapsAreReal, "\(gaps)")
        let backwards = result.traces.filter { $0.endTime < $0.startTime }
        #expect(backwards.isEmpty, "traces ending before they start: \(backwards.map(\.startTime))")
        for span in MiniSEEDReader().index(bytes).records { _ = span.endTime.description }
        for id in ids {
            let traces = result.traces.filter { $0.id == id }
            guard let first = traces.first(where: { $0.count > 0 }) else { continue }
            let start = first.startTime.flooredToSecond
            let window = TimeWindow(start: start, end: start.adding(seconds: 600))
            _ = GapStatistics(traces: traces, window: window)
            var out: [Int32] = []
            do {
                let summary = try WindowProcessor().process(traces, channel: id, window: window, into: &out)
                #expect(out.count == summary.samples, "\(id): the cut's samples and its summary")
            } catch {
                let named: Set<MiniSEEDError.Code> = [
                    .tooManySamples, .invalidWindow, .noData, .incompatibleTraces, .textRecords,
                ]
                #expect(named.contains(error.code), "\(id): \(error)")
            }
        }
    }
}
