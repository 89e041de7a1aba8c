import ChunkStore
import SeedCore
import Pipeline

/// Which stored chunks cover a range: from each point the coarsest chunk that contains it
/// (001: one `24h` chunk rather than 144 `10min` ones), and the holes nothing covers.
struct Coverage {
    /// A chunk the day metadata records, with its absolute bounds.
    struct Candidate {
        var kind: ChunkKind
        var key: ChunkKey
        var entry: ChunkEntry
        var window: TimeWindow { key.window }
    }

    var chunks: [Candidate] = []
    var holes: [TimeWindow] = []

    var complete: Bool { holes.isEmpty }

    /// The candidates of some day-metadata files.
    static func candidates(_ days: [DayMetadata], channel: ChannelKey) -> [Candidate] {
        var candidates: [Candidate] = []
        for metadata in days {
            guard let day = CalendarDay(metadata.date) else { continue }
            for (kind, entry) in metadata.allEntries {
                guard let start = entry.startSecond, let end = entry.endSecond,
                    let key = try? ChunkKey(
                        channel: channel, start: day.start.adding(seconds: Int64(start)),
                        end: day.start.adding(seconds: Int64(end)))
                else { continue }
                candidates.append(Candidate(kind: kind, key: key, entry: entry))
            }
        }
        return candidates.sorted { $0.key.start < $1.key.start }
    }

    /// Covers `range` greedily with the coarsest candidate at each point.
    init(range: TimeWindow, candidates: [Candidate]) {
        var time = range.start
        while time < range.end {
            let containing = candidates.filter { $0.key.start <= time && time < $0.key.end }
            if let best = containing.max(by: { ($0.window.seconds, $0.key.end) < ($1.window.seconds, $1.key.end) }) {
                chunks.append(best)
                time = best.key.end
            } else {
                let next = candidates.first { $0.key.start > time }.map(\.key.start) ?? range.end
                let holeEnd = min(next, range.end)
                holes.append(TimeWindow(start: time, end: holeEnd))
                time = holeEnd
            }
        }
    }
}
