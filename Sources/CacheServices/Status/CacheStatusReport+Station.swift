import Pipeline
extension CacheStatusReport {
    /// `scope=station`: one channel's days.
    ///
    /// When the query names no location code and the station has several, the numbers cover
    /// all of them (``locations`` lists them): chunk counts and missing windows are summed per
    /// date, and a date is complete when every channel with a file that day is.
    package struct Station: Sendable, Hashable, Encodable {
        /// SEED network code.
        package var network: String
        /// SEED station code.
        package var station: String
        /// SEED channel code.
        package var channel: String
        /// The location code asked for, or the one found; `nil` when several match.
        package var location: String?
        /// Location codes found, sorted.
        package var locations: [String]
        /// The volcano it is filed under (the first when several), else the catalog's.
        package var volcano: String?
        /// Every volcano folder holding it, sorted.
        package var volcanoes: [String]
        /// Days with a day-metadata file.
        package var daysCached: Int
        /// First and last of those days.
        package var dateRange: DateRange
        /// Chunks per kind over those days.
        package var totalChunks: ChunkCounts
        /// Per day (`YYYY-MM-DD`).
        package var completeness: [String: DayCompleteness]
        /// Listed chunk and metadata bytes.
        package var totalSizeBytes: Int
        /// The same in MB (10⁶ bytes), rounded to 0.1.
        package var totalSizeMB: Double
        /// When the numbers were taken.
        package var generatedAt: String

        /// Encodes `000`'s station shape.
        package func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: StatusCodingKey.self)
            try c.encode(CacheStatusScope.station.rawValue, for: "scope")
            try c.encode(network, for: "network")
            try c.encode(station, for: "station")
            try c.encode(location, orNullFor: "location")
            try c.encode(channel, for: "channel")
            try c.encode(locations, for: "locations")
            try c.encode(volcano, orNullFor: "volcano")
            try c.encode(volcanoes, for: "volcanoes")
            try c.encode(daysCached, for: "days_cached")
            try c.encode(dateRange, for: "date_range")
            try c.encode(totalChunks, for: "total_chunks")
            // Newest first, as `000`'s example.
            var days = c.nestedContainer(keyedBy: StatusCodingKey.self, forKey: StatusCodingKey("completeness"))
            for date in completeness.keys.sorted(by: >) {
                if let day = completeness[date] { try days.encode(day, for: date) }
            }
            try c.encode(totalSizeMB, for: "total_size_mb")
            try c.encode(totalSizeBytes, for: "total_size_bytes")
            try c.encode(generatedAt, for: "generated_at")
        }
    }

    /// The first and last cached day (`YYYY-MM-DD`), `null` when none.
    package struct DateRange: Sendable, Hashable, Encodable {
        /// The first day.
        package var earliest: String?
        /// The last day.
        package var latest: String?

        /// Creates a range.
        package init(earliest: String?, latest: String?) {
            self.earliest = earliest
            self.latest = latest
        }

        /// Encodes `{"earliest": ..., "latest": ...}`.
        package func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: StatusCodingKey.self)
            try c.encode(earliest, orNullFor: "earliest")
            try c.encode(latest, orNullFor: "latest")
        }
    }

    /// One day of a channel.
    package struct DayCompleteness: Sendable, Hashable, Encodable {
        /// The metadata's `complete_day`.
        package var completeDay: Bool
        /// Entries per kind (`chunks_10min`, `chunks_1h`, ...).
        package var chunks: ChunkCounts
        /// 10-minute windows without a `10min` entry: of the whole day, or for the current UTC
        /// day of the windows ended by the report's time (floored to 10 minutes).
        package var missingChunks: Int

        /// Creates a day's line.
        package init(completeDay: Bool, chunks: ChunkCounts, missingChunks: Int) {
            self.completeDay = completeDay
            self.chunks = chunks
            self.missingChunks = missingChunks
        }

        /// Encodes `complete_day`, `chunks_<kind>` of every kind and `missing_chunks`.
        package func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: StatusCodingKey.self)
            try c.encode(completeDay, for: "complete_day")
            try chunks.encode(into: &c, prefix: "chunks_")
            try c.encode(missingChunks, for: "missing_chunks")
        }
    }
}
