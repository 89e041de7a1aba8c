import CacheServices
import ChunkStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Pipeline
import Prometheus
import SeedCore
import TestSupport
import Testing

@testable import seisapi
import WaveformSources

/// Staleness for alerting (issue 23): `/health` lists the configured channels whose newest
/// stored sample is older than `STALE_AFTER_MINUTES` (still 200), `/metrics` exports every
/// configured channel's age. The store is filled by a real tick on the shipped SDS sample
/// (22:00–22:10 of 2025-11-04); the harness's clock says 2025-11-05T00:05:00Z.
@Suite(.timeLimit(.minutes(5))) struct FreshnessTests {
    /// The newest sample of the sample tick's windows: 22:10:00 less one period.
    static func expectedAge(rate: Double) -> Double {
        let newest = Double(UTCTime(iso8601: "2025-11-04T22:10:00Z")!.nanoseconds) / 1e9 - 1.0 / rate
        return Double(SeisAPITestHarness.now.nanoseconds) / 1e9 - newest
    }

    /// A harness (with a Prometheus registry) whose store holds the sample tick's chunks.
    func harness(staleAfterMinutes: Int?) async throws -> (SeisAPITestHarness, APIServices) {
        let harness = try SeisAPITestHarness(
            sampleArchive: true,
            environment: staleAfterMinutes.map { ["STALE_AFTER_MINUTES": "\($0)"] } ?? [:]
        )
        let tick = Tick(
            channels: try StationConfig().select(from: .bundled),
            source: SDSArchive(root: harness.archiveRoot.path),
            store: harness.services.store,
            configuration: TickConfiguration(lookBackMinutes: 0, maximumCheckpointRebuilds: 0),
            logger: Logger.quiet("freshness")
        )
        let summary = await tick.run(at: UTCTime(iso8601: "2025-11-04T22:12:00Z")!)
        #expect(summary.success)
        var services = harness.services
        services.metrics = PrometheusCollectorRegistry()
        return (harness, services)
    }

    @Test func healthListsStaleChannelsWithoutFailing() async throws {
        let (harness, services) = try await harness(staleAfterMinutes: nil)
        let app = buildApplication(services, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/health", method: .get)
            #expect(response.status == .ok)
            let body = try SeisAPITests.json(response.body)
            #expect(body["status"] as? String == "ok")
            let stale = try #require(body["stale"] as? [[String: Any]])
            // 2 h 5 min is past the default 40 minutes: every configured channel is listed; the
            // long archive's HV.LONG..LHZ has nothing stored (age counted from yesterday 00:00).
            #expect(Set(stale.compactMap { $0["channel"] as? String }) == Set(services.channels.map { "\($0.sourceID)" }))
            for entry in stale {
                let channel = try #require(services.channels.first { "\($0.sourceID)" == entry["channel"] as? String })
                let age = try #require(entry["age_seconds"] as? Double)
                if channel.sourceID.station == "LONG" {
                    #expect(entry["newest_sample"] is NSNull)
                    #expect(age == 86_700)
                } else {
                    #expect(abs(age - Self.expectedAge(rate: try #require(channel.sampleRate))) < 1e-6)
                    #expect((entry["newest_sample"] as? String)?.hasPrefix("2025-11-04T22:09:59.9") == true)
                }
            }
        }
        _ = harness
    }

    @Test func aLongerLimitListsOnlyTheChannelWithoutData() async throws {
        let (_, services) = try await harness(staleAfterMinutes: 180)
        let app = buildApplication(services, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.router) { client in
            let body = try SeisAPITests.json(try await client.execute(uri: "/health", method: .get).body)
            let stale = try #require(body["stale"] as? [[String: Any]])
            #expect(stale.compactMap { $0["channel"] as? String } == ["HV.LONG..LHZ"])
        }
    }

    @Test func metricsExportEveryConfiguredChannelsAge() async throws {
        let (_, services) = try await harness(staleAfterMinutes: nil)
        let app = buildApplication(services, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .ok)
            #expect(HealthRoutes.ageGauge.name == ChannelFreshness.gaugeName)
            let text = String(buffer: response.body)
            let lines = text.split(separator: "\n").filter { $0.hasPrefix(ChannelFreshness.gaugeName + "{") }
            #expect(lines.count == services.channels.count)
            let uwe = try #require(lines.first { $0.contains("channel=\"HV.UWE..HHZ\"") })
            let value = try #require(Double(uwe.split(separator: " ").last.map(String.init) ?? ""))
            #expect(abs(value - Self.expectedAge(rate: 100)) < 1e-6)
            #expect(uwe.contains("volcano=\"kilauea\""))
        }
    }
}
