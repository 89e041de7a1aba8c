package import ChunkStore
import Logging
import SeedCore

/// The lease checks and the opened-version read check (``ObjectStoreConformance``).
extension ObjectStoreConformance {
    /// ``StoreLease``: of 8 concurrent contenders one holds it; renewing keeps others out
    /// and carries the detail; a renewal by a holder that lost it says so; release frees it.
    func leaseIsHeldByOneAtATime(_ p: String) async throws {
        let now = UTCTime.now()
        let store = store
        let lease: @Sendable (String) -> StoreLease = {
            StoreLease(store: store, key: p + "lease.json", owner: $0, duration: .seconds(30))
        }
        let outcomes = try await withThrowingTaskGroup(of: (String, StoreLease.Acquisition).self) { group in
            for index in 0..<8 { group.addTask { ("r\(index)", try await lease("r\(index)").acquire(now: now)) } }
            return try await group.reduce(into: [(String, StoreLease.Acquisition)]()) { $0.append($1) }
        }
        let winners = outcomes.compactMap { owner, outcome -> (String, StoreLease.Held)? in
            if case .acquired(let held, _) = outcome { return (owner, held) }
            return nil
        }
        try expect(winners.count == 1, "\(winners.count) of 8 contenders hold the lease")
        guard let (owner, held) = winners.first else { return }
        for case (_, .heldElsewhere(let record)) in outcomes {
            try expect(record.owner == owner, "a loser was told \(record.owner) holds it, not \(owner)")
        }
        let renewed = try await lease(owner).renew(held, detail: #"{"rate":100}"#, now: now.adding(seconds: 10))
        try expect(renewed != nil, "the holder could not renew its lease")
        guard let renewed else { return }
        guard case .heldElsewhere(let seen) = try await lease("late").acquire(now: now.adding(seconds: 35)) else {
            throw ConformanceFailure(check: #function, message: "a renewed lease was taken over before it lapsed")
        }
        try expect(seen.detail == #"{"rate":100}"#, "the renewal's detail reads back as \(String(describing: seen.detail))")
        try expect(try await lease(owner).renew(held) == nil, "a renewal over an outdated version succeeded")
        try await lease(owner).release(renewed)
        try expect(try await store.headIfPresent(p + "lease.json") == nil, "release left the lease object")
        guard case .acquired = try await lease("next").acquire(now: now) else {
            throw ConformanceFailure(check: #function, message: "a released lease could not be taken")
        }
    }

    /// A lease past its expiry (a crashed holder) is taken over by exactly one of several
    /// contenders; the old holder's renewal then fails and its release leaves the new lease.
    func lapsedLeaseIsTakenOverByOneContender(_ p: String) async throws {
        let now = UTCTime.now()
        let key = p + "lease.json"
        let store = store
        guard case .acquired(let crashed, _) = try await StoreLease(store: store, key: key, owner: "crashed", duration: .seconds(3))
            .acquire(now: now)
        else { throw ConformanceFailure(check: #function, message: "a free lease could not be taken") }
        let later = now.adding(seconds: 4)
        let outcomes = try await withThrowingTaskGroup(of: StoreLease.Acquisition.self) { group in
            for index in 0..<6 {
                group.addTask {
                    try await StoreLease(store: store, key: key, owner: "r\(index)", duration: .seconds(30)).acquire(now: later)
                }
            }
            return try await group.reduce(into: [StoreLease.Acquisition]()) { $0.append($1) }
        }
        let takeovers = outcomes.compactMap { outcome -> String? in
            if case .acquired(_, let from) = outcome { return from ?? "nobody" }
            return nil
        }
        try expect(takeovers == ["crashed"], "takeovers: \(takeovers) (expected one, from crashed)")
        let old = StoreLease(store: store, key: key, owner: "crashed", duration: .seconds(3))
        try expect(try await old.renew(crashed, now: later) == nil, "the lapsed holder renewed over the new holder")
        try await old.release(crashed)
        try expect(try await old.read()?.owner.hasPrefix("r") == true, "the lapsed holder's release removed the new lease")
    }

    /// A live lease whose holder is an ended process of this host (a crashed earlier run of
    /// this service: its pid now has another start time) is taken over at once, long before
    /// it expires; one held by a running process, or by a process of another host, is not.
    func leaseOfAnEndedProcessIsTakenOverAtOnce(_ p: String) async throws {
        let now = UTCTime.now()
        let me = ProcessIdentity.current
        guard me.startTicks != nil else { return }  // No /proc: nothing can be told, nothing to check.
        var ended = me
        ended.startTicks = (me.startTicks ?? 0) + 1
        var elsewhere = me
        elsewhere.host = me.host + "-elsewhere"
        elsewhere.startTicks = (me.startTicks ?? 0) + 1
        for (holder, stale) in [(ended, true), (me, false), (elsewhere, false)] {
            let key = p + "lease-\(stale)-\(holder.host.count).json"
            let old = StoreLease(store: store, key: key, owner: "earlier", duration: .seconds(600), process: holder)
            guard case .acquired = try await old.acquire(now: now) else {
                throw ConformanceFailure(check: #function, message: "a free lease could not be taken")
            }
            let outcome = try await StoreLease(store: store, key: key, owner: "restarted", duration: .seconds(30))
                .acquire(now: now.adding(seconds: 1))
            switch outcome {
            case .acquired(_, let from):
                try expect(stale, "a lease of a running process (\(holder)) was taken over")
                try expect(from == "earlier", "took over from \(from ?? "nobody"), not the earlier holder")
            case .heldElsewhere(let record):
                try expect(!stale, "the lease of an ended process of this host was not taken over (held by \(record.owner))")
            }
        }
    }

    /// ``ObjectReader``: pieces read after the object was replaced are of the version opened,
    /// or the read fails (`preconditionFailed`); never a mix of two versions.
    func pieceReadsStayOnTheOpenedVersion(_ p: String) async throws {
        let key = p + "object.bin"
        let first = (0..<300_000).map { UInt8(truncatingIfNeeded: $0) }
        let second = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 3 &+ 1) }
        let etag = try await store.put(key, body: first)
        let reader = try await store.openForReading(key)
        try expect(reader.info.size == first.count, "opened size \(reader.info.size), not \(first.count)")
        try expect(reader.info.etag == nil || reader.info.etag == etag, "opened ETag \(String(describing: reader.info.etag)), not \(etag)")
        var read = try await reader.read(from: 0, count: 100_000)
        try await store.put(key, body: second)
        do {
            while read.count < first.count {
                let piece = try await reader.read(from: read.count, count: 100_000)
                if piece.isEmpty { break }
                read += piece
            }
            try expect(read == first, "pieces read after a rewrite mix versions or lose bytes")
        } catch let error as ObjectStoreError where error.code == .preconditionFailed {
            // The store cannot keep the old version: it says so instead of mixing.
        }
        try expect(try await store.openForReading(key).read(from: 299_990, count: 100) == Array(second[299_990...]),
            "a new reader does not read the new version's end")
    }

    /// The entry writer `w` writes as its `i`-th: a distinct start per (w, i).
    package static func entry(writer: Int, index: Int) -> ChunkEntry {
        let second = (writer * 25 + index) * 60
        func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let start = "\(pad(second / 3600)):\(pad(second / 60 % 60)):00"
        return ChunkEntry(start: start, end: start, min: Int32(-writer), max: Int32(index), samples: 60_000)
    }
}
