/// A byte order as a type, so that decoders are specialised per order.
protocol WordOrder {
    static func load(_ at: UnsafeRawPointer) -> UInt32
    static func load16(_ at: UnsafeRawPointer) -> UInt16
}

enum BigEndianWords: WordOrder {
    @inline(__always) static func load(_ at: UnsafeRawPointer) -> UInt32 { at.loadUnaligned(as: UInt32.self).bigEndian }
    @inline(__always) static func load16(_ at: UnsafeRawPointer) -> UInt16 { at.loadUnaligned(as: UInt16.self).bigEndian }
}

enum LittleEndianWords: WordOrder {
    @inline(__always) static func load(_ at: UnsafeRawPointer) -> UInt32 { at.loadUnaligned(as: UInt32.self).littleEndian }
    @inline(__always) static func load16(_ at: UnsafeRawPointer) -> UInt16 { at.loadUnaligned(as: UInt16.self).littleEndian }
}
