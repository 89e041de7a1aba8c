import Foundation
import SeedCore
import Testing

/// Every fixture written by ObsPy must decode, merge and cut exactly as ObsPy does.
@Suite("ObsPy fixtures")
struct ObsPyFixtureTests {
    @Test("decodes like obspy.read", arguments: FixtureManifest.shared.files)
    func decodesLikeObsPy(_ file: FixtureManifest.File) throws {
        let bytes = try FixtureManifest.bytes("mseed/\(file.name)")
        if let code = file.errorCode {
            let error = try #require(throws: MiniSEEDError.self) { try MiniSEEDReader().read(bytes) }
            #expect(error.code.description == code)
            return
        }
        let result = try MiniSEEDReader().read(bytes)
        #expect(result.records.count == file.records, "records")
        let warnings = result.warnings.map { "\($0.byteOffset):\($0.code)" }
        let expectedWarnings = file.warnings.map { "\($0.byteOffset):\($0.code)" }
        #expect(warnings == expectedWarnings, "warnings: \(result.warnings)")
        try #require(result.traces.count == file.traces.count, "trace count")
        for (trace, expected) in zip(result.traces, file.traces) {
            #expect(trace.id.description == expected.id)
            #expect(String(trace.quality) == expected.quality)
            #expect(trace.startTime.nanoseconds == expected.startNs, "start of \(expected.id)")
            #expect(trace.sampleRate == expected.samplingRate)
            #expect(trace.count == expected.npts)
            #expect(trace.samples.dtype == expected.dtype)
            let samples = try FixtureManifest.samples(expected.data, dtype: expected.dtype)
            #expect(identical(trace.samples.doubles, samples), "samples of \(expected.id)")
        }
    }

    @Test("merges and cuts like ObsPy", arguments: FixtureManifest.shared.windows)
    func windowMatchesObsPy(_ window: FixtureManifest.Window) throws {
        var traces: [Trace] = []
        for name in window.files {
            traces += try MiniSEEDReader().read(FixtureManifest.bytes("mseed/\(name)")).traces
        }
        let channel = try #require(SourceID(window.channel))
        if let merged = window.merged {
            let result = try #require(try TraceMerger().merge(traces.filter { $0.id == channel }))
            #expect(result.trace.startTime.nanoseconds == merged.startNs, "merged start")
            #expect(result.trace.count == merged.npts, "merged npts")
            #expect(result.trace.samples.dtype == merged.dtype)
            #expect(result.interpolated.map { [$0.lowerBound, $0.count] } == merged.interpolatedRanges, "interpolated")
            let samples = try FixtureManifest.samples(merged.data, dtype: merged.dtype)
            #expect(identical(result.trace.samples.doubles, samples), "merged samples")
        }
        try window.expectCut(of: traces)
    }
}

extension FixtureManifest.Window {
    /// The window's time range.
    func timeWindow() throws -> TimeWindow {
        TimeWindow(start: try #require(UTCTime(iso8601: start)), end: try #require(UTCTime(iso8601: end)))
    }

    /// Checks that cutting this window from `traces` gives what ObsPy gave (or no data when it had none).
    func expectCut(of traces: [Trace], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let channel = try #require(SourceID(self.channel))
        let timeWindow = try timeWindow()
        var output: [Int32] = []
        guard let expected else {
            let error = try #require(throws: MiniSEEDError.self, sourceLocation: sourceLocation) {
                try WindowProcessor().process(traces, channel: channel, window: timeWindow, into: &output)
            }
            #expect(error.code == .noData, sourceLocation: sourceLocation)
            return
        }
        let summary = try WindowProcessor().process(traces, channel: channel, window: timeWindow, into: &output)
        #expect(summary.samples == expected.samples, sourceLocation: sourceLocation)
        #expect(summary.sampleRate == expected.sampleRate, sourceLocation: sourceLocation)
        #expect(summary.min == expected.min, sourceLocation: sourceLocation)
        #expect(summary.max == expected.max, sourceLocation: sourceLocation)
        #expect(summary.gapCount == expected.gapCount, "gap_count", sourceLocation: sourceLocation)
        #expect(
            abs(summary.gapDurationSeconds - expected.gapDurationSeconds) < 1e-9, "gap_duration_seconds",
            sourceLocation: sourceLocation)
        #expect(summary.gapSamplesFilled == expected.gapSamplesFilled, "gap_samples_filled", sourceLocation: sourceLocation)
        #expect(summary.edgeFilledSamples == expected.edgeFilledSamples, "edge_filled_samples", sourceLocation: sourceLocation)
        #expect(summary.realSamples == expected.realSamples, "real_samples", sourceLocation: sourceLocation)
        #expect(summary.completeness == expected.completeness, sourceLocation: sourceLocation)
        #expect(summary.accepted == expected.accepted, sourceLocation: sourceLocation)
        #expect(summary.clampedSamples == expected.clampedSamples, "clamped_samples", sourceLocation: sourceLocation)
        let samples = try FixtureManifest.int32Samples(expected.data)
        #expect(output == samples, "window samples", sourceLocation: sourceLocation)
    }
}
