/// Joins decoded records into traces with the rules of ObsPy's `readMSEEDBuffer`
/// (`obspy/io/mseed/src/obspy-readbuffer.c`): a record extends the *last* trace of its
/// channel and quality when both have samples of the same kind, their rates agree within
/// libmseed's tolerance (|1 - r1/r2| < 0.0001) and the record starts within half a sample
/// period of where the trace's next sample is due. Times are libmseed's microseconds.
struct TraceBuilder {
    private struct Key: Hashable {
        var id: SourceID
        var quality: Character
        /// The publication version (miniSEED 2 quality R, D, Q, M as 1-4, as libmseed 3 maps
        /// it), so that miniSEED 2 and 3 records of one channel and version join.
        var version: UInt8
        /// libmseed's raw codes when they differ from `id` (see ``RecordHeader/libmseedCodes``).
        var codes: String?

        init(_ header: RecordHeader) {
            id = header.sourceID
            quality = header.quality
            version = header.publicationVersion ?? RecordHeader.publicationVersion(quality: header.quality)
            codes = header.libmseedCodes
        }
    }

    private struct Segment {
        var kind: SampleKind
        var start: Int64
        var endMicros: Int64
        var rate: Double
        var hpDelta: Int64
        var count: Int
        var ints = ContiguousArray<Int32>()
        var floats = ContiguousArray<Float>()
        var doubles = ContiguousArray<Double>()
        var bytes = ContiguousArray<UInt8>()
    }

    /// Segments grouped by key, keys in order of first appearance.
    private var groups: [[Segment]] = []
    private var groupIndex: [Key: Int] = [:]
    private var groupKeys: [Key] = []
    private var lastToken = 0
    private var lastGroup = 0

    /// Planned sample counts of the traces records will start (by record index), from a
    /// dry run of the joining rules over the headers, so storage is allocated once.
    private var plannedCapacity: [Int] = []
    private var recordIndex = 0

    /// Runs the joining rules over the headers alone (as if every record decodes) and
    /// remembers how many samples each trace will hold.
    mutating func plan(_ records: [ParsedRecord]) {
        plannedCapacity = []
        plannedCapacity.reserveCapacity(records.count)
        var started: [(record: Int, group: Int, segment: Int)] = []
        var dry = TraceBuilder()
        records.withUnsafeBufferPointer { records in
            for index in records.indices {
                let place = dry.join(
                    records[index].header, token: records[index].token,
                    kind: records[index].header.encoding.sampleKind ?? .int32, samples: nil)
                plannedCapacity.append(0)
                if place.started { started.append((index, place.group, place.segment)) }
            }
        }
        // The dry run's segments counted every sample they would hold.
        for s in started { plannedCapacity[s.record] = dry.groups[s.group][s.segment].count }
    }

    /// Notes that the next planned record failed to decode.
    mutating func skip() { recordIndex += 1 }

    mutating func add(_ header: RecordHeader, token: Int, samples: UnsafeMutableRawPointer, kind: SampleKind) {
        let capacity = recordIndex < plannedCapacity.count ? plannedCapacity[recordIndex] : 0
        recordIndex += 1
        _ = join(header, token: token, kind: kind, samples: samples, reserve: capacity)
    }

    /// Appends the record to the last trace of its channel and quality when it continues
    /// it, else starts a new trace; returns where the record went.
    @discardableResult
    private mutating func join(
        _ header: RecordHeader, token: Int, kind: SampleKind, samples: UnsafeMutableRawPointer?, reserve: Int = 0
    ) -> (group: Int, segment: Int, started: Bool) {
        let g: Int
        if token != 0 && token == lastToken {
            // Same quality and codes as the last record (the reader numbered them): the common case.
            g = lastGroup
        } else {
            let key = Key(header)
            if let existing = groupIndex[key] {
                g = existing
            } else {
                g = groups.count
                groups.append([])
                groupKeys.append(key)
                groupIndex[key] = g
            }
            lastToken = token
            lastGroup = g
        }
        let startMicros = header.startTime.nanoseconds / 1000
        let lastIndex = groups[g].count - 1
        if lastIndex >= 0 {
            // Only the scalar fields are read: a copy of the segment would share its sample
            // storage and make the append below copy the whole trace.
            let hpDelta = groups[g][lastIndex].hpDelta
            let tolerance = Int64(0.5 * Double(hpDelta))
            let gap = startMicros &- groups[g][lastIndex].endMicros &- hpDelta
            if groups[g][lastIndex].count > 0, header.sampleCount > 0, groups[g][lastIndex].kind == kind,
                abs(1.0 - groups[g][lastIndex].rate / header.sampleRate) < 0.0001, gap <= tolerance, gap >= -tolerance
            {
                if let samples { Self.append(samples, count: header.sampleCount, kind: kind, to: &groups[g][lastIndex]) }
                groups[g][lastIndex].count += header.sampleCount
                groups[g][lastIndex].endMicros = header.libmseedEndMicroseconds
                return (g, lastIndex, false)
            }
        }
        var segment = Segment(
            kind: kind, start: header.startTime.nanoseconds, endMicros: header.libmseedEndMicroseconds,
            rate: header.sampleRate,
            hpDelta: header.sampleRate > 0 ? Int64(ObsPyTime.clampedInt(1_000_000.0 / header.sampleRate)) : 0,
            count: header.sampleCount)
        if let samples {
            Self.reserve(Swift.max(reserve, header.sampleCount), kind: kind, in: &segment)
            Self.append(samples, count: header.sampleCount, kind: kind, to: &segment)
        }
        groups[g].append(segment)
        return (g, groups[g].count - 1, true)
    }

    private static func reserve(_ capacity: Int, kind: SampleKind, in segment: inout Segment) {
        switch kind {
        case .int32: segment.ints = LargeBuffer.makeArray(capacity: capacity)
        case .float32: segment.floats = LargeBuffer.makeArray(capacity: capacity)
        case .float64: segment.doubles = LargeBuffer.makeArray(capacity: capacity)
        case .text: segment.bytes.reserveCapacity(capacity)
        }
    }

    private static func append(_ samples: UnsafeMutableRawPointer, count: Int, kind: SampleKind, to segment: inout Segment) {
        switch kind {
        case .int32:
            segment.ints.append(contentsOf: UnsafeBufferPointer(start: samples.assumingMemoryBound(to: Int32.self), count: count))
        case .float32:
            segment.floats.append(contentsOf: UnsafeBufferPointer(start: samples.assumingMemoryBound(to: Float.self), count: count))
        case .float64:
            segment.doubles.append(
                contentsOf: UnsafeBufferPointer(start: samples.assumingMemoryBound(to: Double.self), count: count))
        case .text:
            segment.bytes.append(contentsOf: UnsafeBufferPointer(start: samples.assumingMemoryBound(to: UInt8.self), count: count))
        }
    }

    func traces() -> [Trace] {
        zip(groups, groupKeys).flatMap { group, key in
            group.map { s in
                let samples: TraceSamples
                switch s.kind {
                case .int32: samples = .int32(s.ints)
                case .float32: samples = .float32(s.floats)
                case .float64: samples = .float64(s.doubles)
                case .text: samples = .text(s.bytes)
                }
                return Trace(
                    id: key.id, quality: key.quality, startTime: UTCTime(nanoseconds: s.start), sampleRate: s.rate,
                    samples: samples)
            }
        }
    }
}
