import ArgumentParser
import CommandOptions
import Foundation
import Logging
import SeedCore

/// `seiscron process`: DESIGN steps 2–5 on local files, to check one window by hand.
struct ProcessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Decode, merge and cut one window of one channel from local miniSEED files.",
        discussion: """
            Prints one JSON line: samples, sample_rate, min, max, gap_count, gap_duration_seconds,
            gap_samples_filled, edge_filled_samples, real_samples, completeness, accepted, clamped_samples.
            With --out, writes the window's samples as raw little-endian int32 (no header); with
            --out - they go to standard output and the JSON line to standard error.
            """
    )

    @Argument(help: "miniSEED files (version 2 or 3), read in order.")
    var files: [String]

    @Option(help: "Channel as NET.STA.LOC.CHA, e.g. HV.UWE..HHZ.")
    var channel: SourceID

    @Option(help: "Window start, ISO 8601 UTC (1970-2100) on a whole second, e.g. 2025-11-04T22:00:00Z.")
    var start: UTCTime

    @Option(help: "Window end (exclusive), ISO 8601 UTC (1970-2100) on a whole second, at most 7 days after --start.")
    var end: UTCTime

    @Option(
        help: ArgumentHelp(
            "Write the window's samples (raw int32, little-endian) here. " + OutputFile.help + ".", valueName: "file"))
    var out: String?

    @OptionGroup var log: LogOptions

    /// The longest window `process` cuts (7 days).
    static let maximumWindowSeconds: Int64 = 7 * 86_400

    func validate() throws {
        guard start < end else { throw ValidationError("--start must be before --end") }
        // The window is held in memory as int32 samples: a week at 100 Hz is 240 MB.
        guard end.secondsFloor - start.secondsFloor <= Self.maximumWindowSeconds else {
            throw ValidationError("--end: the window is longer than 7 days; process it in parts")
        }
        guard start.isWholeSecond, end.isWholeSecond else {
            throw ValidationError("--start and --end must fall on whole seconds")
        }
    }

    func run() throws {
        let logger = try ConfigurationExit.localFilesLogger(logLevel: log.logLevel, label: "seiscron.process")
        do {
            let channel = channel
            let window = TimeWindow(start: start, end: end)
            // Only the records the window needs are decoded: an hour of a month-long file costs an hour.
            let traces = try InputFiles.read(
                files,
                including: { $0 == channel },
                filtered: true,
                window: window,
                logger: logger
            ).flatMap(\.result.traces)
            var samples: [Int32] = []
            let summary = try WindowProcessor().process(traces, channel: channel, window: window, into: &samples)
            let output = out.map(OutputFile.init)
            if let output {
                do throws(OutputFile.Failure) {
                    try output.write(samples.littleEndianBytes)
                } catch {
                    throw InputFiles.Failure(description: error.description)
                }
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let line = Data(try encoder.encode(summary) + [UInt8(ascii: "\n")])
            // With --out - standard output carries the samples; the JSON line goes beside them.
            (output?.isStandardOutput == true ? FileHandle.standardError : FileHandle.standardOutput).write(line)
        } catch let error as MiniSEEDError where error.code == .noData {
            // Only the window's records were decoded: name where the channel's data is from the headers.
            var message = "\(error)"
            if let span = (try? InputFiles.dataSpan(files, of: channel)).flatMap({ $0 }) {
                let window = TimeWindow(start: start, end: end)
                message = "noData: \(channel) has no sample in \(window) (data \(span.first)–\(span.last))"
            }
            FileHandle.standardError.write(Data("error: \(message)\n".utf8))
            throw ExitCode.failure
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}

extension [Int32] {
    /// The samples' bytes as little-endian int32.
    fileprivate var littleEndianBytes: [UInt8] {
        #if _endian(little)
        return withUnsafeBytes { [UInt8]($0) }
        #else
        return map(\.littleEndian).withUnsafeBytes { [UInt8]($0) }
        #endif
    }
}
