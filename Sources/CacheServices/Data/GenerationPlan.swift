import ChunkStore
import SeedCore
import Pipeline

/// The chunks to generate for the holes of a `/data` request (001): `1h` chunks for the
/// first 6 hours of the request, `6h` chunks to 24 hours, `24h` chunks beyond, each aligned
/// to its own length (so requests share chunks), never overshooting the request by more
/// than an hour, and `10min` chunks at the leading edge where a whole hour is not available
/// yet. Windows are in time order, which is also 001's upload priority.
struct GenerationPlan {
    var windows: [ChunkWindow] = []

    init(holes: [TimeWindow], requestStart: UTCTime, availableEnd: UTCTime) {
        let available = availableEnd.secondsFloor
        let origin = requestStart.secondsFloor
        for hole in holes {
            var cursor = TickPlan.floor(hole.start.secondsFloor, to: 3600)
            // Coarse chunks end by the request's end rounded up to the hour, and by the data.
            let limit = min(TickPlan.floor(hole.end.secondsFloor + 3599, to: 3600), available)
            let end = hole.end.secondsFloor
            while cursor < end {
                if let last = windows.last, last.window.end.secondsFloor > cursor {
                    cursor = last.window.end.secondsFloor
                    continue
                }
                let offset = cursor - origin
                let length: Int64
                if offset >= 86_400, cursor % 86_400 == 0, cursor + 86_400 <= limit {
                    length = 86_400
                } else if offset >= 21_600, cursor % 21_600 == 0, cursor + 21_600 <= limit {
                    length = 21_600
                } else if cursor + 3600 <= available {
                    length = 3600
                } else {
                    // Leading edge: the 10-minute windows that are complete.
                    var start = TickPlan.floor(max(cursor, hole.start.secondsFloor), to: 600)
                    while start < end && start + 600 <= available {
                        windows.append(ChunkWindow(kind: .tenMinutes, window: TimeWindow(start: UTCTime(seconds: start), end: UTCTime(seconds: start + 600))))
                        start += 600
                    }
                    break
                }
                let kind = ChunkKind(seconds: length) ?? .oneHour
                windows.append(ChunkWindow(kind: kind, window: TimeWindow(start: UTCTime(seconds: cursor), end: UTCTime(seconds: cursor + length))))
                cursor += length
            }
        }
    }

    /// Consecutive windows grouped into fetch segments of at most 24 hours (one request each).
    var segments: [[ChunkWindow]] {
        var segments: [[ChunkWindow]] = []
        var current: [ChunkWindow] = []
        for item in windows {
            if let first = current.first,
                item.window.end.secondsFloor - first.window.start.secondsFloor > 86_400
                    || current.last.map({ $0.window.end != item.window.start }) == true
            {
                segments.append(current)
                current = []
            }
            current.append(item)
        }
        if !current.isEmpty { segments.append(current) }
        return segments
    }
}
