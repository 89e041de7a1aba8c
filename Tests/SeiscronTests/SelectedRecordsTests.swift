import Foundation
import SeedCore
@testable import seiscron
import TestSupport
import Testing

/// A large input read in blocks keeps exactly the wanted channel's records: the traces are those
/// of reading the whole file, and skipped-record warnings carry file offsets.
@Suite struct SelectedRecordsTests {
    @Test(arguments: [4096, 5000, 1 << 20])
    func blockwiseReadingEqualsReadingTheWholeFile(blockSize: Int) throws {
        let sds = TestSupport.repository.appendingPathComponent("Samples/sds/2025")
        var bytes: [UInt8] = []
        for file in ["HV/UWE/HHZ.D/HV.UWE..HHZ.D.2025.308", "AV/GSTD/BHZ.D/AV.GSTD..BHZ.D.2025.308"] {
            bytes += Array(try Data(contentsOf: sds.appendingPathComponent(file)))
            bytes += [UInt8](repeating: 0x5A, count: 512)  // an unreadable stretch
        }
        bytes += Array(try Data(contentsOf: sds.appendingPathComponent("HV/OBL/HHZ.D/HV.OBL..HHZ.D.2025.308")).prefix(1000))
        let path = try TestSupport.temporaryFolder().appendingPathComponent("mixed.mseed").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let uwe = SourceID("HV.UWE..HHZ")!

        let whole = try MiniSEEDReader().read(bytes) { $0 == uwe }
        let selected = try SelectedRecords(path: path, including: { $0 == uwe }, blockSize: blockSize)
        let blockwise = try MiniSEEDReader().read(selected.bytes) { $0 == uwe }

        // UWE's records, the two unreadable stretches and the cut tail of OBL's second record.
        let uweBytes = try Data(contentsOf: sds.appendingPathComponent("HV/UWE/HHZ.D/HV.UWE..HHZ.D.2025.308")).count
        #expect(selected.bytes.count == uweBytes + 2 * 512 + (1000 - 512))
        #expect(blockwise.traces.count == whole.traces.count)
        #expect(blockwise.traces.map(\.startTime) == whole.traces.map(\.startTime))
        #expect(blockwise.traces.map(\.samples) == whole.traces.map(\.samples))
        #expect(!whole.warnings.isEmpty)
        // Each unreadable stretch is reported at its file offset; two stretches that only other
        // channels' records separated become one run, reported once (at the first).
        let offsets = blockwise.warnings.map { selected.fileOffset(of: $0.byteOffset) }
        #expect(offsets.first == whole.warnings.first?.byteOffset)
        #expect(Set(offsets).isSubset(of: Set(whole.warnings.map(\.byteOffset))))
        #expect(offsets.count >= 2)
    }
}

/// With a window, only the records the window needs are read from the files (chosen over all
/// files together), and cutting the window from them gives what cutting it from the whole
/// files gives.
@Suite struct WindowedSelectedRecordsTests {
    @Test(arguments: [("22:05:00", "22:06:00"), ("22:06:50", "22:07:10"), ("21:50:00", "21:58:30"), ("22:30:00", "22:31:00")])
    func windowedFilesCutWhatTheWholeFilesCut(_ from: String, _ to: String) throws {
        let sds = TestSupport.repository.appendingPathComponent("Samples/sds/2025")
        let bytes = Array(try Data(contentsOf: sds.appendingPathComponent("HV/UWE/HHZ.D/HV.UWE..HHZ.D.2025.308")))
        // The day split in two files at 22:07 (record 73 of 146, 512 bytes each).
        let folder = try TestSupport.temporaryFolder()
        let paths = [folder.appendingPathComponent("a.mseed").path, folder.appendingPathComponent("b.mseed").path]
        try Data(bytes[..<(73 * 512)]).write(to: URL(fileURLWithPath: paths[0]))
        try Data(bytes[(73 * 512)...]).write(to: URL(fileURLWithPath: paths[1]))
        let uwe = SourceID("HV.UWE..HHZ")!
        let window = TimeWindow(
            start: UTCTime(iso8601: "2025-11-04T\(from)Z")!, end: UTCTime(iso8601: "2025-11-04T\(to)Z")!)

        var channels: [SourceID: Int] = [:]
        let scans = try paths.map { try SelectedRecords.Scan(path: $0, including: { $0 == uwe }, channels: &channels, blockSize: 4096) }
        let chosen = SelectedRecords.select(scans, window: window)
        var windowed: [Trace] = []
        var whole: [Trace] = []
        var decoded = 0
        for (index, path) in paths.enumerated() {
            let selected = try SelectedRecords(scans[index], keeping: chosen[index], blockSize: 4096)
            if !selected.bytes.isEmpty {
                let result = try MiniSEEDReader().read(selected.bytes)
                windowed += result.traces
                decoded += result.records.count
            }
            whole += try MiniSEEDReader().read(contentsOfFile: path).traces
        }
        func cut(_ traces: [Trace]) -> String {
            var output: [Int32] = []
            do {
                let summary = try WindowProcessor().process(traces, channel: uwe, window: window, into: &output)
                return "\(summary) \(output)"
            } catch {
                return "error \(error.code)"
            }
        }
        #expect(cut(windowed) == cut(whole))
        #expect(decoded <= 16, "a minute is 7 records of 512 bytes, plus neighbours")
    }
}
