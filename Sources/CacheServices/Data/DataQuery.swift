package import ChunkStore
package import SeedCore
package import Pipeline

/// A `GET /data` request (001): one channel of one volcano over `[start, end)`.
package struct DataQuery: Sendable, Hashable {
    /// The channel's SEED codes.
    package var sourceID: SourceID
    /// The volcano its keys are filed under.
    package var volcano: String
    /// The requested range on whole seconds (start floored, end ceiled).
    package var range: TimeWindow

    /// The channel and its volcano (rate not known yet).
    package var home: ChannelHome { ChannelHome(sourceID: sourceID, volcano: volcano) }

    /// Creates a query from validated parts.
    package init(sourceID: SourceID, volcano: String, range: TimeWindow) {
        self.sourceID = sourceID
        self.volcano = volcano
        self.range = range
    }

    /// Parses the query parameters `network, volcano, station, location, channel`, and the
    /// range: `start` + `end`, `start` + `duration`, or `duration` alone ("latest": the
    /// duration ending at `latestEnd`).
    /// - Parameters:
    ///   - parameters: the URL's query (an empty or `--` location is the empty code).
    ///   - maximumHours: the longest span accepted.
    ///   - latestEnd: the newest data there can be (``DataService/availableEnd(now:)``), the
    ///     end of a `duration` without `start`.
    /// - Throws: ``FieldError`` naming the first bad parameter.
    package static func parse(
        _ parameters: [String: String], maximumHours: Int, latestEnd: UTCTime? = nil
    ) throws(FieldError) -> DataQuery {
        let home = try channel(parameters)
        let id = home.sourceID
        let volcano = home.volcano
        func required(_ name: String) throws(FieldError) -> String { try Self.required(name, in: parameters) }
        func time(_ name: String) throws(FieldError) -> UTCTime {
            let text = try required(name)
            guard let time = InputTime.parse(text) else {
                throw FieldError(field: name, message: "\"\(text)\" is not \(InputTime.expected)")
            }
            return time
        }
        let start: UTCTime
        let end: UTCTime
        if let text = parameters["duration"], !text.isEmpty {
            guard parameters["end"].map({ $0.isEmpty }) ?? true else {
                throw FieldError(field: "duration", message: "give end or duration, not both")
            }
            guard let seconds = Self.durationSeconds(text) else {
                throw FieldError(
                    field: "duration", message: "\"\(text)\" is not a duration from 10m to 7d like 10m, 1h, 6h, 24h, 3d")
            }
            if parameters["start"].map({ !$0.isEmpty }) ?? false {
                start = UTCTime(seconds: try time("start").secondsFloor)
                end = start.adding(seconds: seconds)
            } else {
                guard let latestEnd else {
                    throw FieldError(field: "start", message: "start is required")
                }
                end = latestEnd.flooredToSecond
                start = end.adding(seconds: -seconds)
            }
        } else {
            start = UTCTime(seconds: try time("start").secondsFloor)
            let endTime = try time("end")
            end = UTCTime(seconds: endTime.secondsFloor + (endTime.isWholeSecond ? 0 : 1))
        }
        guard end > start else { throw FieldError(field: "end", message: "end must be after start") }
        guard end.secondsFloor - start.secondsFloor <= Int64(maximumHours) * 3600 else {
            throw FieldError(
                field: parameters["duration"] == nil ? "end" : "duration",
                message: "the span is longer than \(maximumHours) hours; ask for less")
        }
        return DataQuery(sourceID: id, volcano: volcano, range: TimeWindow(start: start, end: end))
    }

    /// Parses the channel part of a query, `network, volcano, station, location, channel`
    /// (`/data` and `/live` alike): an empty or `--` location is the empty code, every code
    /// and the volcano checked against the key layout.
    /// - Throws: ``FieldError`` naming the first missing or bad parameter.
    package static func channel(_ parameters: [String: String]) throws(FieldError) -> ChannelHome {
        func required(_ name: String) throws(FieldError) -> String { try Self.required(name, in: parameters) }
        let location = parameters["location"].map { $0 == "--" ? "" : $0 } ?? ""
        let id = SourceID(
            network: try required("network"), station: try required("station"), location: location,
            channel: try required("channel"))
        let volcano = try required("volcano")
        do {
            try ChannelKey.validate(id)
            try ChannelKey.validate(volcano: volcano)
        } catch {
            throw FieldError(field: error.field, message: error.message)
        }
        return ChannelHome(sourceID: id, volcano: volcano)
    }

    /// The non-empty value of parameter `name`.
    /// - Throws: ``FieldError`` naming it when it is missing or empty.
    private static func required(_ name: String, in parameters: [String: String]) throws(FieldError) -> String {
        guard let value = parameters[name], !value.isEmpty else {
            throw FieldError(field: name, message: "\(name) is required")
        }
        return value
    }

    /// The shortest and longest `duration` (001: 10 minutes to 7 days).
    package static let durationRange: ClosedRange<Int64> = 600...(7 * 86_400)

    /// Seconds of a `duration` (`<N>m`, `<N>h` or `<N>d`, 10 minutes to 7 days), else `nil`.
    /// The count is range-checked before it is multiplied.
    package static func durationSeconds(_ text: String) -> Int64? {
        guard let unit = text.last, text.count >= 2, text.count <= 6,
            let count = Int64(text.dropLast()), count > 0, count <= 10_080
        else { return nil }
        let seconds: Int64
        switch unit {
        case "m": seconds = count * 60
        case "h": seconds = count * 3600
        case "d": seconds = count * 86_400
        default: return nil
        }
        return durationRange.contains(seconds) ? seconds : nil
    }
}
