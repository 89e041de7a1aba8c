public import ChunkStore
public import Logging
public import R2Client

/// Rewrites the `Cache-Control` stored with the chunks of an S3 bucket (R2), for buckets
/// filled before a change of ``ChunkCacheControl/stored``: chunks written earlier keep the
/// old header (then `max-age=31536000`) until rewritten, and the bucket and a CDN in front of
/// it serve that header.
///
/// Each chunk under the prefix is read with HEAD; one that already has the new header is
/// left alone (so a rerun resumes where an interrupted run stopped), any other is copied onto
/// itself with the new header, its `Content-Type` and user metadata kept, under
/// `x-amz-copy-source-if-match` of the ETag just read: a chunk rewritten by a tick or backfill
/// in between is read again rather than overwritten with old bytes. The copy keeps the bytes
/// and their ETag. Objects that are not chunks (day metadata, leases, jobs) keep theirs.
///
/// The listing goes page by page (1000 keys); a page's chunks are handled at most
/// ``concurrency`` at a time, and the next page starts when the page is done, so
/// ``Counts/resumeAfter`` is a key before which every chunk is done.
public struct CacheControlRewrite: Sendable {
    /// What a run did so far.
    public struct Counts: Sendable, Hashable, CustomStringConvertible {
        /// Objects listed under the prefix.
        public var listed = 0
        /// Chunks among them.
        public var chunks = 0
        /// Chunks copied onto themselves with the new header.
        public var rewritten = 0
        /// Chunks a dry run would rewrite.
        public var wouldRewrite = 0
        /// Chunks that already had the header.
        public var alreadySet = 0
        /// Chunks deleted between the listing and their rewrite.
        public var gone = 0
        /// Chunks that could not be rewritten (logged with the reason).
        public var failed = 0
        /// The last key of the last finished page: pass it as `startAfter` to resume there.
        public var resumeAfter: String?

        public var description: String {
            var parts = ["\(listed) objects listed", "\(chunks) chunks"]
            if wouldRewrite > 0 { parts.append("\(wouldRewrite) to rewrite") }
            parts += ["\(rewritten) rewritten", "\(alreadySet) already set"]
            if gone > 0 { parts.append("\(gone) gone") }
            parts.append("\(failed) failed")
            return parts.joined(separator: ", ")
        }
    }

    /// The header chunks get.
    public var cacheControl: String
    /// Count what would be rewritten without writing.
    public var dryRun: Bool
    /// Chunks handled at once (HEAD + copy each).
    public var concurrency: Int
    /// How often a chunk that keeps changing under the copy is read again before it counts as failed.
    static let attemptsPerChunk = 3

    /// Creates a rewrite.
    /// - Parameters:
    ///   - cacheControl: the header to store; defaults to ``ChunkCacheControl/stored``.
    ///   - dryRun: only count; defaults to `false`.
    ///   - concurrency: chunks at once, 1...64; defaults to 8.
    public init(cacheControl: String = ChunkCacheControl.stored, dryRun: Bool = false, concurrency: Int = 8) {
        self.cacheControl = cacheControl
        self.dryRun = dryRun
        self.concurrency = min(max(concurrency, 1), 64)
    }

    private enum Outcome: Sendable {
        case rewritten, wouldRewrite, alreadySet, gone, failed
    }

    /// Rewrites the chunks under `prefix`.
    /// - Parameters:
    ///   - client: the bucket's client.
    ///   - prefix: keys starting with this (e.g. `data/2025/`).
    ///   - startAfter: resume after this key (a previous run's ``Counts/resumeAfter``).
    ///   - logger: failures are logged at warning with the key and the store's error.
    ///   - progress: called after every page with the counts so far.
    /// - Returns: the counts of the whole run.
    /// - Throws: ``S3Error`` when the listing fails (a chunk's failure is counted, not thrown),
    ///   or `CancellationError`.
    public func run(
        client: S3Client, prefix: String, startAfter: String? = nil, logger: Logger, progress: (Counts) -> Void
    ) async throws -> Counts {
        var counts = Counts()
        var token: String?
        repeat {
            try Task.checkCancellation()
            let page = try await client.listObjectsV2(
                prefix: prefix.isEmpty ? nil : prefix, continuationToken: token, startAfter: token == nil ? startAfter : nil,
                maxKeys: 1000)
            counts.listed += page.objects.count
            let chunks = page.objects.map(\.key).filter { (try? ChunkKey(key: $0)) != nil }
            counts.chunks += chunks.count
            try await withThrowingTaskGroup(of: Outcome.self) { group in
                var next = chunks.makeIterator()
                func add() -> Bool {
                    guard let key = next.next() else { return false }
                    group.addTask { await self.rewrite(key, client: client, logger: logger) }
                    return true
                }
                for _ in 0..<concurrency where !add() { break }
                while let outcome = try await group.next() {
                    switch outcome {
                    case .rewritten: counts.rewritten += 1
                    case .wouldRewrite: counts.wouldRewrite += 1
                    case .alreadySet: counts.alreadySet += 1
                    case .gone: counts.gone += 1
                    case .failed: counts.failed += 1
                    }
                    _ = add()
                }
            }
            counts.resumeAfter = page.objects.last?.key ?? counts.resumeAfter
            progress(counts)
            token = page.isTruncated ? page.nextContinuationToken : nil
        } while token != nil
        return counts
    }

    /// One chunk: HEAD, then copy onto itself under the ETag read, again if it changed meanwhile.
    private func rewrite(_ key: String, client: S3Client, logger: Logger) async -> Outcome {
        var lastError: (any Error)?
        for _ in 1...Self.attemptsPerChunk {
            do {
                let attributes = try await client.headObject(key: key)
                if attributes.cacheControl == cacheControl { return .alreadySet }
                if dryRun { return .wouldRewrite }
                _ = try await client.copyObject(
                    from: key, to: key, contentType: attributes.contentType, cacheControl: cacheControl,
                    metadata: attributes.metadata, sourceETag: attributes.eTag)
                return .rewritten
            } catch let error as S3Error where error.code == .preconditionFailed {
                lastError = error  // rewritten by a writer in between: read it again
            } catch let error as S3Error where error.code == .notFound {
                return .gone
            } catch {
                lastError = error
                break
            }
        }
        logger.warning(
            "cache-control rewrite failed",
            metadata: ["chunk.key": "\(key)", "error": "\(lastError.map { "\($0)" } ?? "unknown")"])
        return .failed
    }
}
