import ChunkStore
import Pipeline

/// Lists the part of the bucket a cache-status query needs, never the whole bucket at once.
///
/// `data/` → years → months → networks → volcano folders with the `/` delimiter, skipping a
/// level the query already names (the network of `station`, the volcano of `volcano`, the
/// catalog's volcanoes of a `location`); then each volcano folder (or, for `station`, the
/// station folder under it) without a delimiter. The channel levels below the station are
/// never walked with a delimiter: an empty location code is an empty segment (`UWE//HHZ`)
/// that some S3 servers list oddly (SeaweedFS collapses it); the recursive listing returns
/// keys that ``DayMetadataKey/init(key:)`` and ``ChunkKey/init(key:)`` read either way.
struct CacheStatusWalk: Sendable {
    /// The store.
    let store: any ObjectStore
    /// Listings in flight at most.
    let width: Int

    /// What a walk listed.
    struct Listed: Sendable {
        /// Objects under the leaf folders.
        var objects: [ObjectInfo]
        /// `listAll` calls made (each may be several pages).
        var listings: Int
    }

    /// Lists the objects a query may count.
    /// - Parameters:
    ///   - query: the query.
    ///   - regionVolcanoes: for `location`, the catalog's volcanoes of the region.
    /// - Throws: ``ObjectStoreError`` of the first listing that failed, or `transient` when
    ///   the task was cancelled.
    func objects(for query: CacheStatusQuery, regionVolcanoes: Set<String>) async throws(ObjectStoreError) -> Listed {
        var listings = 0
        let years = try await folders(under: ["data/"], listings: &listings).filter { Self.isNumber($0, digits: 4) }
        let months = try await folders(under: years, listings: &listings).filter { Self.isNumber($0, digits: 2) }
        let networks: [String]
        if query.scope == .station, let network = query.network {
            networks = months.map { $0 + network + "/" }
        } else {
            networks = try await folders(under: months, listings: &listings)
        }
        let volcanoFolders: [String]
        if query.scope == .volcano || query.scope == .station, let volcano = query.volcano {
            volcanoFolders = networks.map { $0 + volcano + "/" }
        } else if query.scope == .location {
            let names = regionVolcanoes.sorted()
            volcanoFolders = networks.flatMap { network in names.map { network + $0 + "/" } }
        } else {
            volcanoFolders = try await folders(under: networks, listings: &listings)
        }
        let leaves: [String]
        if query.scope == .station, let station = query.station {
            leaves = volcanoFolders.map { $0 + station + "/" }
        } else {
            leaves = volcanoFolders
        }
        let store = store
        let objects = try await Self.concurrentMap(leaves, width: width) { prefix throws(ObjectStoreError) in
            try await store.listAll(prefix: prefix).objects
        }
        listings += leaves.count
        return Listed(objects: objects.flatMap { $0 }, listings: listings)
    }

    /// The common prefixes one level below each prefix.
    private func folders(under prefixes: [String], listings: inout Int) async throws(ObjectStoreError) -> [String] {
        let store = store
        let found = try await Self.concurrentMap(prefixes, width: width) { prefix throws(ObjectStoreError) in
            try await store.listAll(prefix: prefix, delimiter: "/").commonPrefixes
        }
        listings += prefixes.count
        return found.flatMap { $0 }
    }

    /// Whether the last segment of a folder prefix is `digits` ASCII digits (`2025/`, `11/`).
    static func isNumber(_ folder: String, digits: Int) -> Bool {
        let segment = folder.dropLast().split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        return segment.utf8.count == digits && segment.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// Maps items with at most `width` calls in flight, keeping their order; the first failure
    /// cancels the rest and is thrown.
    static func concurrentMap<Item: Sendable, Value: Sendable>(
        _ items: [Item], width: Int, _ work: @escaping @Sendable (Item) async throws(ObjectStoreError) -> Value
    ) async throws(ObjectStoreError) -> [Value] {
        let outcomes = await withTaskGroup(
            of: (Int, Result<Value, ObjectStoreError>).self, returning: [Result<Value, ObjectStoreError>?].self
        ) { group in
            var outcomes = [Result<Value, ObjectStoreError>?](repeating: nil, count: items.count)
            var next = 0
            var failed = false
            func start(_ index: Int) {
                let item = items[index]
                group.addTask {
                    do throws(ObjectStoreError) {
                        return (index, .success(try await work(item)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            while next < min(max(width, 1), items.count) {
                start(next)
                next += 1
            }
            while let (index, outcome) = await group.next() {
                outcomes[index] = outcome
                if case .failure = outcome {
                    failed = true
                    group.cancelAll()
                }
                if !failed && !Task.isCancelled && next < items.count {
                    start(next)
                    next += 1
                }
            }
            return outcomes
        }
        var values: [Value] = []
        values.reserveCapacity(items.count)
        for outcome in outcomes {
            if case .failure(let error) = outcome { throw error }
        }
        for outcome in outcomes {
            guard case .success(let value) = outcome else {
                throw ObjectStoreError(
                    code: .transient, key: nil, message: "the cache-status walk was cancelled; ask again")
            }
            values.append(value)
        }
        return values
    }
}
