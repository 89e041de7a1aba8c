import Foundation
import SeedCore

/// The records of some channels of a large file, read in blocks into one reused buffer: a
/// 1 GB multi-channel file costs the wanted channel's records and traces, not the file.
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

    /// Reads `path` block by block, keeping what `include` wants.
    /// - Parameter blockSize: bytes read at a time (records longer than it are kept as unreadable).
    init(path: String, including include: (SourceID) -> Bool, blockSize: Int = defaultBlockSize) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(description: "cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw Failure(description: "cannot read \(path): not a regular file")
        }
        let size = Int(info.st_size)
        var block = [UInt8](repeating: 0, count: blockSize)
        var position = 0
        while position < size {
            let wanted = min(blockSize, size - position)
            let count = try Self.read(fd, into: &block, count: wanted, at: position, path: path)
            let view = count == block.count ? block : Array(block[0..<count])
            let (records, incomplete) = MiniSEEDReader().index(view)
            var cursor = 0
            for record in records {
                if record.offset > cursor { keep(view[cursor..<record.offset], fileOffset: position + cursor) }
                if include(record.header.sourceID) { keep(view[record.byteRange], fileOffset: position + record.offset) }
                cursor = record.byteRange.upperBound
            }
            let atEnd = position + count >= size
            if let incomplete, incomplete > 0, !atEnd {
                // A record cut by the block's end: the next block starts with it.
                if incomplete > cursor { keep(view[cursor..<incomplete], fileOffset: position + cursor) }
                position += incomplete
            } else {
                // The rest is unreadable (or a record cut by the file's end): the decoder says so.
                if count > cursor { keep(view[cursor..<count], fileOffset: position + cursor) }
                position += count
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

    private mutating func keep(_ slice: ArraySlice<UInt8>, fileOffset: Int) {
        guard !slice.isEmpty else { return }
        if let last = runs.last, last.file + (bytes.count - last.kept) == fileOffset {
            // Continues the previous run in the file: no new entry.
        } else {
            runs.append((bytes.count, fileOffset))
        }
        bytes += slice
    }

    private static func read(_ fd: Int32, into block: inout [UInt8], count: Int, at offset: Int, path: String) throws -> Int {
        var done = 0
        while done < count {
            let n = block.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return pread(fd, base + done, count - done, off_t(offset + done))
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                throw Failure(description: "cannot read \(path): \(n < 0 ? String(cString: strerror(errno)) : "the file shrank")")
            }
            done += n
        }
        return done
    }
}
