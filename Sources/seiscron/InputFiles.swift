import Foundation
import Logging
import SeedCore

/// Reads miniSEED files for the operator commands: one line of error per unreadable file,
/// one warning per skipped record.
enum InputFiles {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Files larger than this are read in blocks, keeping only the wanted channels' records,
    /// when a channel filter is given.
    static let blockwiseAbove = 256 << 20

    /// Reads and decodes each file, in order. Files are memory-mapped (SeedCore), not copied
    /// onto the heap; with a channel filter a file above ``blockwiseAbove`` is read in blocks
    /// and only its wanted records are kept (``SelectedRecords``); with a window every file is
    /// read in blocks and only the records that window needs, chosen over all files together
    /// (``WindowRecordSelection``), are kept and decoded.
    /// - Parameters:
    ///   - include: decides per channel whether its records are decoded (others are skipped).
    ///   - filtered: whether `include` leaves channels out (then large files are read blockwise).
    ///   - window: the window the traces will be cut to, when only that is wanted.
    static func read(
        _ paths: [String],
        including include: (SourceID) -> Bool = { _ in true },
        filtered: Bool = false,
        window: TimeWindow? = nil,
        logger: Logger
    ) throws -> [(path: String, result: MiniSEEDReadResult)] {
        var scans: [SelectedRecords.Scan] = []
        var chosen: [[Int]] = []
        if let window {
            var channels: [SourceID: Int] = [:]
            for path in paths {
                try reporting(path) {
                    scans.append(
                        try SelectedRecords.Scan(
                            path: path,
                            including: include,
                            channels: &channels,
                            blockSize: SelectedRecords.defaultBlockSize
                        )
                    )
                }
            }
            chosen = SelectedRecords.select(scans, window: window)
        }
        var results: [(String, MiniSEEDReadResult)] = []
        for (index, path) in paths.enumerated() {
            try reporting(path) {
                var result: MiniSEEDReadResult
                let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
                if window != nil || (filtered && size > blockwiseAbove) {
                    let selected =
                        window != nil
                        ? try SelectedRecords(scans[index], keeping: chosen[index])
                        : try SelectedRecords(path: path, including: include)
                    if selected.bytes.isEmpty && size > 0 {
                        // Nothing of the wanted channels (or of the window) in a readable file.
                        result = MiniSEEDReadResult(traces: [], records: [], warnings: [])
                    } else {
                        result = try MiniSEEDReader().read(selected.bytes, including: include)
                    }
                    for index in result.warnings.indices {
                        result.warnings[index].byteOffset = selected.fileOffset(of: result.warnings[index].byteOffset)
                    }
                } else {
                    result = try MiniSEEDReader().read(contentsOfFile: path, including: include)
                }
                for warning in result.warnings {
                    logger.warning(
                        "record skipped",
                        metadata: [
                            "file": "\(path)", "byte.offset": "\(warning.byteOffset)", "reason": "\(warning.code)",
                            "detail": "\(warning.message)",
                        ]
                    )
                }
                results.append((path, result))
            }
        }
        return results
    }

    /// The first and last sample times of `channel`'s records in `paths`, from their headers
    /// (for messages about data that was not decoded); nil when there are none.
    static func dataSpan(_ paths: [String], of channel: SourceID) throws -> (first: UTCTime, last: UTCTime)? {
        var span: (first: UTCTime, last: UTCTime)?
        var channels: [SourceID: Int] = [:]
        for path in paths {
            let scan = try SelectedRecords.Scan(
                path: path,
                including: { $0 == channel },
                channels: &channels,
                blockSize: SelectedRecords.defaultBlockSize
            )
            for record in scan.timings where record.sampleCount > 0 && record.sampleRate > 0 && record.sampleRate.isFinite {
                let duration = (Double(record.sampleCount - 1) / record.sampleRate * 1e9).rounded()
                let last = UTCTime(nanoseconds: record.startTime.nanoseconds + Int64(min(duration, 4e18)))
                span = (min(span?.first ?? record.startTime, record.startTime), max(span?.last ?? last, last))
            }
        }
        return span
    }

    /// Runs `body`, turning its errors into one ``Failure`` line naming `path`.
    private static func reporting(_ path: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as MiniSEEDError where error.code == .unreadableFile {
            throw Failure(description: "cannot read \(path): \(error.message)")
        } catch let error as SelectedRecords.Failure {
            throw Failure(description: error.description)
        } catch {
            throw Failure(description: "\(path): \(error)")
        }
    }
}
