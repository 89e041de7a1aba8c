import ChunkStore
import SeedCore
import Pipeline

/// The chunks to generate for the holes of a `/data` request (001), on `ChunkKind`'s
/// generation ladder: `1h` chunks for the first 6 hours of the request, `6h` chunks to 24
/// hours, `24h` chunks beyond, each aligned to its own length (so requests share chunks),
/// never overshooting the request by more than the finest step (an hour), and `10min` chunks
/// at the leading edge where a whole hour is not available yet. Windows are in time order,
/// which is also 001's upload priority.
struct GenerationPlan {
    /// The longest fetch segment: one source request of at most 24 hours (DESIGN).
    static let maximumSegmentSeconds: Int64 = 86_400

    var windows: [ChunkWindow] = []

    /// Plans the chunks of a request's holes.
    /// - Parameters:
    ///   - holes: the spans of the request nothing stored covers, in time order.
    ///   - requestStart: where the request starts (the ladder counts from it).
    ///   - availableEnd: the source has data up to here; no chunk ends after it.
    init(holes: [TimeWindow], requestStart: UTCTime, availableEnd: UTCTime) {
        guard let finest = ChunkKind.generationLadder.first else { return }
        let available = availableEnd.flooredToSecond
        let origin = requestStart.secondsFloor
        for hole in holes {
            let (holeStart, end) = (hole.start.flooredToSecond, hole.end.flooredToSecond)
            guard var cursor = finest.windowStart(containing: holeStart),
                let roundedEnd = finest.boundary(atOrAfter: end)
            else { continue }
            // Coarse chunks end by the request's end rounded up to the finest step, and by the data.
            let limit = min(roundedEnd, available)
            while cursor < end {
                if let last = windows.last, last.window.end > cursor {
                    cursor = last.window.end
                    continue
                }
                guard
                    let kind = ChunkKind.ladderStep(
                        at: cursor, secondsIntoRequest: cursor.secondsFloor - origin, endingBy: limit),
                    let window = kind.window(containing: cursor)
                else {
                    // Leading edge: the complete windows of the finest kind.
                    if let edge = ChunkKind.leadingEdge {
                        let span = TimeWindow(start: max(cursor, holeStart), end: end)
                        windows += edge.windows(covering: span).prefix { $0.end <= available }
                            .map { ChunkWindow(kind: edge, window: $0) }
                    }
                    break
                }
                windows.append(ChunkWindow(kind: kind, window: window))
                cursor = window.end
            }
        }
    }

    /// Consecutive windows grouped into fetch segments of at most ``maximumSegmentSeconds``
    /// (one request each).
    var segments: [[ChunkWindow]] {
        var segments: [[ChunkWindow]] = []
        var current: [ChunkWindow] = []
        for item in windows {
            if let first = current.first,
                item.window.end.secondsFloor - first.window.start.secondsFloor > Self.maximumSegmentSeconds
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
