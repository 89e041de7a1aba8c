import FDSNTestServer
import Foundation
import Logging
import SeedCore
import TestSupport
import Testing
import WaveformSources

@testable import CacheServices

/// ``SampleExtremes`` (the early normalization of a miss) against ObsPy reading the same
/// ObsPy-written 1 Hz day (`read`, `merge`, `slice`): min and max of the samples timed in each
/// window, including windows that start and end between records and at the data's edges.
@Suite struct SampleExtremesTests {
    static let channel = SourceID(network: "HV", station: "UWE", location: "", channel: "LHZ")

    @Test func theDecodedSamplesExtremesAreObsPysForEachWindow() throws {
        let file = FDSNTestServer.dayFixtures.appendingPathComponent("HV.UWE..LHZ.mseed")
        let traces = try SourceResponse(Array(Data(contentsOf: file)))
            .traces(of: Self.channel, logger: Logger.quiet("extremes")).get()
        let windows = [
            ("2025-11-03T12:00:00Z", "2025-11-04T12:00:00Z"),
            ("2025-11-03T12:00:00Z", "2025-11-03T13:00:00Z"),
            ("2025-11-03T17:13:07Z", "2025-11-03T17:21:59Z"),
            ("2025-11-04T03:00:01Z", "2025-11-04T09:59:59Z"),
            ("2025-11-04T11:59:00Z", "2025-11-04T12:00:00Z"),
        ]
        let reference = try TestSupport.obspyExtremes(of: file, windows: windows)
        for ((start, end), expected) in zip(windows, reference) {
            let window = TimeWindow(start: UTCTime(iso8601: start)!, end: UTCTime(iso8601: end)!)
            let extremes = try #require(SampleExtremes.of(traces, in: window), "\(window)")
            #expect(extremes.globalMin == expected.min && extremes.globalMax == expected.max, "\(window)")
        }
    }

    @Test func aWindowWithoutSamplesHasNoExtremes() throws {
        let file = FDSNTestServer.dayFixtures.appendingPathComponent("HV.UWE..LHZ.mseed")
        let traces = try SourceResponse(Array(Data(contentsOf: file)))
            .traces(of: Self.channel, logger: Logger.quiet("extremes")).get()
        let after = TimeWindow(start: UTCTime(iso8601: "2025-11-05T00:00:00Z")!, end: UTCTime(iso8601: "2025-11-05T01:00:00Z")!)
        #expect(SampleExtremes.of(traces, in: after) == nil)
    }
}
