import ChunkStore
import Foundation
import Logging
import SeedCore
public import WaveformSources

/// `seiscron live`: one process of possibly several on a bucket follows the feed and stores its
/// windows (``LiveFollower``); the others stand by. The one that follows holds the
/// ``leaseKey`` lease (``StoreLease``: taken over when its holder crashed or lost it), so each
/// window is stored once. Every renewal it saves where a restart resumes losing nothing
/// (``positionKey``); the next holder — this process restarted, or a standby taking over —
/// resumes from there.
public struct LiveService<Source: LiveWaveformSource>: Sendable {
    /// Follows and stores.
    public var follower: LiveFollower<Source>
    /// Who this process is, in the lease (host and process id).
    public var owner: String
    /// How long the lease lives without renewal; it is renewed, and the position saved,
    /// every third of it.
    public var leaseDuration: Duration
    /// The lease object.
    public var leaseKey: String
    /// The saved position.
    public var positionKey: String

    /// A service storing through `follower`'s store.
    public init(
        follower: LiveFollower<Source>, owner: String, leaseDuration: Duration = .seconds(30),
        leaseKey: String = "leases/live.json", positionKey: String = "live/position.json"
    ) {
        self.follower = follower
        self.owner = owner
        self.leaseDuration = leaseDuration
        self.leaseKey = leaseKey
        self.positionKey = positionKey
    }

    var store: any ObjectStore { follower.storer.writer.store }
    var logger: Logger { follower.logger }

    /// Runs until `shutdown` returns: stands by while another process holds the lease,
    /// follows while this one does, and on shutdown stores the windows already complete, saves
    /// the position and releases the lease.
    public func run(
        until shutdown: @escaping @Sendable () async -> Void,
        each: @escaping @Sendable (LiveFollower<Source>.Stored) async -> Void = { _ in }
    ) async {
        let stopping = OneShot()
        let watcher = Task {
            await shutdown()
            stopping.fire()
        }
        defer { watcher.cancel() }
        let lease = StoreLease(store: store, key: leaseKey, owner: owner, duration: leaseDuration)
        var waitingSince: String?
        while !stopping.hasFired {
            let held: StoreLease.Held
            do {
                switch try await lease.acquire() {
                case .acquired(let taken, let previous):
                    held = taken
                    if let previous { logger.notice("live: took the lease over", metadata: ["lease.previous": "\(previous)"]) }
                case .heldElsewhere(let record):
                    if waitingSince != record.owner {
                        logger.notice(
                            "live: another process follows the feed; standing by",
                            metadata: ["lease.holder": "\(record.owner)", "lease.expires": "\(record.expiresAt)"])
                        waitingSince = record.owner
                    }
                    await pause(leaseDuration / 3, unless: stopping)
                    continue
                }
            } catch {
                logger.error("live: the lease could not be read; trying again", metadata: ["error": "\(error)"])
                await pause(leaseDuration / 3, unless: stopping)
                continue
            }
            waitingSince = nil
            await follow(holding: held, lease: lease, stopping: stopping, each: each)
        }
    }

    /// Follows while the lease holds; saves the position each renewal and at the end.
    private func follow(
        holding held: StoreLease.Held, lease: StoreLease, stopping: OneShot,
        each: @escaping @Sendable (LiveFollower<Source>.Stored) async -> Void
    ) async {
        let position = await savedPosition()
        let checkpoint = follower.checkpoint(from: position ?? follower.source.start)
        logger.notice(
            "live: following",
            metadata: [
                "source": "\(follower.source.displayName)", "channels": "\(follower.channels.count)",
                "resume": "\(position == nil ? "the newest data" : "the saved position")",
            ])
        let lost = OneShot()
        let keeper = Task {
            var current = held
            while !Task.isCancelled {
                await pause(leaseDuration / 3, unless: lost)
                if Task.isCancelled || lost.hasFired { return }
                await save(checkpoint.resumePosition)
                do {
                    guard let renewed = try await lease.renew(current) else {
                        logger.error("live: lost the lease (not renewed in time); standing by")
                        lost.fire()
                        return
                    }
                    current = renewed
                } catch {
                    logger.warning("live: lease not renewed; trying again", metadata: ["error": "\(error)"])
                }
            }
        }
        await follower.follow(
            checkpoint,
            until: {
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { await stopping.wait() }
                    group.addTask { await lost.wait() }
                    await group.next()
                    group.cancelAll()
                }
            }, each: each)
        keeper.cancel()
        await save(checkpoint.resumePosition)
        if !lost.hasFired {
            do {
                try await lease.release(held)
            } catch {
                logger.warning("live: lease not released (it lapses)", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Sleeps `duration` or until `event` fires.
    private func pause(_ duration: Duration, unless event: OneShot) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: duration) }
            group.addTask { await event.wait() }
            await group.next()
            group.cancelAll()
        }
    }

    /// The position a previous holder saved (`nil`: none, or unreadable — then the feed's newest).
    func savedPosition() async -> Source.Position? {
        do {
            guard let object = try await store.getIfPresent(positionKey) else { return nil }
            return try JSONDecoder().decode(SavedPosition.self, from: Data(object.body)).position
        } catch {
            logger.warning(
                "live: saved position unreadable; starting at the newest data",
                metadata: ["key": "\(positionKey)", "error": "\(error)"])
            return nil
        }
    }

    /// Saves where a restart resumes.
    func save(_ position: Source.Position) async {
        do {
            let saved = SavedPosition(position: position, savedAt: UTCTime.now().iso8601(), owner: owner)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            _ = try await store.put(
                positionKey, body: [UInt8](try encoder.encode(saved)),
                options: PutOptions(contentType: "application/json", cacheControl: "no-store"))
        } catch {
            logger.warning("live: position not saved", metadata: ["key": "\(positionKey)", "error": "\(error)"])
        }
    }

    /// The saved position object.
    struct SavedPosition: Codable {
        var position: Source.Position
        var savedAt: String
        var owner: String

        enum CodingKeys: String, CodingKey {
            case position, owner
            case savedAt = "saved_at"
        }
    }
}
