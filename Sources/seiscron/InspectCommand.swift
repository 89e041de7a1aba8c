import ArgumentParser
import CommandOptions
import Foundation
import Logging
import SeedCore

/// `seiscron inspect`: what is in miniSEED files — records, encodings, traces and gaps,
/// like libmseed's `msi` or ObsPy's `print(st)` / `st.print_gaps()`.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List the records, encodings, traces and gaps of miniSEED files."
    )

    @Argument(help: "miniSEED files (version 2 or 3).")
    var files: [String]

    @Flag(help: "Print one JSON document instead of text.")
    var json = false

    @OptionGroup var log: LogOptions

    func run() throws {
        let logger = try ConfigurationExit.localFilesLogger(logLevel: log.logLevel, label: "seiscron.inspect")
        let reports: [FileReport]
        do {
            reports = try InputFiles.read(files, logger: logger).map { FileReport(path: $0.path, result: $0.result) }
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(reports), as: UTF8.self))
        } else {
            for report in reports { print(report.text) }
        }
    }
}

/// The inspection of one file.
struct FileReport: Encodable {
    struct TraceLine: Encodable {
        var id: String
        var quality: String
        var start: String
        var end: String
        var sampleRate: Double
        var samples: Int
        var sampleType: String
        /// The text of a text (ASCII, e.g. `LOG`) trace.
        var text: String?
    }

    struct GapLine: Encodable {
        var id: String
        var lastSample: String
        var nextSample: String
        /// Seconds between the sample after the last one and the next sample (negative: overlap).
        var seconds: Double
        var samples: Int
    }

    struct Skipped: Encodable {
        var byteOffset: Int
        var code: String
        var message: String
    }

    var path: String
    var records: Int
    var encodings: [String: Int]
    var recordLengths: [String: Int]
    var byteOrders: [String: Int]
    var formatVersions: [String: Int]
    var traces: [TraceLine]
    var gaps: [GapLine]
    var skipped: [Skipped]

    init(path: String, result: MiniSEEDReadResult) {
        self.path = path
        records = result.records.count
        encodings = Dictionary(grouping: result.records, by: { $0.encoding.description }).mapValues(\.count)
        recordLengths = Dictionary(grouping: result.records, by: { String($0.recordLength) }).mapValues(\.count)
        byteOrders = Dictionary(grouping: result.records, by: { $0.dataByteOrder.rawValue }).mapValues(\.count)
        formatVersions = Dictionary(grouping: result.records, by: { "miniSEED \($0.formatVersion)" }).mapValues(\.count)
        traces = result.traces.map {
            TraceLine(
                id: $0.id.description, quality: String($0.quality), start: $0.startTime.description,
                end: $0.endTime.description, sampleRate: $0.sampleRate, samples: $0.count,
                sampleType: $0.samples.kind.rawValue, text: $0.samples.text)
        }
        // Rate-0 traces (text, LOG channels) have no sample grid and therefore no gaps.
        let gaps = TraceGap.list(result.traces).map {
            GapLine(
                id: $0.id.description, lastSample: $0.lastSample.description, nextSample: $0.nextSample.description,
                seconds: $0.seconds, samples: $0.samples)
        }
        self.gaps = gaps
        skipped = result.warnings.map { Skipped(byteOffset: $0.byteOffset, code: $0.code.description, message: $0.message) }
    }

    var text: String {
        var lines = ["\(path): \(records) records"]
        func summary(_ counts: [String: Int]) -> String {
            counts.keys.sorted().map { "\($0) ×\(counts[$0] ?? 0)" }.joined(separator: ", ")
        }
        lines.append(
            "  \(summary(formatVersions)); encodings: \(summary(encodings)); record lengths: \(summary(recordLengths)); "
                + "byte order: \(summary(byteOrders))")
        lines.append("  \(traces.count) trace(s):")
        for t in traces {
            if let text = t.text {
                lines.append("  \(t.id) | \(t.start) | text, \(t.samples) bytes (quality \(t.quality)):")
                for line in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
                    lines.append("    \(line)")
                }
                continue
            }
            lines.append("  \(t.id) | \(t.start) - \(t.end) | \(t.sampleRate) Hz, \(t.samples) samples (\(t.sampleType), quality \(t.quality))")
        }
        let gapCount = gaps.filter { $0.samples > 0 }.count
        lines.append("  \(gapCount) gap(s) and \(gaps.count - gapCount) overlap(s)")
        for g in gaps {
            lines.append("  \(g.id) \(g.lastSample) -> \(g.nextSample) \(String(format: "%.6f", g.seconds)) s (\(g.samples) samples)")
        }
        for s in skipped { lines.append("  skipped record at byte \(s.byteOffset): \(s.code): \(s.message)") }
        return lines.joined(separator: "\n")
    }
}
