package import Logging
package import SeedCore

/// A source's response split per channel once: one pass over the bytes indexes every record
/// by its source id, and a channel's records are decoded only when that channel is asked for.
///
/// A bulk response holds every channel of a tick; decoding it once per channel (reading the
/// whole response each time, keeping one channel's records) made a tick's cost grow with
/// the square of its channels. Here each record is parsed twice in all (index, decode),
/// whatever the number of channels.
package struct SourceResponse: Sendable {
    /// The response as the source returned it.
    package let bytes: [UInt8]
    /// Each channel's records, in response order.
    private let records: [SourceID: [MiniSEEDRecordSpan]]

    /// Indexes a response.
    package init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var records: [SourceID: [MiniSEEDRecordSpan]] = [:]
        for record in MiniSEEDReader().index(bytes).records { records[record.header.sourceID, default: []].append(record) }
        self.records = records
    }

    /// The channels the response has records of.
    package var channels: Set<SourceID> { Set(records.keys) }

    /// The channel's traces, decoded from its records only. Skipped records are logged with
    /// their byte offset in the response.
    /// - Returns: the traces (none when the response has no record of the channel), or why
    ///   the response could not be read at all (`noData` for an empty response).
    package func traces(of id: SourceID, logger: Logger) -> Result<[Trace], MiniSEEDError> {
        guard !bytes.isEmpty else {
            return .failure(MiniSEEDError(code: .noData, message: "the source returned no records"))
        }
        // No record at all (an error page, garbage): the reader says what it found instead.
        guard !records.isEmpty else { return read(bytes, id: id, offsets: [], logger: logger) }
        guard let spans = records[id], let first = spans.first else { return .success([]) }
        let contiguous = zip(spans, spans.dropFirst()).allSatisfy { $0.byteRange.upperBound == $1.offset }
        if contiguous, let last = spans.last {
            // FDSN servers send a channel's records together: decode them in place.
            let range = first.offset..<last.byteRange.upperBound
            return bytes.withUnsafeBytes { buffer in
                read(UnsafeRawBufferPointer(rebasing: buffer[range]), id: id, offsets: [(0, first.offset)], logger: logger)
            }
        }
        var channelBytes: [UInt8] = []
        channelBytes.reserveCapacity(spans.reduce(0) { $0 + $1.header.recordLength })
        var offsets: [(channel: Int, response: Int)] = []
        for span in spans {
            offsets.append((channelBytes.count, span.offset))
            channelBytes += bytes[span.byteRange]
        }
        return read(channelBytes, id: id, offsets: offsets, logger: logger)
    }

    private func read(_ bytes: [UInt8], id: SourceID, offsets: [(channel: Int, response: Int)], logger: Logger)
        -> Result<[Trace], MiniSEEDError>
    {
        bytes.withUnsafeBytes { read($0, id: id, offsets: offsets, logger: logger) }
    }

    /// Decodes the records of `id` in `buffer`; `offsets` maps the buffer's record starts
    /// back to the response's (empty: the buffer is the response).
    private func read(
        _ buffer: UnsafeRawBufferPointer, id: SourceID, offsets: [(channel: Int, response: Int)], logger: Logger
    ) -> Result<[Trace], MiniSEEDError> {
        do {
            let read = try MiniSEEDReader().read(buffer) { $0 == id }
            for warning in read.warnings {
                let start = offsets.last { $0.channel <= warning.byteOffset } ?? (0, 0)
                logger.warning(
                    "record skipped",
                    metadata: [
                        "channel": "\(id)", "byte.offset": "\(warning.byteOffset - start.channel + start.response)",
                        "reason": "\(warning.code)",
                    ])
            }
            return .success(read.traces)
        } catch {
            return .failure(error)
        }
    }
}
