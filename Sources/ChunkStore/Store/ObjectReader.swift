/// An object opened for reading in pieces (``ObjectStore/openForReading(_:)``): the info of
/// the version opened, then byte ranges of that same version.
///
/// A server streaming an object to a slow client holds one piece at a time instead of the
/// whole object. Reads never mix two versions: a reader over a local file keeps the opened
/// file (a rewrite renames a new file over the path), a reader over S3 checks every piece's
/// ETag against the opened version's.
public protocol ObjectReader: Sendable {
    /// Size, ETag and date of the version opened.
    var info: ObjectInfo { get }

    /// Up to `count` bytes from `offset` of the version opened; fewer only at its end, none past it.
    /// - Throws: ``ObjectStoreError``: `preconditionFailed` when that version was replaced
    ///   while being read (stop sending: the bytes would mix two versions).
    func read(from offset: Int, count: Int) async throws(ObjectStoreError) -> [UInt8]
}

extension ObjectStore {
    /// Opens an object for reading in pieces. The default asks ``head(_:)`` for the version
    /// and reads ranges with ``get(_:range:)``, checking each piece's ETag; stores that can
    /// hold a version open (the local store) do better.
    /// - Throws: ``ObjectStoreError``: `notFound` if there is no such object.
    public func openForReading(_ key: String) async throws(ObjectStoreError) -> any ObjectReader {
        RangedObjectReader(store: self, info: try await head(key))
    }
}

/// The default ``ObjectReader``: ranged `GET`s of one version, checked by ETag.
struct RangedObjectReader: ObjectReader {
    let store: any ObjectStore
    let info: ObjectInfo

    func read(from offset: Int, count: Int) async throws(ObjectStoreError) -> [UInt8] {
        let end = min(offset + count, info.size)
        guard offset < end else { return [] }
        let piece = try await store.get(info.key, range: offset...(end - 1))
        if let opened = info.etag, let now = piece.info.etag, opened != now {
            throw ObjectStoreError(
                code: .preconditionFailed, key: info.key,
                message: "the object was replaced while being read (ETag \(opened), now \(now)); read it again")
        }
        return piece.body
    }
}
