import Foundation

extension DayMetadata: Codable {
    private static let known: Set<String> = [
        "date", "network", "volcano", "station", "location", "channel", "sample_rate", "format",
        "instrument_type", "latitude", "longitude", "elevation_m", "created_at", "updated_at", "complete_day",
        "normalization", "chunks", "total_samples", "total_duration_seconds",
    ]

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        func key(_ name: String) -> AnyCodingKey { AnyCodingKey(name) }
        date = try c.decode(String.self, forKey: key("date"))
        network = try c.decode(String.self, forKey: key("network"))
        volcano = try c.decode(String.self, forKey: key("volcano"))
        station = try c.decode(String.self, forKey: key("station"))
        location = try c.decodeIfPresent(String.self, forKey: key("location")) ?? ""
        channel = try c.decode(String.self, forKey: key("channel"))
        sampleRate = try c.decode(Double.self, forKey: key("sample_rate"))
        format = try c.decodeIfPresent(String.self, forKey: key("format")) ?? "int32"
        instrumentType = try c.decodeIfPresent(String.self, forKey: key("instrument_type"))
        latitude = try c.decodeIfPresent(Double.self, forKey: key("latitude"))
        longitude = try c.decodeIfPresent(Double.self, forKey: key("longitude"))
        elevationM = try c.decodeIfPresent(Double.self, forKey: key("elevation_m"))
        createdAt = try c.decodeIfPresent(String.self, forKey: key("created_at"))
        updatedAt = try c.decodeIfPresent(String.self, forKey: key("updated_at"))
        completeDay = try c.decodeIfPresent(Bool.self, forKey: key("complete_day")) ?? false
        normalization = try c.decodeIfPresent(Normalization.self, forKey: key("normalization"))
        // Recomputed on every write: a value of another shape is not a reason to refuse the file.
        totalSamples = try? c.decodeIfPresent(Int.self, forKey: key("total_samples"))
        totalDurationSeconds = try? c.decodeIfPresent(Int.self, forKey: key("total_duration_seconds"))
        let lists = try c.decodeIfPresent([String: [ChunkEntry]].self, forKey: key("chunks")) ?? [:]
        var chunks = Dictionary(uniqueKeysWithValues: ChunkKind.allCases.map { ($0, [ChunkEntry]()) })
        for (name, entries) in lists {
            // Older writers appended: sort, and keep the last entry written for a start.
            var byStart: [String: ChunkEntry] = [:]
            for entry in entries { byStart[entry.start] = entry }
            chunks[ChunkKind(rawValue: name)] = byStart.values.sorted { $0.start < $1.start }
        }
        self.chunks = chunks
        extra = try c.unknownFields(known: Self.known)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyCodingKey.self)
        func key(_ name: String) -> AnyCodingKey { AnyCodingKey(name) }
        try c.encode(date, forKey: key("date"))
        try c.encode(network, forKey: key("network"))
        try c.encode(volcano, forKey: key("volcano"))
        try c.encode(station, forKey: key("station"))
        try c.encode(location, forKey: key("location"))
        try c.encode(channel, forKey: key("channel"))
        try c.encode(sampleRate, forKey: key("sample_rate"))
        try c.encode(format, forKey: key("format"))
        try c.encodeIfPresent(instrumentType, forKey: key("instrument_type"))
        try c.encodeIfPresent(latitude, forKey: key("latitude"))
        try c.encodeIfPresent(longitude, forKey: key("longitude"))
        try c.encodeIfPresent(elevationM, forKey: key("elevation_m"))
        try c.encodeIfPresent(createdAt, forKey: key("created_at"))
        try c.encodeIfPresent(updatedAt, forKey: key("updated_at"))
        try c.encode(completeDay, forKey: key("complete_day"))
        try c.encodeIfPresent(normalization, forKey: key("normalization"))
        try c.encodeIfPresent(totalSamples, forKey: key("total_samples"))
        try c.encodeIfPresent(totalDurationSeconds, forKey: key("total_duration_seconds"))
        let lists = Dictionary(uniqueKeysWithValues: chunks.map { ($0.key.rawValue, $0.value) })
        try c.encode(lists, forKey: key("chunks"))
        try c.encodeUnknownFields(extra, known: Self.known)
    }

    /// Reads a day-metadata file.
    /// - Throws: ``MetadataError`` when the bytes are not a day-metadata JSON object.
    public init(json bytes: [UInt8]) throws(MetadataError) {
        do {
            self = try JSONDecoder().decode(DayMetadata.self, from: Data(bytes))
        } catch {
            throw MetadataError(
                code: .unreadable,
                message: "not a day-metadata file (\(error)); fix or delete it, the next write recreates it")
        }
    }

    /// The file's bytes: pretty-printed JSON with sorted keys (stable, readable diffs).
    /// - Throws: ``MetadataError`` (`unreadable`) when a number is not finite.
    public func jsonBytes() throws(MetadataError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(self))
        } catch {
            throw MetadataError(code: .unreadable, message: "cannot encode the day metadata of \(date): \(error)")
        }
    }
}
