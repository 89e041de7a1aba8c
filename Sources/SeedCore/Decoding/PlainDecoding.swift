/// Decoding of the uncompressed encodings: INT16 and INT32 into `Int32`, FLOAT32 into
/// `Float`, FLOAT64 into `Double`, each in the data byte order.
enum PlainDecoding {
    static func int16(_ data: UnsafeRawBufferPointer, order: ByteOrder, count: Int, into out: UnsafeMutablePointer<Int32>) {
        for i in 0..<count { out[i] = Int32(data.load(at: i &* 2, as: Int16.self, order)) }
    }

    static func int32(_ data: UnsafeRawBufferPointer, order: ByteOrder, count: Int, into out: UnsafeMutablePointer<Int32>) {
        for i in 0..<count { out[i] = data.load(at: i &* 4, as: Int32.self, order) }
    }

    static func float32(_ data: UnsafeRawBufferPointer, order: ByteOrder, count: Int, into out: UnsafeMutablePointer<Float>) {
        for i in 0..<count { out[i] = Float(bitPattern: data.load(at: i &* 4, as: UInt32.self, order)) }
    }

    static func float64(_ data: UnsafeRawBufferPointer, order: ByteOrder, count: Int, into out: UnsafeMutablePointer<Double>) {
        for i in 0..<count { out[i] = Double(bitPattern: data.load(at: i &* 8, as: UInt64.self, order)) }
    }
}
