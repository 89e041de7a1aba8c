import SeedCore

/// Decodes a miniSEED file as any package depending on SeedCore would: prints its traces and
/// gaps, then cuts the first whole 10 minutes of its first channel into int32 samples and
/// prints their summary.
///
///     swift run DecodeExample ../../Samples/sds/2025/HV/UWE/HHZ.D/HV.UWE..HHZ.D.2025.308
@main
struct DecodeExample {
    struct Usage: Error, CustomStringConvertible {
        var description: String
    }

    static func main() throws {
        guard CommandLine.arguments.count == 2 else {
            throw Usage(description: "usage: DecodeExample FILE.mseed")
        }
        let result = try MiniSEEDReader().read(contentsOfFile: CommandLine.arguments[1])
        print("\(result.records.count) records, \(result.warnings.count) skipped")
        for trace in result.traces {
            print("\(trace.id) | \(trace.startTime) - \(trace.endTime) | \(trace.sampleRate) Hz, \(trace.count) samples")
        }
        for gap in TraceGap.list(result.traces) { print("gap: \(gap)") }

        guard let first = result.traces.first else { throw Usage(description: "no traces in the file") }
        // The first whole 10 minutes: from the first whole second after the data starts.
        let start = first.startTime.isWholeSecond ? first.startTime : first.startTime.flooredToSecond.adding(seconds: 1)
        let window = TimeWindow(start: start, end: start.adding(seconds: 600))
        var samples: [Int32] = []
        let summary = try WindowProcessor().process(result.traces, channel: first.id, window: window, into: &samples)
        print(
            "window \(window): samples=\(summary.samples) min=\(summary.min) max=\(summary.max) "
                + "gaps=\(summary.gapCount) completeness=\(summary.completeness) accepted=\(summary.accepted)"
        )
    }
}
