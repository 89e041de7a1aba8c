import ChunkStore
import Foundation
import Logging
import CacheServices
import Pipeline
import SeedCore
import TestSupport
import Testing

/// The cache-status service on a local store holding real chunks written by ``ChunkWriter``:
///
/// - `HV.UWE..HHZ` (kilauea, hawaii; empty location code) at 10 Hz: all 144 `10min` chunks of
///   2025-10-31 plus its 18:00 `6h` chunk, and 00:00, 00:10, 00:20, 01:00 of 2025-11-01;
/// - `HV.UWE.01.HHZ` (kilauea) at 10 Hz: 00:00 of 2025-11-01;
/// - `AV.SPCP..BHZ` (spurr, alaska) at 50 Hz: 23:50 of 2025-10-31 (ends at the month's end),
///   a `1h` chunk 23:30–00:30 filed under October, and 00:00 of 2025-11-01.
///
/// Reports are taken at 2025-11-01 01:15, so windows 00:00–01:00 of that day are due.
@Suite(.timeLimit(.minutes(5))) struct CacheStatusTests {
    static let now = UTCTime(iso8601: "2025-11-01T01:15:00Z") ?? UTCTime(seconds: 0)
    static let uwe = SourceID(network: "HV", station: "UWE", location: "", channel: "HHZ")
    static let uwe01 = SourceID(network: "HV", station: "UWE", location: "01", channel: "HHZ")
    static let spcp = SourceID(network: "AV", station: "SPCP", location: "", channel: "BHZ")

    static func at(_ text: String) -> UTCTime { UTCTime(iso8601: text) ?? UTCTime(seconds: 0) }

    /// A store in a new temporary folder with the data set above.
    static func makeStore(_ name: String = #function) async throws -> (FileSystemStore, URL) {
        let root = try TestSupport.temporaryFolder(name)
        let store = FileSystemStore(root: root.path)
        let october = (0..<144).map { at("2025-10-31T00:00:00Z").adding(seconds: Int64($0) * 600) }
        try await write(store, uwe, volcano: "kilauea", rate: 10, kind: .tenMinutes, starts: october)
        try await write(store, uwe, volcano: "kilauea", rate: 10, kind: .sixHours, starts: [at("2025-10-31T18:00:00Z")])
        let november = ["00:00", "00:10", "00:20", "01:00"].map { at("2025-11-01T\($0):00Z") }
        try await write(store, uwe, volcano: "kilauea", rate: 10, kind: .tenMinutes, starts: november)
        try await write(store, uwe01, volcano: "kilauea", rate: 10, kind: .tenMinutes, starts: [at("2025-11-01T00:00:00Z")])
        try await write(
            store, spcp, volcano: "spurr", rate: 50, kind: .tenMinutes,
            starts: [at("2025-10-31T23:50:00Z"), at("2025-11-01T00:00:00Z")])
        try await write(store, spcp, volcano: "spurr", rate: 50, kind: .oneHour, starts: [at("2025-10-31T23:30:00Z")])
        return (store, root)
    }

    /// Uploads and records chunks of pseudo-random samples (so they do not compress to nothing).
    static func write(
        _ store: any ObjectStore, _ id: SourceID, volcano: String, rate: Double, kind: ChunkKind, starts: [UTCTime]
    ) async throws {
        let writer = ChunkWriter(store: store, logger: Logger.quiet("status-test"))
        let channel = try ChannelKey(sourceID: id, volcano: volcano, sampleRate: rate)
        var state = UInt64(starts.first?.nanoseconds ?? 1) | 1
        var stored: [ChunkWriter.StoredChunk] = []
        for start in starts {
            let key = try ChunkKey(channel: channel, kind: kind, start: start)
            var values = ContiguousArray<Int32>()
            values.reserveCapacity(key.sampleCount + Int(rate))
            for _ in 0..<(key.sampleCount + Int(rate)) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                values.append(Int32(truncatingIfNeeded: state >> 40) % 5_000)
            }
            let trace = Trace(id: id, startTime: start, sampleRate: rate, samples: .int32(values))
            var samples: [Int32] = []
            let summary = try WindowProcessor().process([trace], channel: id, window: key.window, into: &samples)
            stored.append(try await writer.upload(samples, summary: summary, key: key))
        }
        try await writer.record(stored)
    }

    /// Bytes of the files under `root/data` whose path below it starts with one of `prefixes`
    /// (paths as the local store writes them: an empty location is the folder `--`).
    static func bytesOnDisk(_ root: URL, under prefixes: [String]) throws -> Int {
        let data = root.appendingPathComponent("data").path
        var total = 0
        let files = FileManager.default.subpaths(atPath: data) ?? []
        for relative in files {
            guard prefixes.contains(where: { relative.hasPrefix($0) }) else { continue }
            let attributes = try FileManager.default.attributesOfItem(atPath: data + "/" + relative)
            guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            total += (attributes[.size] as? NSNumber)?.intValue ?? 0
        }
        return total
    }

    static func megabytes(_ bytes: Int) -> Double { (Double(bytes) / 100_000).rounded() / 10 }

    static func service(_ store: any ObjectStore, ttl: Duration = .seconds(30)) -> CacheStatusService {
        CacheStatusService(store: store, catalog: .bundled, cacheTTL: ttl, logger: Logger.quiet("status-test"))
    }

    // MARK: - Scopes

    @Test func stationReportCountsDaysChunksAndMissingWindows() async throws {
        let (store, root) = try await Self.makeStore()
        let query = try CacheStatusQuery.parse(
            ["scope": "station", "network": "HV", "station": "UWE", "channel": "HHZ", "location": "--"], catalog: .bundled)
        guard case .station(let report) = try await Self.service(store).report(for: query, now: Self.now) else {
            Issue.record("not a station report")
            return
        }
        #expect(report.network == "HV")
        #expect(report.station == "UWE")
        #expect(report.channel == "HHZ")
        #expect(report.location == "")
        #expect(report.locations == [""])
        #expect(report.volcano == "kilauea")
        #expect(report.daysCached == 2)
        #expect(report.dateRange == .init(earliest: "2025-10-31", latest: "2025-11-01"))
        #expect(report.totalChunks == ChunkCounts([.tenMinutes: 148, .sixHours: 1]))
        let full = report.completeness["2025-10-31"]
        #expect(
            full == .init(completeDay: true, chunks: ChunkCounts([.tenMinutes: 144, .sixHours: 1]), missingChunks: 0))
        // 01:15 floors to 01:10: 00:00–01:00 are due, 00:30, 00:40 and 00:50 are missing.
        let today = report.completeness["2025-11-01"]
        #expect(today == .init(completeDay: false, chunks: ChunkCounts([.tenMinutes: 4]), missingChunks: 3))
        let bytes = try Self.bytesOnDisk(
            root, under: ["2025/10/HV/kilauea/UWE/--/HHZ/", "2025/11/HV/kilauea/UWE/--/HHZ/"])
        #expect(bytes > 1_000_000)
        #expect(report.totalSizeBytes == bytes)
        #expect(report.totalSizeMB == Self.megabytes(bytes))
    }

    @Test func stationReportWithoutLocationCoversEveryLocationCode() async throws {
        let (store, root) = try await Self.makeStore()
        let query = try CacheStatusQuery.parse(
            ["scope": "station", "network": "HV", "station": "UWE", "channel": "HHZ"], catalog: .bundled)
        #expect(query.locationCode == nil)
        guard case .station(let report) = try await Self.service(store).report(for: query, now: Self.now) else {
            Issue.record("not a station report")
            return
        }
        #expect(report.location == nil)
        #expect(report.locations == ["", "01"])
        #expect(report.daysCached == 2)
        #expect(report.totalChunks[.tenMinutes] == 149)
        // HV.UWE.01.HHZ holds only 00:00 of the day: six more windows are missing.
        let today = report.completeness["2025-11-01"]
        #expect(today == .init(completeDay: false, chunks: ChunkCounts([.tenMinutes: 5]), missingChunks: 9))
        let bytes = try Self.bytesOnDisk(root, under: ["2025/10/HV/kilauea/UWE/", "2025/11/HV/kilauea/UWE/"])
        #expect(report.totalSizeBytes == bytes)
    }

    @Test func stationReportOfAnotherVolcanoIsEmpty() async throws {
        let (store, _) = try await Self.makeStore()
        let query = try CacheStatusQuery.parse(
            ["scope": "station", "network": "HV", "station": "UWE", "channel": "HHZ", "volcano": "spurr"],
            catalog: .bundled)
        guard case .station(let report) = try await Self.service(store).report(for: query, now: Self.now) else {
            Issue.record("not a station report")
            return
        }
        #expect(report.daysCached == 0)
        #expect(report.dateRange == .init(earliest: nil, latest: nil))
        #expect(report.completeness.isEmpty)
        #expect(report.totalSizeBytes == 0)
        #expect(report.volcano == "spurr")
    }

    @Test func volcanoReportListsEachChannel() async throws {
        let (store, root) = try await Self.makeStore()
        let service = Self.service(store)
        guard case .volcano(let kilauea) = try await service.report(for: .init(scope: .volcano, volcano: "kilauea"), now: Self.now)
        else {
            Issue.record("not a volcano report")
            return
        }
        let codes = kilauea.stations.map { "\($0.network).\($0.station).\($0.location).\($0.channel)" }
        #expect(codes == ["HV.UWE..HHZ", "HV.UWE.01.HHZ"])
        let lines = kilauea.stations.map { [$0.daysCached, $0.totalChunks10min, $0.totalChunks6h, $0.completeDays] }
        #expect(lines == [[2, 148, 1, 1], [1, 1, 0, 0]])
        #expect(kilauea.region == "hawaii")
        let bytes = try Self.bytesOnDisk(root, under: ["2025/10/HV/kilauea/", "2025/11/HV/kilauea/"])
        #expect(kilauea.totalSizeBytes == bytes)
        #expect(kilauea.totalSizeMB == Self.megabytes(bytes))
        let lineBytes = kilauea.stations.map(\.sizeBytes).reduce(0, +)
        #expect(lineBytes == bytes)

        guard case .volcano(let spurr) = try await service.report(for: .init(scope: .volcano, volcano: "spurr"), now: Self.now)
        else {
            Issue.record("not a volcano report")
            return
        }
        let spurrLines = spurr.stations.map { [$0.daysCached, $0.totalChunks10min, $0.completeDays] }
        #expect(spurrLines == [[2, 2, 0]])
        #expect(spurr.region == "alaska")
        let spurrBytes = try Self.bytesOnDisk(root, under: ["2025/10/AV/spurr/", "2025/11/AV/spurr/"])
        #expect(spurr.totalSizeBytes == spurrBytes)
    }

    @Test func locationReportCoversTheRegionsVolcanoes() async throws {
        let (store, root) = try await Self.makeStore()
        let service = Self.service(store)
        guard case .location(let hawaii) = try await service.report(for: .init(scope: .location, region: "hawaii"), now: Self.now)
        else {
            Issue.record("not a location report")
            return
        }
        #expect(hawaii.location == "hawaii")
        #expect(hawaii.volcanoes == ["kilauea", "maunaloa"])
        #expect(hawaii.totalStations == 2)
        #expect(hawaii.totalDaysCached == 3)
        #expect(hawaii.totalChunks10min == 149)
        let bytes = try Self.bytesOnDisk(root, under: ["2025/10/HV/kilauea/", "2025/11/HV/kilauea/"])
        #expect(hawaii.totalSizeBytes == bytes)
        #expect(hawaii.totalSizeMB == Self.megabytes(bytes))
        let kilauea = hawaii.byVolcano["kilauea"]
        #expect(kilauea?.stations == 2)
        #expect(kilauea?.totalChunks10min == 149)
        #expect(kilauea?.sizeBytes == bytes)
        let maunaloa = hawaii.byVolcano["maunaloa"]
        #expect(maunaloa?.stations == 0)
        #expect(maunaloa?.sizeMB == 0)

        guard case .location(let alaska) = try await service.report(for: .init(scope: .location, region: "alaska"), now: Self.now)
        else {
            Issue.record("not a location report")
            return
        }
        #expect(alaska.volcanoes == ["greatsitkin", "shishaldin", "spurr"])
        #expect(alaska.totalStations == 1)
        #expect(alaska.totalDaysCached == 2)
        #expect(alaska.totalChunks10min == 2)
        #expect(alaska.byVolcano["spurr"]?.stations == 1)
    }

    @Test func allReportSumsEverything() async throws {
        let (store, root) = try await Self.makeStore()
        guard case .all(let report) = try await Self.service(store).report(for: .init(scope: .all), now: Self.now) else {
            Issue.record("not an all report")
            return
        }
        let summary = report.summary
        #expect(summary.totalVolcanoes == 2)
        #expect(summary.totalStations == 3)
        #expect(summary.totalDaysCached == 5)
        #expect(summary.totalChunks == ChunkCounts([.tenMinutes: 151, .oneHour: 1, .sixHours: 1]))
        let bytes = try Self.bytesOnDisk(root, under: [""])
        #expect(summary.totalSizeBytes == bytes)
        #expect(summary.totalSizeMB == Self.megabytes(bytes))
        let hawaii = report.byLocation["hawaii"]
        #expect(hawaii?.volcanoes == 1)
        #expect(hawaii?.stations == 2)
        let alaska = report.byLocation["alaska"]
        #expect(alaska?.volcanoes == 1)
        #expect(alaska?.stations == 1)
        let regionBytes = (hawaii?.sizeBytes ?? 0) + (alaska?.sizeBytes ?? 0)
        #expect(regionBytes == bytes)
        let volcanoes = report.byVolcano.keys.sorted()
        #expect(volcanoes == ["greatsitkin", "kilauea", "maunaloa", "shishaldin", "spurr"])
        #expect(report.byVolcano["spurr"]?.totalChunks10min == 2)
        #expect(report.byVolcano["kilauea"]?.totalChunks6h == 1)
        #expect(report.generatedAt == "2025-11-01T01:15:00Z")
    }

    // MARK: - JSON

    /// The keys `000` shows for each scope (additions are allowed, removals are not).
    static let shapes: [(CacheStatusQuery, [String: Set<String>])] = [
        (
            CacheStatusQuery(scope: .station, network: "HV", station: "UWE", channel: "HHZ", locationCode: ""),
            [
                "": ["scope", "network", "station", "channel", "volcano", "days_cached", "date_range", "total_chunks",
                    "completeness", "total_size_mb"],
                "date_range": ["earliest", "latest"], "total_chunks": ["10min", "1h", "6h", "24h"],
                "completeness.2025-10-31": ["complete_day", "chunks_10min", "chunks_6h", "missing_chunks"],
            ]
        ),
        (
            CacheStatusQuery(scope: .volcano, volcano: "kilauea"),
            [
                "": ["scope", "volcano", "stations", "total_size_mb"],
                "stations.0": ["network", "station", "channel", "days_cached", "total_chunks_10min", "complete_days"],
            ]
        ),
        (
            CacheStatusQuery(scope: .location, region: "hawaii"),
            [
                "": ["scope", "location", "volcanoes", "total_stations", "total_days_cached", "total_size_mb", "by_volcano"],
                "by_volcano.kilauea": ["stations", "total_chunks_10min", "size_mb"],
            ]
        ),
        (
            CacheStatusQuery(scope: .all),
            [
                "": ["scope", "summary", "by_location", "by_volcano"],
                "summary": ["total_volcanoes", "total_stations", "total_days_cached", "total_chunks_10min",
                    "total_chunks_6h", "total_size_mb"],
                "by_location.hawaii": ["volcanoes", "stations", "size_mb"],
                "by_volcano.spurr": ["stations", "total_chunks_10min", "size_mb"],
            ]
        ),
    ]

    @Test func reportsEncodeTo000sShapes() async throws {
        let (store, _) = try await Self.makeStore()
        let service = Self.service(store)
        for (query, shape) in Self.shapes {
            let report = try await service.report(for: query, now: Self.now)
            let json = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(report))
            let top = try #require(json as? [String: Any])
            let scope = top["scope"] as? String
            #expect(scope == query.scope.rawValue)
            for (path, keys) in shape {
                let object = Self.object(at: path, in: top)
                let found = Set(object?.keys.map { $0 } ?? [])
                let missing = keys.subtracting(found)
                #expect(missing.isEmpty, "\(query.scope) \(path): missing \(missing.sorted())")
            }
        }
    }

    /// The JSON object at a dotted path (`stations.0`, `completeness.2025-10-31`).
    static func object(at path: String, in top: [String: Any]) -> [String: Any]? {
        var current: Any = top
        for part in path.split(separator: ".", maxSplits: path.hasPrefix("completeness") ? 1 : Int.max) {
            if let array = current as? [Any], let index = Int(part), array.indices.contains(index) {
                current = array[index]
            } else if let object = current as? [String: Any], let next = object[String(part)] {
                current = next
            } else {
                return nil
            }
        }
        return current as? [String: Any]
    }

    @Test func emptyDateRangeEncodesNulls() async throws {
        let store = FileSystemStore(root: try TestSupport.temporaryFolder().path)
        let query = CacheStatusQuery(scope: .station, network: "HV", station: "UWE", channel: "HHZ")
        let report = try await Self.service(store).report(for: query, now: Self.now)
        let json = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(report))
        let range = (json as? [String: Any])?["date_range"] as? [String: Any]
        #expect(range?["earliest"] is NSNull)
        #expect(range?["latest"] is NSNull)
        let days = (json as? [String: Any])?["days_cached"] as? Int
        #expect(days == 0)
    }
}
