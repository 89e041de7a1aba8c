#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension MiniSEEDReader {
    /// Decodes every record of a file, reading it through a read-only memory map (no copy of
    /// the file into the process: the pages come straight from the page cache).
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - include: as in ``read(_:including:)-([UInt8],_)``.
    /// - Throws: `unreadableFile` when the file cannot be opened or mapped, else as
    ///   ``read(_:including:)-([UInt8],_)``.
    public func read(
        contentsOfFile path: String,
        including include: (SourceID) -> Bool = { _ in true }
    ) throws(MiniSEEDError) -> MiniSEEDReadResult {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw MiniSEEDError(
                code: .unreadableFile, message: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw MiniSEEDError(code: .unreadableFile, message: "cannot stat \(path): \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw MiniSEEDError(code: .unreadableFile, message: "\(path) is not a regular file")
        }
        let size = Int(info.st_size)
        guard size > 0 else { return try read(UnsafeRawBufferPointer(start: nil, count: 0), including: include) }
        #if os(Linux)
        let flags = MAP_PRIVATE | MAP_POPULATE
        #else
        let flags = MAP_PRIVATE
        #endif
        guard let map = mmap(nil, size, PROT_READ, flags, fd, 0), map != MAP_FAILED else {
            throw MiniSEEDError(code: .unreadableFile, message: "cannot map \(path): \(String(cString: strerror(errno)))")
        }
        defer { munmap(map, size) }
        return try read(UnsafeRawBufferPointer(start: map, count: size), including: include)
    }
}
