import ChunkStore
import SeedCore
import Pipeline

extension CacheStatusReport {
    /// The report of a query from what its walk found.
    /// - Parameters:
    ///   - query: the query (its scope picks the shape).
    ///   - inventory: the channels found, already filtered by the query.
    ///   - catalog: regions and volcanoes.
    ///   - now: the report's time (missing windows of the current day, `generated_at`).
    init(query: CacheStatusQuery, inventory: StatusInventory, catalog: StationCatalog, now: UTCTime) {
        let generatedAt = now.iso8601()
        switch query.scope {
        case .station:
            self = .station(Self.station(query, inventory: inventory, catalog: catalog, now: now, generatedAt: generatedAt))
        case .volcano:
            let volcano = query.volcano ?? ""
            let channels = inventory.volcanoes[volcano] ?? [:]
            let lines = channels.keys.sorted().map { id in
                let channel = channels[id] ?? ChannelInventory()
                return StationLine(
                    network: id.network, station: id.station, location: id.location, channel: id.channel,
                    daysCached: channel.days.count, totalChunks10min: channel.totals[.tenMinutes],
                    totalChunks6h: channel.totals[.sixHours], completeDays: channel.completeDays,
                    sizeBytes: channel.bytes,
                    sizeMB: StatusInventory.megabytes(channel.bytes))
            }
            let bytes = channels.values.reduce(0) { $0 + $1.bytes }
            self = .volcano(
                Volcano(
                    volcano: volcano, region: catalog.volcanoes[volcano]?.region, stations: lines, totalSizeBytes: bytes,
                    totalSizeMB: StatusInventory.megabytes(bytes), generatedAt: generatedAt))
        case .location:
            let region = query.region ?? ""
            let names = CacheStatusQuery.volcanoes(of: catalog, in: region)
            let channels = inventory.channels(in: names)
            let bytes = channels.values.reduce(0) { $0 + $1.bytes }
            self = .location(
                Location(
                    location: region, volcanoes: names.sorted(), totalStations: channels.count,
                    totalDaysCached: channels.values.reduce(0) { $0 + $1.days.count },
                    totalChunks10min: Self.totals(channels)[.tenMinutes], totalSizeBytes: bytes,
                    totalSizeMB: StatusInventory.megabytes(bytes),
                    byVolcano: Dictionary(
                        uniqueKeysWithValues: names.map { ($0, Self.summary(inventory.volcanoes[$0] ?? [:])) }),
                    generatedAt: generatedAt))
        case .all:
            self = .all(Self.all(inventory: inventory, catalog: catalog, generatedAt: generatedAt))
        }
    }

    private static func station(
        _ query: CacheStatusQuery, inventory: StatusInventory, catalog: StationCatalog, now: UTCTime,
        generatedAt: String
    ) -> Station {
        let channels = inventory.channels()
        let locations = Set(channels.keys.map(\.location)).sorted()
        let folders = inventory.volcanoes.keys.sorted()
        var days: [CalendarDay: DayCompleteness] = [:]
        for channel in channels.values {
            for (day, counts) in channel.days {
                let line = DayCompleteness(
                    completeDay: counts.completeDay, chunks: counts.counts,
                    missingChunks: counts.missingWindows(of: day, now: now))
                guard var sum = days[day] else {
                    days[day] = line
                    continue
                }
                // Several location codes: a day is complete when each channel's is.
                sum.completeDay = sum.completeDay && line.completeDay
                sum.chunks.add(line.chunks)
                sum.missingChunks += line.missingChunks
                days[day] = sum
            }
        }
        let bytes = channels.values.reduce(0) { $0 + $1.bytes }
        let sortedDays = days.keys.sorted()
        return Station(
            network: query.network ?? "", station: query.station ?? "", channel: query.channel ?? "",
            location: query.locationCode ?? (locations.count == 1 ? locations.first : nil), locations: locations,
            volcano: query.volcano ?? folders.first ?? catalogVolcano(of: query, in: catalog), volcanoes: folders,
            daysCached: days.count,
            dateRange: DateRange(earliest: sortedDays.first?.description, latest: sortedDays.last?.description),
            totalChunks: Self.totals(channels),
            completeness: Dictionary(uniqueKeysWithValues: days.map { ($0.key.description, $0.value) }),
            totalSizeBytes: bytes, totalSizeMB: StatusInventory.megabytes(bytes), generatedAt: generatedAt)
    }

    /// The first catalog volcano listing the queried channel, for a station with nothing cached.
    private static func catalogVolcano(of query: CacheStatusQuery, in catalog: StationCatalog) -> String? {
        catalog.volcanoes.keys.sorted().first { name in
            guard let volcano = catalog.volcanoes[name] else { return false }
            return (volcano.seismic + volcano.infrasound).contains { entry in
                entry.network == query.network && entry.station == query.station && entry.channel == query.channel
                    && (query.locationCode.map { $0 == entry.location } ?? true)
            }
        }
    }

    private static func all(inventory: StatusInventory, catalog: StationCatalog, generatedAt: String) -> All {
        let names = Set(inventory.volcanoes.keys).union(catalog.volcanoes.keys)
        func region(_ volcano: String) -> String { catalog.volcanoes[volcano]?.region ?? "other" }
        let byRegion = Dictionary(grouping: names, by: region)
        let byLocation = byRegion.mapValues { volcanoes in
            let channels = inventory.channels(in: Set(volcanoes))
            let bytes = channels.values.reduce(0) { $0 + $1.bytes }
            return RegionSummary(
                volcanoes: volcanoes.filter { !(inventory.volcanoes[$0]?.isEmpty ?? true) }.count,
                stations: channels.count, sizeBytes: bytes, sizeMB: StatusInventory.megabytes(bytes))
        }
        let channels = inventory.channels()
        let bytes = channels.values.reduce(0) { $0 + $1.bytes }
        let summary = Summary(
            totalVolcanoes: inventory.volcanoes.values.filter { !$0.isEmpty }.count, totalStations: channels.count,
            totalDaysCached: channels.values.reduce(0) { $0 + $1.days.count }, totalChunks: Self.totals(channels),
            totalSizeBytes: bytes, totalSizeMB: StatusInventory.megabytes(bytes))
        return All(
            summary: summary, byLocation: byLocation,
            byVolcano: Dictionary(uniqueKeysWithValues: names.map { ($0, Self.summary(inventory.volcanoes[$0] ?? [:])) }),
            generatedAt: generatedAt)
    }

    /// A volcano's totals from its channels.
    private static func summary(_ channels: [SourceID: ChannelInventory]) -> VolcanoSummary {
        let bytes = channels.values.reduce(0) { $0 + $1.bytes }
        let totals = Self.totals(channels)
        return VolcanoSummary(
            stations: channels.count, daysCached: channels.values.reduce(0) { $0 + $1.days.count },
            totalChunks10min: totals[.tenMinutes], totalChunks6h: totals[.sixHours], sizeBytes: bytes,
            sizeMB: StatusInventory.megabytes(bytes))
    }

    /// Chunks per kind over channels.
    private static func totals(_ channels: [SourceID: ChannelInventory]) -> ChunkCounts {
        ChunkCounts(summing: channels.values.map(\.totals))
    }
}
