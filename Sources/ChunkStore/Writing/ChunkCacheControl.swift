/// How long browsers and a CDN may keep a chunk (Docs/data-format.md, "Caching").
///
/// A chunk is not immutable: a forced backfill (`POST /api/backfill` with `force`,
/// `seiscron backfill --force`) rewrites it under the same key when the source now gives
/// other samples. So the object itself, whatever URL it is fetched by, is only cached briefly
/// and then revalidated by its ETag. Manifests name chunks by a versioned URL instead
/// (`?v=` + ``ChunkEntry/version``): a rewrite gets a new URL, and a URL whose version names
/// the bytes served may be cached for good (the API's `/files/` route sends ``versioned``
/// then).
public enum ChunkCacheControl {
    /// Stored with every chunk object (S3, R2: the bucket and a CDN in front of it serve it
    /// for every URL, versioned or not) and sent by `/files/` for a URL without the current
    /// version: a minute of reuse, then a revalidation (`If-None-Match` → `304`), so a
    /// rewritten chunk is seen within a minute even by a URL without a version.
    public static let stored = "public, max-age=60, must-revalidate"

    /// For a URL whose `v` is the version of the bytes served: those bytes never change
    /// under that URL (a rewrite makes another version, hence another URL).
    public static let versioned = "public, max-age=31536000, immutable"

    /// The query parameter of a chunk URL that carries ``ChunkEntry/version``.
    public static let versionParameter = "v"
}
