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
