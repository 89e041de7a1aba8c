import Foundation
import SeedCore
import Testing

/// Reading only the records a window needs (`read(_:including:within:)`) decodes fewer records
/// and cuts exactly what reading the whole input cuts: on every ObsPy fixture window (against
/// ObsPy's own result) and on the shipped 14-minute SDS file with gaps and a corrupt record
/// made at the window's edges.
@Suite("Windowed reading")
struct WindowedReadTests {
    static let uwe = SourceID(network: "HV", station: "UWE", location: "", channel: "HHZ")

    /// The shipped ObsPy-written day file of HV.UWE..HHZ: 146 Steim2 records of 512 bytes,
    /// 21:58:00–22:12:00 at 100 Hz.
    static func sample() throws -> [UInt8] {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let path = "Samples/sds/2025/HV/UWE/HHZ.D/HV.UWE..HHZ.D.2025.308"
        return [UInt8](try Data(contentsOf: repository.appendingPathComponent(path)))
    }

    static func window(_ from: String, _ to: String) -> TimeWindow {
        TimeWindow(start: UTCTime(iso8601: "2025-11-04T\(from)Z")!, end: UTCTime(iso8601: "2025-11-04T\(to)Z")!)
    }

    /// The cut of `window` from `result`: its summary and samples, or the error's code.
    static func cut(_ result: MiniSEEDReadResult, _ window: TimeWindow) -> String {
        var output: [Int32] = []
        do {
            let summary = try WindowProcessor().process(result.traces, channel: uwe, window: window, into: &output)
            return "\(summary) \(output)"
        } catch {
            return "error \(error.code)"
        }
    }

    @Test("cuts every fixture window as ObsPy does", arguments: FixtureManifest.shared.windows)
    func fixtureWindows(_ fixture: FixtureManifest.Window) throws {
        let window = try fixture.timeWindow()
        var traces: [Trace] = []
        for name in fixture.files {
            traces += try MiniSEEDReader().read(FixtureManifest.bytes("mseed/\(name)"), including: { _ in true }, within: window)
                .traces
        }
        try fixture.expectCut(of: traces)
    }

    @Test(
        "decodes the window's records and their neighbours, and cuts what the whole file cuts",
        arguments: [
            ("22:05:00", "22:06:00"), ("21:58:00", "21:59:00"), ("22:11:00", "22:12:00"), ("22:00:00", "22:10:00"),
            ("21:50:00", "21:58:01"), ("22:11:59", "22:20:00"), ("22:20:00", "22:21:00"), ("21:00:00", "21:01:00"),
        ]
    )
    func decodesOnlyWhatTheWindowNeeds(_ from: String, _ to: String) throws {
        let bytes = try Self.sample()
        let window = Self.window(from, to)
        let whole = try MiniSEEDReader().read(bytes)
        let windowed = try MiniSEEDReader().read(bytes, including: { _ in true }, within: window)
        #expect(Self.cut(windowed, window) == Self.cut(whole, window))
        // The records with a sample within two periods of the window, plus one on each side.
        let spans = MiniSEEDReader().index(bytes).records
        let margin: Int64 = 20_000_000
        let near = spans.filter {
            $0.header.startTime.nanoseconds < window.end.nanoseconds + margin
                && $0.endTime.nanoseconds > window.start.nanoseconds - margin
        }
        #expect(windowed.records.count <= near.count + 2)
        #expect(windowed.records.count >= near.count)
        #expect(windowed.records.count < whole.records.count)
    }

    /// Records removed so that gaps cross the window's start and end: the merge fills them from
    /// the neighbours outside the window, which the windowed read must therefore decode.
    @Test("gaps across the window's edges are filled from the records beyond them")
    func gapsAcrossEdges() throws {
        let bytes = try Self.sample()
        let spans = MiniSEEDReader().index(bytes).records
        let window = Self.window("22:05:00", "22:06:00")
        // Drop 3 records on each side of each window edge.
        let startIndex = try #require(spans.firstIndex { $0.endTime > window.start })
        let endIndex = try #require(spans.firstIndex { $0.endTime > window.end })
        let dropped = Set((startIndex - 3)...(startIndex + 3)).union((endIndex - 3)...(endIndex + 3))
        let gappy = spans.indices.filter { !dropped.contains($0) }.flatMap { bytes[spans[$0].byteRange] }
        let whole = try MiniSEEDReader().read(gappy)
        let windowed = try MiniSEEDReader().read(gappy, including: { _ in true }, within: window)
        #expect(Self.cut(windowed, window) == Self.cut(whole, window))
        // Interpolated from beyond the edges (not held at them): the neighbours were decoded.
        var output: [Int32] = []
        let summary = try WindowProcessor().process(windowed.traces, channel: Self.uwe, window: window, into: &output)
        #expect(summary.edgeFilledSamples == 0)
        #expect(summary.realSamples < summary.samples)
        #expect(windowed.records.count < whole.records.count / 4)
    }

    /// The record just before the window fails its Steim integrity check: the whole-file read
    /// skips it and fills from the one before, so the windowed read must fall back to that one.
    @Test("a corrupt neighbour gives way to the next record")
    func corruptNeighbour() throws {
        var bytes = try Self.sample()
        let spans = MiniSEEDReader().index(bytes).records
        let window = Self.window("22:05:00", "22:06:00")
        let first = try #require(spans.firstIndex { $0.endTime > window.start })
        // A gap into the window, then a corrupt record before it.
        let neighbour = spans[first - 3]
        let xn = neighbour.offset + neighbour.header.dataOffset + 8
        bytes[xn] ^= 0x40
        let kept = spans.indices.filter { !((first - 2)...(first + 1)).contains($0) }.flatMap { bytes[spans[$0].byteRange] }
        let whole = try MiniSEEDReader().read(kept)
        #expect(whole.warnings.map(\.code) == [.integrityCheckFailed])
        let windowed = try MiniSEEDReader().read(kept, including: { _ in true }, within: window)
        #expect(windowed.warnings.map(\.code) == [.integrityCheckFailed])
        #expect(Self.cut(windowed, window) == Self.cut(whole, window))
    }

    /// Overlapping records decide by their traces' start times which samples win, so a channel
    /// with overlaps is decoded whole.
    @Test("a channel with overlapping records is decoded whole")
    func overlapsDecodeEverything() throws {
        let bytes = try FixtureManifest.bytes("mseed/duplicated_records.mseed")
        let whole = try MiniSEEDReader().read(bytes)
        let first = try #require(whole.traces.first)
        let start = first.startTime.flooredToSecond
        let window = TimeWindow(start: start.adding(seconds: 1), end: start.adding(seconds: 2))
        let windowed = try MiniSEEDReader().read(bytes, including: { _ in true }, within: window)
        #expect(windowed.records.count == whole.records.count)
    }
}
