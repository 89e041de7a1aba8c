import ChunkStore
import Foundation
import Logging
import Pipeline
import SeedCore
import TestSupport
import Testing
import WaveformSources

@Suite(.timeLimit(.minutes(5))) struct StationConfigTests {
    /// 000: "3 closest stations per volcano (15 total)".
    static let seedChannels = [
        "HV.UWE..HHZ", "HV.OBL..HHZ", "HV.UWB..HHZ", "HV.MOKD..HHZ", "HV.SWRD..EHZ", "HV.WILD..EHZ",
        "AV.GSTD..BHZ", "AV.GSTR..BHZ", "AV.GSSP..BHZ", "AV.SSLS..BHZ", "AV.SSLN..BHZ", "AV.SSBA..BHZ",
        "AV.SPCP..BHZ", "AV.SPBG..BHZ", "AV.SPCN..BHZ",
    ]

    @Test func theDefaultSelectsTheSeedsFifteenChannels() throws {
        let selected = try StationConfig().select(from: .bundled)
        #expect(selected.map(\.sourceID.description) == Self.seedChannels)
        #expect(Set(selected.map(\.region)) == ["hawaii", "alaska"])
        #expect(selected.first?.distanceKm == 0.4)
    }

    @Test func theBundledCatalogHasTheFiveVolcanoes() {
        #expect(StationCatalog.bundled.volcanoes.keys.sorted() == StationConfig.defaultVolcanoes.sorted())
    }

    @Test func theSeedsConfigFileShapeReads() throws {
        let config = try StationConfig(
            json: Array(#"{"max_distance_km": 5.0, "data_types": ["seismic"], "volcanoes": ["kilauea", "spurr"]}"#.utf8))
        let selected = try config.select(from: .bundled)
        // Within 5 km of Spurr's summit there is no station (SPCP is at 6.4 km).
        #expect(selected.map(\.sourceID.description) == ["HV.UWE..HHZ", "HV.OBL..HHZ", "HV.UWB..HHZ"])
    }

    @Test func excludesAreSkippedBeforeCountingAndIncludesAdded() throws {
        let config = try StationConfig(
            json: Array(
                #"{"volcanoes": ["kilauea"], "exclude": ["HV.OBL..HHZ"], "include": [{"volcano": "kilauea", "channel": "HV.UWE.QC.EHZ"}]}"#
                    .utf8))
        let selected = try config.select(from: .bundled)
        #expect(selected.map(\.sourceID.description) == ["HV.UWE..HHZ", "HV.UWB..HHZ", "HV.SBL..HHZ", "HV.UWE.QC.EHZ"])
        #expect(selected.last?.distanceKm == 0.4)
    }

    @Test func infrasoundCanBeSelected() throws {
        let config = StationConfig(volcanoes: ["spurr"], stationsPerVolcano: 1, dataTypes: [.seismic, .infrasound])
        let selected = try config.select(from: .bundled)
        #expect(selected.map(\.dataType) == [.seismic, .infrasound])
    }

    @Test(arguments: [
        (#"{"volcanoes": ["etna"]}"#, "volcanoes[0]"),
        (#"{"stations_per_volcano": -1}"#, "stations_per_volcano"),
        (#"{"max_distance_km": 0}"#, "max_distance_km"),
        (#"{"exclude": ["UWE"]}"#, "exclude[0]"),
        (#"{"include": [{"volcano": "kilauea", "channel": "HV-UWE"}]}"#, "include[0].channel"),
        (#"{"data_types": ["radar"]}"#, "data_types[0]"),
        (#"{"stations_per_volcano": "three"}"#, "stations_per_volcano"),
    ])
    func badConfigsNameTheField(json: String, field: String) {
        #expect {
            try StationConfig(json: Array(json.utf8)).select(from: .bundled)
        } throws: { ($0 as? FieldError)?.field == field }
    }

    @Test func aVolcanoBeyondMaxDistanceIsReportedWithTheReason() {
        let config = StationConfig(volcanoes: ["kilauea", "spurr"], maxDistanceKm: 5)
        let empty = config.volcanoesWithoutChannels(in: .bundled)
        #expect(empty.map(\.volcano) == ["spurr"])
        #expect(empty.first?.reason == "max_distance_km 5 is below its closest seismic channel, 6.4 km away")
    }

    @Test func aVolcanoWhoseChannelsAreAllExcludedIsReported() {
        let catalog = StationCatalog.bundled
        let all = (catalog.volcanoes["greatsitkin"]?.seismic ?? []).map(\.sourceID.description)
        let config = StationConfig(volcanoes: ["kilauea", "greatsitkin"], exclude: all)
        let empty = config.volcanoesWithoutChannels(in: catalog)
        #expect(empty.map(\.description) == ["greatsitkin: exclude lists all \(all.count) seismic channels"])
    }

    @Test func anIncludeGivesAVolcanoAChannel() {
        let config = StationConfig(
            volcanoes: ["spurr"], maxDistanceKm: 5, include: [.init(volcano: "spurr", channel: "AV.SPCP..BHZ")])
        #expect(config.volcanoesWithoutChannels(in: .bundled).isEmpty)
        #expect(StationConfig().volcanoesWithoutChannels(in: .bundled).isEmpty)
        let none = StationConfig(volcanoes: ["spurr"], stationsPerVolcano: 0).volcanoesWithoutChannels(in: .bundled)
        #expect(none.first?.reason.contains("stations_per_volcano") == true)
    }

    @Test func theTickWarnsOfAVolcanoWithoutChannelsInItsSummary() async throws {
        let config = StationConfig(volcanoes: ["kilauea", "spurr"], maxDistanceKm: 5)
        let tick = Tick(
            channels: try config.select(from: .bundled),
            source: SDSArchive(root: try TestSupport.temporaryFolder().path),
            store: FileSystemStore(root: try TestSupport.temporaryFolder().path),
            configuration: TickConfiguration(
                lookBackMinutes: 0, maximumCheckpointRebuilds: 0, retryWindow: .zero, dryRun: true),
            logger: Logger.quiet("no-channel"), volcanoesWithoutChannels: config.volcanoesWithoutChannels(in: .bundled))
        let summary = await tick.run(at: UTCTime(iso8601: "2025-11-04T22:12:00Z")!)
        #expect(summary.volcanoesWithoutChannels.map(\.volcano) == ["spurr"])
        #expect(summary.totalStations == 3)
    }
}
