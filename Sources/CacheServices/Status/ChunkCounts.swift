package import ChunkStore

/// Chunk counts of every known kind (`ChunkKind.allCases`), written under the kind's name:
/// the station scope's `total_chunks` (`{"10min": 148, "1h": 0, "6h": 1, "24h": 0}`), its
/// days' `chunks_<kind>` and the `all` scope's `total_chunks_<kind>`. A new kind shows up in
/// each of them without a change here.
package struct ChunkCounts: Sendable, Hashable, Encodable {
    /// Counts of the known kinds that are not zero.
    private var counts: [ChunkKind: Int] = [:]

    /// Counts given per kind (kinds that are not known are left out; missing kinds count 0).
    package init(_ counts: [ChunkKind: Int] = [:]) {
        for kind in ChunkKind.allCases { self[kind] = counts[kind] ?? 0 }
    }

    /// Each known kind's count as `count` gives it.
    package init(counting count: (ChunkKind) -> Int) {
        for kind in ChunkKind.allCases { self[kind] = count(kind) }
    }

    /// The sum of several counts.
    package init(summing parts: some Sequence<ChunkCounts>) {
        for part in parts { add(part) }
    }

    /// The count of one kind (0 for a kind that is not known).
    package subscript(kind: ChunkKind) -> Int {
        get { counts[kind] ?? 0 }
        set {
            guard kind.isKnown else { return }
            counts[kind] = newValue == 0 ? nil : newValue
        }
    }

    /// Adds another count kind by kind.
    package mutating func add(_ other: ChunkCounts) {
        for (kind, count) in other.counts { self[kind] += count }
    }

    /// Encodes `{"<kind>": count, ...}`, every known kind, shortest first.
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: StatusCodingKey.self)
        try encode(into: &c, prefix: "")
    }

    /// Writes `<prefix><kind>` for every known kind, shortest first, into a report's object.
    func encode(into container: inout KeyedEncodingContainer<StatusCodingKey>, prefix: String) throws {
        for kind in ChunkKind.allCases { try container.encode(self[kind], for: prefix + kind.rawValue) }
    }
}
