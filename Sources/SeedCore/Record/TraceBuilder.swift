/// Joins decoded records into traces with the rules of ObsPy's `readMSEEDBuffer`
/// (`obspy/io/mseed/src/obspy-readbuffer.c`): a record extends the *last* trace of its
/// channel and quality when both have samples of the same kind, their rates agree within
/// libmseed's tolerance (|1 - r1/r2| < 0.0001) and the record starts within half a sample
/// period of where the trace's next sample is due. Times are libmseed's microseconds.
struct TraceBuilder {
    private struct Key: Hashable {
        var id: SourceID
        var quality: Character
    }

    private struct Segment {
        var key: Key
        var kind: SampleKind
        var start: Int64
        var endMicros: Int64
        var rate: Double
        var hpDelta: Int64
        var count: Int
        var ints = ContiguousArray<Int32>()
        var floats = ContiguousArray<Float>()
        var doubles = ContiguousArray<Double>()
    }

    /// Segments grouped by key, keys in order of first appearance.
    private var groups: [[Segment]] = []
    private var groupIndex: [Key: Int] = [:]

    mutating func add(_ header: RecordHeader, samples: UnsafeMutableRawPointer, kind: SampleKind) {
        let key = Key(id: header.sourceID, quality: header.quality)
        let g: Int
        if let existing = groupIndex[key] {
            g = existing
        } else {
            g = groups.count
            groups.append([])
            groupIndex[key] = g
        }
        let startMicros = header.startTime.nanoseconds / 1000
        if var last = groups[g].last, last.count > 0, header.sampleCount > 0, last.kind == kind,
            abs(1.0 - last.rate / header.sampleRate) < 0.0001
        {
            let tolerance = Int64(0.5 * Double(last.hpDelta))
            let gap = startMicros - last.endMicros - last.hpDelta
            if gap <= tolerance && gap >= -tolerance {
                groups[g].removeLast()
                Self.append(samples, count: header.sampleCount, kind: kind, to: &last)
                last.count += header.sampleCount
                last.endMicros = header.libmseedEndMicroseconds
                groups[g].append(last)
                return
            }
        }
        var segment = Segment(
            key: key, kind: kind, start: header.startTime.nanoseconds, endMicros: header.libmseedEndMicroseconds,
            rate: header.sampleRate,
            hpDelta: header.sampleRate > 0 ? Int64(ObsPyTime.clampedInt(1_000_000.0 / header.sampleRate)) : 0,
            count: header.sampleCount)
        Self.append(samples, count: header.sampleCount, kind: kind, to: &segment)
        groups[g].append(segment)
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
        }
    }

    func traces() -> [Trace] {
        groups.flatMap { group in
            group.map { s in
                let samples: TraceSamples
                switch s.kind {
                case .int32: samples = .int32(s.ints)
                case .float32: samples = .float32(s.floats)
                case .float64: samples = .float64(s.doubles)
                }
                return Trace(
                    id: s.key.id, quality: s.key.quality, startTime: UTCTime(nanoseconds: s.start), sampleRate: s.rate,
                    samples: samples)
            }
        }
    }
}
