import AsyncHTTPClient
import ChunkStore
import FDSNTestServer
import Foundation
import Logging
import SeedCore
import TestSupport
import Testing

@testable import WaveformSources

/// The station service (station facts from its text format) and the record walk that finds a
/// body cut mid-record, against ``FDSNTestServer`` and the ObsPy-written fixtures.
@Suite struct FDSNStationTests {
    // MARK: - Station facts

    @Test func stationTextBecomesFactsForTheChannelsAsked() async throws {
        try await FDSNClientTests.withClient { server, client in
            let unknown = try #require(SourceID("XX.NONE..HHZ"))
            let facts = await client.stationFacts(for: FDSNClientTests.channels + [unknown], logger: FDSNClientTests.logger)
            #expect(facts.count == 15)
            #expect(facts[unknown] == nil)
            let uwe = try #require(facts[FDSNClientTests.channels[0]])
            #expect(
                uwe == StationFacts(instrumentType: "Nanometrics Trillium Compact 120", latitude: 19.4211, longitude: -155.2921, elevationM: 1240.0)
            )
            let spcnID = try #require(SourceID("AV.SPCN..BHZ"))
            let spcn = try #require(facts[spcnID])
            #expect(spcn.latitude == 61.2240)
            #expect(spcn.instrumentType == "Nanometrics Trillium 120PH")
            let requests = server.requests
            #expect(requests.count == 1)
            let query = try #require(requests.first?.query)
            #expect(requests.first?.path == "/fdsnws/station/1/query")
            #expect(query["net"] == "AV,HV,XX")
            #expect(query["loc"] == "--")
            #expect(query["cha"] == "BHZ,EHZ,HHZ")
            #expect(query["level"] == "channel")
            #expect(query["format"] == "text")
        }
    }

    @Test func stationFactsAreEmptyWhenTheServiceFails() async throws {
        try await FDSNClientTests.withClient(.init(fallback: .status(503))) { server, client in
            #expect(await client.stationFacts(for: FDSNClientTests.channels, logger: FDSNClientTests.logger).isEmpty)
            #expect(server.requests.count == 4)
        }
    }

    @Test func stationTextKeepsTheOpenEpoch() throws {
        let text = """
            #Network | Station | Location | Channel | Latitude | Longitude | Elevation | Depth | Azimuth | Dip | SensorDescription | Scale | ScaleFreq | ScaleUnits | SampleRate | StartTime | EndTime
            HV|UWE||HHZ|19.0|-155.0|1000.0|0.0|0.0|-90.0|Old sensor|1.0E9|1.0|M/S|100.0|2010-01-01T00:00:00|2019-01-01T00:00:00
            HV|UWE||HHZ|19.4211|-155.2921|1240.0|0.0|0.0|-90.0|New sensor|1.0E9|1.0|M/S|100.0|2019-01-01T00:00:00|
            """
        let uwe = try #require(SourceID("HV.UWE..HHZ"))
        let facts = try #require(FDSNStationText.facts(FDSNStationText.parse(text), for: [uwe])[uwe])
        #expect(facts.instrumentType == "New sensor")
        #expect(facts.elevationM == 1240.0)
    }

    // MARK: - Record walk

    @Test func wholeRecordsAreNotCutOff() throws {
        let bytes = [UInt8](try Data(contentsOf: FDSNTestServer.fixtures.appendingPathComponent("HV.OBL..HHZ.mseed")))
        #expect(MiniSEEDReader().index(bytes).incompleteRecordOffset == nil)
        #expect(MiniSEEDReader().index([]).incompleteRecordOffset == nil)
    }

    @Test(arguments: [1, 47, 48, 200, 511])
    func aRecordCutAnywhereIsFound(keptBytesOfTheLastRecord: Int) throws {
        let bytes = [UInt8](try Data(contentsOf: FDSNTestServer.fixtures.appendingPathComponent("AV.SPCN..BHZ.mseed")))
        let cut = Array(bytes.prefix(1024 + keptBytesOfTheLastRecord))
        #expect(MiniSEEDReader().index(cut).incompleteRecordOffset == 1024)
    }

    @Test func littleEndianRecordLengthsAreRead() throws {
        var record = [UInt8](try Data(contentsOf: FDSNTestServer.fixtures.appendingPathComponent("AV.SPCN..BHZ.mseed")).prefix(512))
        // Swap the header fields the walk reads (year, day, first blockette, blockette 1000's type and next).
        for offset in [20, 22, 46, 48, 50] { record.swapAt(offset, offset + 1) }
        #expect(MiniSEEDReader().index(record + record.prefix(100)).incompleteRecordOffset == 512)
    }
}

/// Channel discovery through the station service (`seiscron stations --discover`).
@Suite struct FDSNDiscoveryTests {
    @Test func channelsNearAVolcanoComeClosestFirstWithinTheRadius() async throws {
        let server = try await FDSNTestServer.start()
        let client = FDSNClient(
            configuration: FDSNConfiguration(baseURL: server.endpoint, requestDelay: .zero),
            httpClient: .shared
        )
        // Kīlauea's summit, as the bundled station catalog has it.
        let found = try await client.channelsNear(
            latitude: 19.421,
            longitude: -155.287,
            radiusKm: 20,
            logger: Logger.quiet("discovery")
        )
        try await server.shutdown()
        let ids = found.map(\.sourceID.description)
        // The fixture's coordinates (stations.txt) put these three closest.
        #expect(Set(ids.prefix(3)) == ["HV.UWE..HHZ", "HV.OBL..HHZ", "HV.UWB..HHZ"])
        #expect(!ids.contains("AV.GSTD..BHZ"))
        let distances = found.map(\.distanceKm)
        #expect(distances == distances.sorted())
        #expect(found.first?.sampleRate == 100)
        let query = server.requests.first?.query
        #expect(query?["level"] == "channel")
        #expect(query?["maxradius"].flatMap(Double.init).map { abs($0 - 20 / 111.195) < 1e-9 } == true)
    }

    @Test func distancesAreGreatCircleKilometres() {
        // Kīlauea summit to Mauna Loa summit: about 34 km.
        let d = FDSNClient.distanceKm(19.421, -155.287, 19.475, -155.608)
        #expect(abs(d - 34.2) < 0.5)
    }
}
