/// The byte order of a record's header or data.
public enum ByteOrder: String, Sendable, Hashable, Codable {
    /// Least significant byte first.
    case littleEndian
    /// Most significant byte first (the SEED default).
    case bigEndian
}

extension UnsafeRawBufferPointer {
    /// Reads an integer of type `T` at `offset` in the given byte order. The caller has
    /// bounds-checked the whole structure being read (one check per header or frame).
    @inline(__always)
    func load<T: FixedWidthInteger>(at offset: Int, as type: T.Type, _ order: ByteOrder) -> T {
        let raw = loadUnaligned(fromByteOffset: offset, as: T.self)
        return order == .bigEndian ? T(bigEndian: raw) : T(littleEndian: raw)
    }
}
