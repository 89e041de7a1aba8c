/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of miniSEED 3
/// records, computed eight bytes at a time ("slicing by 8").
enum CRC32C {
    /// 8 × 256 lookup tables, built once.
    private static let tables: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = c & 1 != 0 ? (c >> 1) ^ 0x82F6_3B78 : c >> 1 }
            t[i] = c
        }
        for i in 0..<256 {
            for k in 1..<8 {
                let previous = t[(k - 1) * 256 + i]
                t[k * 256 + i] = (previous >> 8) ^ t[Int(previous & 0xFF)]
            }
        }
        return t
    }()

    /// The CRC-32C of `bytes`, with the bytes in `zeroed` counted as zeros (miniSEED 3
    /// computes the record's CRC with its own CRC field zeroed).
    static func checksum(_ bytes: UnsafeRawBufferPointer, zeroing zeroed: Range<Int>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        crc = update(crc, UnsafeRawBufferPointer(rebasing: bytes[0..<zeroed.lowerBound]))
        for _ in zeroed { crc = step(crc, 0) }
        crc = update(crc, UnsafeRawBufferPointer(rebasing: bytes[zeroed.upperBound..<bytes.count]))
        return ~crc
    }

    @inline(__always)
    private static func step(_ crc: UInt32, _ byte: UInt8) -> UInt32 {
        tables.withUnsafeBufferPointer { t in (crc >> 8) ^ t[Int((crc ^ UInt32(byte)) & 0xFF)] }
    }

    private static func update(_ initial: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        tables.withUnsafeBufferPointer { t in
            var crc = initial
            var i = 0
            let n = bytes.count
            while i &+ 8 <= n {
                let lo = bytes.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian ^ crc
                let hi = bytes.loadUnaligned(fromByteOffset: i &+ 4, as: UInt32.self).littleEndian
                crc = t[7 &* 256 &+ Int(lo & 0xFF)] ^ t[6 &* 256 &+ Int((lo >> 8) & 0xFF)]
                    ^ t[5 &* 256 &+ Int((lo >> 16) & 0xFF)] ^ t[4 &* 256 &+ Int(lo >> 24)]
                    ^ t[3 &* 256 &+ Int(hi & 0xFF)] ^ t[2 &* 256 &+ Int((hi >> 8) & 0xFF)]
                    ^ t[256 &+ Int((hi >> 16) & 0xFF)] ^ t[Int(hi >> 24)]
                i &+= 8
            }
            while i < n {
                crc = (crc >> 8) ^ t[Int((crc ^ UInt32(bytes[i])) & 0xFF)]
                i &+= 1
            }
            return crc
        }
    }
}
