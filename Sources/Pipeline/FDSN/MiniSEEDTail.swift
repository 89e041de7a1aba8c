/// Finds a miniSEED 2 record cut off at the end of a response body.
///
/// Walks the records from the start: each record's length comes from blockette 1000's
/// exponent (in the header's byte order, found as SeedCore finds it from the start year and
/// day, else trying both orders). The body is cut off when fewer bytes remain than the last
/// record announces, or than a fixed header needs.
enum MiniSEEDTail {
    /// The offset of the incomplete record at the end of `bytes`, or `nil` when every record
    /// is whole (or the walk meets bytes whose length it cannot tell, which the reader
    /// reports later).
    static func incompleteRecordOffset(in bytes: [UInt8]) -> Int? {
        var offset = 0
        while offset < bytes.count {
            let remaining = bytes.count - offset
            if remaining < 48 { return offset }
            // miniSEED 3 ("MS", 3): not walked; the reader refuses it with a clear message.
            if bytes[offset] == 77 && bytes[offset + 1] == 83 && bytes[offset + 2] == 3 { return nil }
            guard let length = recordLength(bytes, at: offset) else {
                // A record is at least 128 bytes: fewer left without a readable length is a cut.
                return remaining < 128 ? offset : nil
            }
            if length > remaining { return offset }
            offset += length
        }
        return nil
    }

    /// The record length blockette 1000 announces for the record at `offset`.
    static func recordLength(_ bytes: [UInt8], at offset: Int) -> Int? {
        func load16(_ at: Int, bigEndian: Bool) -> Int {
            let (a, b) = (Int(bytes[offset + at]), Int(bytes[offset + at + 1]))
            return bigEndian ? a << 8 | b : b << 8 | a
        }
        let available = bytes.count - offset
        func plausible(bigEndian: Bool) -> Bool {
            let year = load16(20, bigEndian: bigEndian)
            let day = load16(22, bigEndian: bigEndian)
            return (1900...2100).contains(year) && (1...366).contains(day)
        }
        // libmseed (and SeedCore) try the host order, little-endian here, first.
        var orders: [Bool] = []
        if plausible(bigEndian: false) { orders.append(false) }
        if plausible(bigEndian: true) { orders.append(true) }
        if orders.isEmpty { orders = [true, false] }
        for bigEndian in orders {
            var blockette = load16(46, bigEndian: bigEndian)
            var steps = 0
            while blockette >= 48, blockette + 8 <= available, steps < 64 {
                steps += 1
                if load16(blockette, bigEndian: bigEndian) == 1000 {
                    let exponent = Int(bytes[offset + blockette + 6])
                    return (7...16).contains(exponent) ? 1 << exponent : nil
                }
                let next = load16(blockette + 2, bigEndian: bigEndian)
                guard next > blockette else { break }
                blockette = next
            }
        }
        return nil
    }
}
