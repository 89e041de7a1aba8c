/// A record's place in a buffer, found without decoding its samples.
public struct MiniSEEDRecordSpan: Sendable, Hashable {
    /// Byte offset of the record.
    public var offset: Int
    /// Its parsed header (``RecordHeader/recordLength`` is its size).
    public var header: RecordHeader

    /// The time just after its last sample: `start + samples / rate`.
    public var endTime: UTCTime {
        // Parsed headers have a usable rate, but the fields are settable: never trap on one.
        guard header.sampleRate > 0, header.sampleRate.isFinite else { return header.startTime }
        let span = Int64(ObsPyTime.clampedInt((Double(header.sampleCount) / header.sampleRate * 1e9).rounded()))
        let (end, overflow) = header.startTime.nanoseconds.addingReportingOverflow(span)
        return UTCTime(nanoseconds: overflow ? Int64.max : end)
    }

    /// The byte range of the record.
    public var byteRange: Range<Int> { offset..<(offset + header.recordLength) }

    /// Whether any of its samples fall in `[start, end)`, as an FDSN server selects records.
    public func overlaps(_ window: TimeWindow) -> Bool { header.startTime < window.end && endTime > window.start }
}

extension MiniSEEDReader {
    /// Finds every readable record of `bytes` without decoding samples (as ``read(_:including:)-([UInt8],_)``
    /// walks them: unreadable stretches are stepped over).
    ///
    /// - Returns: the records, and the offset of a record cut off at the end of the input, if
    ///   any (a response cut off in transit: retry it rather than use it as data). Fewer than
    ///   128 bytes after the last whole record count as cut off (no record is shorter); input
    ///   that holds no record at all (error text) is not "cut off".
    public func index(_ bytes: [UInt8]) -> (records: [MiniSEEDRecordSpan], incompleteRecordOffset: Int?) {
        bytes.withUnsafeBytes { buffer in
            var records: [MiniSEEDRecordSpan] = []
            var offset = 0
            var codes = RecordHeader.CodeCache()
            while offset < buffer.count {
                if RecordHeader.isBlankRecord(buffer, at: offset) {
                    offset += RecordHeader.resyncStep
                    continue
                }
                do throws(MiniSEEDError) {
                    let header = try RecordHeader(parsing: buffer, at: offset, codes: &codes)
                    records.append(MiniSEEDRecordSpan(offset: offset, header: header))
                    offset += header.recordLength
                } catch where error.code == .truncatedRecord {
                    return (records, offset)
                } catch {
                    if let length = Self.recordLength(buffer, at: offset) {
                        if offset + length > buffer.count { return (records, offset) }
                        offset += length
                    } else if buffer.count - offset < 128, let last = records.last, last.byteRange.upperBound == offset {
                        // Right after a whole record, a stub too short to be one is a cut record.
                        return (records, offset)
                    } else {
                        offset += RecordHeader.resyncStep
                    }
                }
            }
            return (records, nil)
        }
    }
}
