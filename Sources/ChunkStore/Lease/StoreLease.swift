import Foundation
public import SeedCore

/// A lease on a piece of work, held as a small JSON object in the store, so several
/// processes sharing one bucket (API replicas) do the work once.
///
/// - Taking it is a conditional create (`If-None-Match: *`): one writer wins.
/// - The holder renews it (`If-Match` on its own ETag) well before it expires.
/// - A lease past its expiry was left by a holder that crashed or hung: it is taken over
///   with `If-Match` on the expired version's ETag, so of several contenders one wins.
///   So is, at once, a live lease whose holder ``ProcessIdentity`` names an ended process
///   of this host (this service restarted after a crash: it does not wait for its own
///   earlier self's lease to expire).
/// - Releasing deletes it, after checking it is still this holder's.
///
/// Expiry is wall-clock time written by the holder, so replicas' clocks must agree to well
/// within ``duration`` (NTP does; a lease of 30 s tolerates seconds of skew).
public struct StoreLease: Sendable {
    /// The store shared by the contenders.
    public let store: any ObjectStore
    /// The lease object's key.
    public let key: String
    /// Who asks (a replica's instance id): written in the lease, shown to others.
    public let owner: String
    /// How long a lease lives without renewal.
    public let duration: Duration
    /// This process, written in the lease.
    public let process: ProcessIdentity

    /// Creates a lease handle (nothing is written yet).
    /// - Parameters:
    ///   - store: the shared store.
    ///   - key: the lease object's key.
    ///   - owner: this process's id.
    ///   - duration: lifetime without renewal; renew every third of it. At least 1 s.
    ///   - process: the process asking; default this one.
    public init(
        store: any ObjectStore, key: String, owner: String, duration: Duration, process: ProcessIdentity = .current
    ) {
        self.store = store
        self.key = key
        self.owner = owner
        self.duration = max(duration, .seconds(1))
        self.process = process
    }

    /// What a lease object says.
    public struct Record: Sendable, Hashable, Codable {
        /// The holder.
        public var owner: String
        /// When it lapses unless renewed (ISO 8601, UTC).
        public var expiresAt: String
        /// What the holder wants followers to know (e.g. the first event of its work), JSON text.
        public var detail: String?
        /// The holder's process (absent in leases of older versions).
        public var process: ProcessIdentity?

        enum CodingKeys: String, CodingKey {
            case owner, detail, process
            case expiresAt = "expires_at"
        }

        /// Whether it has lapsed at `now` (an unreadable time counts as lapsed).
        public func isExpired(at now: UTCTime) -> Bool {
            guard let expiry = UTCTime(iso8601: expiresAt) else { return true }
            return expiry <= now
        }

        /// Whether it may be taken over at `now`: it lapsed, or its holder's process ended.
        public func isStale(at now: UTCTime) -> Bool {
            isExpired(at: now) || (process?.hasEnded() ?? false)
        }
    }

    /// A lease this process holds: its version, for renewing and releasing.
    public struct Held: Sendable {
        /// The ETag of the version this holder wrote last.
        public var etag: ETag
        /// The detail written with it.
        public var detail: String?
    }

    /// The outcome of ``acquire(now:)``.
    public enum Acquisition: Sendable {
        /// This process holds the lease now (taken fresh or over an expired one).
        case acquired(Held, tookOverFrom: String?)
        /// Another holder's lease is live.
        case heldElsewhere(Record)
    }

    /// Takes the lease if nobody holds it or its holder let it lapse.
    /// - Throws: the store's error (other than the lost races, which are answers).
    public func acquire(now: UTCTime = .now()) async throws(ObjectStoreError) -> Acquisition {
        // Two rounds: a create that loses to a holder whose lease then vanishes (released
        // between our create and our read) tries once more.
        for _ in 0..<2 {
            do {
                let etag = try await write(detail: nil, now: now, condition: .ifNoneMatch)
                return .acquired(Held(etag: etag, detail: nil), tookOverFrom: nil)
            } catch where error.code == .preconditionFailed {
                // Someone holds or held it: read on.
            }
            guard let current = try await store.getIfPresent(key) else { continue }
            let record = Self.decode(current.body)
            if let record, !record.isStale(at: now) { return .heldElsewhere(record) }
            guard let stale = current.info.etag else { continue }
            do {
                let etag = try await write(detail: nil, now: now, condition: .ifMatch(stale))
                return .acquired(Held(etag: etag, detail: nil), tookOverFrom: record?.owner ?? "an unreadable lease")
            } catch where error.code == .preconditionFailed {
                // Another contender took it over first.
                if let winner = try await read(), !winner.isStale(at: now) { return .heldElsewhere(winner) }
            }
        }
        if let holder = try await read() { return .heldElsewhere(holder) }
        throw ObjectStoreError(code: .transient, key: key, message: "the lease kept changing hands; try again")
    }

    /// Extends the lease by ``duration`` from `now`, optionally with a new detail.
    /// - Returns: the new version, or `nil` when the lease was lost (it lapsed and another
    ///   process took it over): the work may go on, but others may now repeat it.
    /// - Throws: the store's error.
    public func renew(_ held: Held, detail: String? = nil, now: UTCTime = .now()) async throws(ObjectStoreError) -> Held? {
        let detail = detail ?? held.detail
        do {
            let etag = try await write(detail: detail, now: now, condition: .ifMatch(held.etag))
            return Held(etag: etag, detail: detail)
        } catch where error.code == .preconditionFailed {
            return nil
        }
    }

    /// Gives the lease up, if this holder still has it.
    /// - Throws: the store's error.
    public func release(_ held: Held) async throws(ObjectStoreError) {
        guard let current = try await store.headIfPresent(key), current.etag == held.etag else { return }
        try await store.delete(key)
    }

    /// The lease object as it is now, `nil` when nobody holds it.
    /// - Throws: the store's error.
    public func read() async throws(ObjectStoreError) -> Record? {
        guard let object = try await store.getIfPresent(key) else { return nil }
        return Self.decode(object.body) ?? Record(owner: "an unreadable lease", expiresAt: "", detail: nil)
    }

    private func write(detail: String?, now: UTCTime, condition: WriteCondition) async throws(ObjectStoreError) -> ETag {
        let expiry = now.adding(nanoseconds: duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
        let record = Record(owner: owner, expiresAt: expiry.iso8601(fractionDigits: 3), detail: detail, process: process)
        let body = (try? JSONEncoder().encode(record)).map { [UInt8]($0) } ?? []
        return try await store.put(
            key, body: body, options: PutOptions(contentType: "application/json", cacheControl: "no-store", condition: condition))
    }

    private static func decode(_ body: [UInt8]) -> Record? {
        try? JSONDecoder().decode(Record.self, from: Data(body))
    }
}
