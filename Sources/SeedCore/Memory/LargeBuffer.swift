#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Storage for day-long traces and windows (tens of MB), faulted in up front and on huge
/// pages where the kernel allows. A day of 100 Hz int32 is 8,500 page faults of 4 KB, as much
/// time as decoding it; advised for transparent huge pages (`madvise` mode on most hosts) and
/// populated with one call, the same memory costs a few milliseconds (measured:
/// `Benchmarks/run.sh`, whole-day process).
enum LargeBuffer {
    /// Below this many bytes the ordinary allocation is as good.
    static let threshold = 256 << 10
    private static let hugePage = 2 << 20
    private static let smallPage = 4096

    /// An empty array with room for `capacity` elements, its storage advised for huge pages.
    static func makeArray<T>(capacity: Int) -> ContiguousArray<T> {
        guard capacity * MemoryLayout<T>.stride >= threshold else {
            var array = ContiguousArray<T>()
            array.reserveCapacity(capacity)
            return array
        }
        return ContiguousArray(unsafeUninitializedCapacity: capacity) { buffer, count in
            advise(UnsafeMutableRawPointer(buffer.baseAddress), byteCount: capacity * MemoryLayout<T>.stride)
            count = 0
        }
    }

    /// An array of `count` elements that `initialize` writes (every one of them).
    static func makeArray<T>(count: Int, _ initialize: (UnsafeMutablePointer<T>) -> Void) -> ContiguousArray<T> {
        ContiguousArray(unsafeUninitializedCapacity: count) { buffer, initialized in
            if count * MemoryLayout<T>.stride >= threshold {
                advise(UnsafeMutableRawPointer(buffer.baseAddress), byteCount: count * MemoryLayout<T>.stride)
            }
            if count > 0, let base = buffer.baseAddress { initialize(base) }
            initialized = count
        }
    }

    /// Makes `array` hold `count` samples that `initialize` writes (every one of them), reusing
    /// its storage when it has room, else allocating advised storage.
    static func fill(_ array: inout [Int32], count: Int, _ initialize: (UnsafeMutablePointer<Int32>) -> Void) {
        if array.capacity >= count {
            // Reused storage (the next window): set the count, then overwrite.
            array.removeAll(keepingCapacity: true)
            array.append(contentsOf: repeatElement(0, count: count))
            array.withUnsafeMutableBufferPointer { if let base = $0.baseAddress { initialize(base) } }
            return
        }
        array = Array(unsafeUninitializedCapacity: count) { buffer, initialized in
            if count * MemoryLayout<Int32>.stride >= threshold {
                advise(UnsafeMutableRawPointer(buffer.baseAddress), byteCount: count * MemoryLayout<Int32>.stride)
            }
            if count > 0, let base = buffer.baseAddress { initialize(base) }
            initialized = count
        }
    }

    /// `madvise(MADV_HUGEPAGE)` on the whole 2 MB pages inside the range, then populate it
    /// (Linux only; a no-op elsewhere or when the kernel says no).
    private static func advise(_ start: UnsafeMutableRawPointer?, byteCount: Int) {
        #if os(Linux)
        guard let start else { return }
        let address = UInt(bitPattern: start)
        let end = address + UInt(byteCount)
        let hugeFirst = (address + UInt(hugePage - 1)) & ~UInt(hugePage - 1)
        let hugeEnd = end & ~UInt(hugePage - 1)
        if hugeEnd > hugeFirst, let pointer = UnsafeMutableRawPointer(bitPattern: hugeFirst) {
            _ = madvise(pointer, Int(hugeEnd - hugeFirst), MADV_HUGEPAGE)
        }
        // Fault the whole range in with one call (MADV_POPULATE_WRITE, Linux 5.14; older
        // kernels refuse it and the pages fault in on first touch as usual). The caller
        // writes every byte anyway. madvise wants page-aligned ranges: the pages wholly inside.
        let pageFirst = (address + UInt(smallPage - 1)) & ~UInt(smallPage - 1)
        let pageEnd = end & ~UInt(smallPage - 1)
        if pageEnd > pageFirst, let pointer = UnsafeMutableRawPointer(bitPattern: pageFirst) {
            _ = madvise(pointer, Int(pageEnd - pageFirst), 23)
        }
        #endif
    }
}
