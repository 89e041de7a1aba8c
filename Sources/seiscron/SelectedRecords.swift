import Foundation
import SeedCore

/// The records of some channels of a large file, read in blocks: a 1 GB multi-channel file
/// costs the wanted channel's records and traces, not the file; with a window, only the
/// records that window needs (``WindowRecordSelection``), so a month-long file costs an hour.
///
/// Bytes that no record covers (corrupt stretches) are kept too, so the decoder still warns
/// about them, and ``fileOffset(of:)`` turns offsets in ``bytes`` back into the file's. Two
/// stretches that only other channels' records separated are one run here, reported once.
/// Blocks should be larger than the longest record (miniSEED 2 records are at most 8 KiB).
struct SelectedRecords {
    /// The kept bytes: whole records of the wanted channels, and unreadable stretches.
    private(set) var bytes: [UInt8] = []
    /// Where each kept run starts in ``bytes`` and in the file, in order.
    private var runs: [(kept: Int, file: Int)] = []

    /// Bytes read per block by default.
    static let defaultBlockSize = 16 << 20

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads `path` block by block, keeping the records `include` wants.
    /// - Parameter blockSize: bytes read at a time (records longer than it are kept as unreadable).
    init(path: String, including include: (SourceID) -> Bool, blockSize: Int = defaultBlockSize) throws {
        var channels: [SourceID: Int] = [:]
        let scan = try Scan(path: path, including: include, channels: &channels, blockSize: blockSize)
        try self.init(scan, keeping: scan.records.indices, blockSize: blockSize)
    }

    /// Reads the unreadable stretches and the records `wanted` (indices of `scan.records`) of a
    /// scanned file, in file order.
    init(_ scan: Scan, keeping wanted: some Sequence<Int>, blockSize: Int = defaultBlockSize) throws {
        let file = try File(path: scan.path)
        defer { file.release() }
        var pieces = scan.stretches + wanted.map { scan.records[$0] }
        pieces.sort { $0.lowerBound < $1.lowerBound }
        // Adjacent pieces are read with one call, up to a block at a time.
        var index = 0
        while index < pieces.count {
            var range = pieces[index]
            index += 1
            while index < pieces.count, pieces[index].lowerBound == range.upperBound,
                pieces[index].upperBound - range.lowerBound <= blockSize
            {
                range = range.lowerBound..<pieces[index].upperBound
                index += 1
            }
            keep(try file.read(range), fileOffset: range.lowerBound)
        }
    }

    /// The records of several scanned files that `window` needs, per file (indices of
    /// `scan.records`): the selection runs over all files' records together, as the merge does.
    static func select(_ scans: [Scan], window: TimeWindow) -> [[Int]] {
        let places = scans.indices.flatMap { file in scans[file].records.indices.map { (file, $0) } }
        let chosen = WindowRecordSelection(window: window).select(scans.flatMap(\.timings)) { index in
            // A neighbour that does not decode gives way to the next one, as in the whole-file merge.
            let (file, record) = places[index]
            guard let bytes = try? File.read(scans[file].path, scans[file].records[record]),
                let result = try? MiniSEEDReader().read(bytes)
            else { return false }
            return result.warnings.isEmpty && result.records.count == 1
        }
        var perFile = [[Int]](repeating: [], count: scans.count)
        for index in chosen { perFile[places[index].0].append(places[index].1) }
        return perFile
    }

    /// A file's wanted records (their byte ranges and what the window selection reads of
    /// them) and its unreadable stretches, found by reading it block by block.
    struct Scan {
        var path: String
        var records: [Range<Int>] = []
        var timings: [WindowRecordSelection.Record] = []
        var stretches: [Range<Int>] = []
        /// The file's size in bytes.
        var size = 0

        /// Scans `path`, numbering the wanted channels in `channels` (shared across files).
        init(
            path: String,
            including include: (SourceID) -> Bool,
            channels: inout [SourceID: Int],
            blockSize: Int
        )
            throws
        {
            self.path = path
            let file = try File(path: path)
            defer { file.release() }
            size = file.size
            var block = [UInt8](repeating: 0, count: blockSize)
            var position = 0
            while position < size {
                let count = try file.read(into: &block, count: min(blockSize, size - position), at: position)
                let view = count == block.count ? block : Array(block[0..<count])
                let (found, incomplete) = MiniSEEDReader().index(view)
                var cursor = 0
                for record in found {
                    stretch((position + cursor)..<(position + record.offset))
                    if include(record.header.sourceID) {
                        let channel = channels[record.header.sourceID] ?? channels.count
                        channels[record.header.sourceID] = channel
                        records.append((position + record.offset)..<(position + record.byteRange.upperBound))
                        timings.append(WindowRecordSelection.Record(channel: channel, header: record.header))
                    }
                    cursor = max(cursor, record.byteRange.upperBound)
                }
                if let incomplete, incomplete > 0, position + count < size {
                    // A record cut by the block's end: the next block starts with it.
                    stretch((position + cursor)..<(position + max(cursor, incomplete)))
                    position += incomplete
                } else {
                    // The rest is unreadable (or a record cut by the file's end): the decoder says so.
                    stretch((position + cursor)..<(position + max(cursor, count)))
                    position += count
                }
            }
        }

        private mutating func stretch(_ range: Range<Int>) {
            guard !range.isEmpty else { return }
            if let last = stretches.last, last.upperBound == range.lowerBound {
                stretches[stretches.count - 1] = last.lowerBound..<range.upperBound
            } else {
                stretches.append(range)
            }
        }
    }

    /// The file offset of a byte of ``bytes``.
    func fileOffset(of keptOffset: Int) -> Int {
        var low = 0
        var high = runs.count
        while low < high {
            let middle = (low + high) / 2
            if runs[middle].kept <= keptOffset { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return keptOffset }
        let run = runs[low - 1]
        return run.file + (keptOffset - run.kept)
    }

    private mutating func keep(_ slice: [UInt8], fileOffset: Int) {
        guard !slice.isEmpty else { return }
        if let last = runs.last, last.file + (bytes.count - last.kept) == fileOffset {
            // Continues the previous run in the file: no new entry.
        } else {
            runs.append((bytes.count, fileOffset))
        }
        bytes += slice
    }
}

/// An open file read with `pread`.
private struct File {
    var fd: Int32
    var path: String
    var size: Int

    /// Opens a regular file for reading.
    init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw SelectedRecords.Failure(description: "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw SelectedRecords.Failure(description: "cannot read \(path): not a regular file")
        }
        self.fd = fd
        self.path = path
        self.size = Int(info.st_size)
    }

    func release() { close(fd) }

    /// The bytes of `range` of the file at `path`.
    static func read(_ path: String, _ range: Range<Int>) throws -> [UInt8] {
        let file = try File(path: path)
        defer { file.release() }
        return try file.read(range)
    }

    /// The bytes of `range`.
    func read(_ range: Range<Int>) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: range.count)
        _ = try read(into: &bytes, count: range.count, at: range.lowerBound)
        return bytes
    }

    /// Fills the first `count` bytes of `block` from `offset`.
    func read(into block: inout [UInt8], count: Int, at offset: Int) throws -> Int {
        var done = 0
        while done < count {
            let n = block.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return pread(fd, base + done, count - done, off_t(offset + done))
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                throw SelectedRecords.Failure(
                    description: "cannot read \(path): \(n < 0 ? String(cString: strerror(errno)) : "the file shrank")"
                )
            }
            done += n
        }
        return done
    }
}
