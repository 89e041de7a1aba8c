package import ChunkStore
import Logging
import SeedCore

/// The behaviour every ``ObjectStore`` must show, as named checks a test suite runs one by
/// one (`@Test(arguments: ObjectStoreConformance.checkNames)`).
///
/// Each check works under its own prefix below `base`, so checks can run in parallel and
/// against a shared bucket. A failed check throws ``ConformanceFailure`` saying what differed.
package struct ObjectStoreConformance: Sendable {
    /// Behaviour of real servers the checks tolerate.
    package struct Quirks: Sendable {
        /// Listings show `a//b` as `a/b` (SeaweedFS); reads and writes still keep `//`.
        package var collapsesEmptySegmentsInListings = false
        /// A folder whose last object was deleted is still listed as a common prefix (SeaweedFS
        /// keeps empty filer directories; S3 and R2 do not).
        package var listsEmptyFoldersAsPrefixes = false

        package init(collapsesEmptySegmentsInListings: Bool = false, listsEmptyFoldersAsPrefixes: Bool = false) {
            self.collapsesEmptySegmentsInListings = collapsesEmptySegmentsInListings
            self.listsEmptyFoldersAsPrefixes = listsEmptyFoldersAsPrefixes
        }
    }

    let store: any ObjectStore
    let base: String
    let quirks: Quirks

    /// - Parameters:
    ///   - store: the store under test.
    ///   - base: a prefix no other run uses (e.g. `conformance-<random>/`).
    ///   - quirks: tolerated deviations.
    package init(store: any ObjectStore, base: String, quirks: Quirks = Quirks()) {
        self.store = store
        self.base = base
        self.quirks = quirks
    }

    /// The names of all checks.
    package static let checkNames: [String] = [
        "roundTripKeepsBytesAndETag", "emptyObjectRoundTrips", "missingObjectIsNotFound",
        "overwriteReplacesContent", "rangedReadReturnsTheRange", "ifNoneMatchCreatesOnlyOnce",
        "ifMatchWritesOnlyOverTheSameVersion", "ifMatchOnMissingObjectFails", "deleteRemovesObject",
        "listRollsUpAtDelimiter", "listPaginatesWithoutDuplicates", "specialCharactersInKeysRoundTrip",
        "emptyKeySegmentsAreKept", "concurrentMetadataWritersLoseNothing", "leaseIsHeldByOneAtATime",
        "lapsedLeaseIsTakenOverByOneContender", "leaseOfAnEndedProcessIsTakenOverAtOnce",
        "pieceReadsStayOnTheOpenedVersion",
    ]

    /// Runs one check by name.
    package func run(_ name: String) async throws {
        let prefix = base + name + "/"
        switch name {
        case "roundTripKeepsBytesAndETag": try await roundTripKeepsBytesAndETag(prefix)
        case "emptyObjectRoundTrips": try await emptyObjectRoundTrips(prefix)
        case "missingObjectIsNotFound": try await missingObjectIsNotFound(prefix)
        case "overwriteReplacesContent": try await overwriteReplacesContent(prefix)
        case "rangedReadReturnsTheRange": try await rangedReadReturnsTheRange(prefix)
        case "ifNoneMatchCreatesOnlyOnce": try await ifNoneMatchCreatesOnlyOnce(prefix)
        case "ifMatchWritesOnlyOverTheSameVersion": try await ifMatchWritesOnlyOverTheSameVersion(prefix)
        case "ifMatchOnMissingObjectFails": try await ifMatchOnMissingObjectFails(prefix)
        case "leaseOfAnEndedProcessIsTakenOverAtOnce": try await leaseOfAnEndedProcessIsTakenOverAtOnce(prefix)
        case "pieceReadsStayOnTheOpenedVersion": try await pieceReadsStayOnTheOpenedVersion(prefix)
        case "deleteRemovesObject": try await deleteRemovesObject(prefix)
        case "listRollsUpAtDelimiter": try await listRollsUpAtDelimiter(prefix)
        case "listPaginatesWithoutDuplicates": try await listPaginatesWithoutDuplicates(prefix)
        case "specialCharactersInKeysRoundTrip": try await specialCharactersInKeysRoundTrip(prefix)
        case "emptyKeySegmentsAreKept": try await emptyKeySegmentsAreKept(prefix)
        case "concurrentMetadataWritersLoseNothing": try await concurrentMetadataWritersLoseNothing(prefix)
        case "leaseIsHeldByOneAtATime": try await leaseIsHeldByOneAtATime(prefix)
        case "lapsedLeaseIsTakenOverByOneContender": try await lapsedLeaseIsTakenOverByOneContender(prefix)
        default: throw ConformanceFailure(check: name, message: "no such check")
        }
    }

    // MARK: - Checks

    func roundTripKeepsBytesAndETag(_ p: String) async throws {
        var generator = SplitMix(seed: 1)
        let body = (0..<100_003).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let etag = try await store.put(p + "object.bin", body: body)
        let read = try await store.get(p + "object.bin")
        try expect(read.body == body, "read bytes differ from written bytes")
        try expect(read.info.size == body.count, "size \(read.info.size), wrote \(body.count)")
        try expect(read.info.etag == etag, "GET ETag \(String(describing: read.info.etag)) != PUT ETag \(etag)")
        let info = try await store.head(p + "object.bin")
        try expect(info.size == body.count && info.etag == etag, "HEAD says \(info)")
    }

    func emptyObjectRoundTrips(_ p: String) async throws {
        try await store.put(p + "empty", body: [])
        let read = try await store.get(p + "empty")
        try expect(read.body.isEmpty && read.info.size == 0, "empty object read back as \(read.body.count) bytes")
    }

    func missingObjectIsNotFound(_ p: String) async throws {
        try await expectError(.notFound, "GET of a missing key") { try await store.get(p + "missing") }
        try await expectError(.notFound, "HEAD of a missing key") { try await store.head(p + "missing") }
        try await store.delete(p + "missing")
    }

    func overwriteReplacesContent(_ p: String) async throws {
        let first = try await store.put(p + "k", body: Array("first".utf8))
        let second = try await store.put(p + "k", body: Array("second version".utf8))
        try expect(first != second, "the ETag did not change with the content")
        let read = try await store.get(p + "k")
        try expect(read.body == Array("second version".utf8), "read \(read.body.count) bytes, not the second version")
    }

    func rangedReadReturnsTheRange(_ p: String) async throws {
        let body = (0..<200).map { UInt8($0) }
        try await store.put(p + "r", body: body)
        let middle = try await store.get(p + "r", range: 10...19)
        try expect(middle.body == Array(body[10...19]), "bytes 10-19 read as \(middle.body)")
        try expect(middle.info.size == 200, "a ranged read reports size \(middle.info.size), not the object's 200")
        let tail = try await store.get(p + "r", range: 190...10_000)
        try expect(tail.body == Array(body[190...]), "a range past the end is not clamped")
    }

    func ifNoneMatchCreatesOnlyOnce(_ p: String) async throws {
        let create = PutOptions(condition: .ifNoneMatch)
        let created = try await store.put(p + "once", body: [1], options: create)
        try expect(try await store.head(p + "once").etag == created, "put did not return the ETag of what it wrote")
        try await expectError(.preconditionFailed, "If-None-Match: * over an existing object") {
            try await store.put(p + "once", body: [2], options: create)
        }
        try expect(try await store.get(p + "once").body == [1], "the losing write changed the object")
    }

    func ifMatchWritesOnlyOverTheSameVersion(_ p: String) async throws {
        let v1 = try await store.put(p + "cas", body: [1])
        let v2 = try await store.put(p + "cas", body: [2], options: PutOptions(condition: .ifMatch(v1)))
        try await expectError(.preconditionFailed, "If-Match with a stale ETag") {
            try await store.put(p + "cas", body: [3], options: PutOptions(condition: .ifMatch(v1)))
        }
        try expect(try await store.get(p + "cas").body == [2], "the losing write changed the object")
        let v4 = try await store.put(p + "cas", body: [4], options: PutOptions(condition: .ifMatch(v2)))
        let current = try await store.get(p + "cas")
        try expect(current.body == [4], "If-Match with the current ETag did not write")
        try expect(current.info.etag == v4, "put did not return the ETag of what it wrote")
    }

    func ifMatchOnMissingObjectFails(_ p: String) async throws {
        try await expectError(.preconditionFailed, "If-Match on a missing object") {
            try await store.put(p + "none", body: [1], options: PutOptions(condition: .ifMatch(ETag("abc"))))
        }
    }

    func deleteRemovesObject(_ p: String) async throws {
        try await store.put(p + "sub/gone", body: [1])
        try await store.delete(p + "sub/gone")
        try await expectError(.notFound, "GET after DELETE") { try await store.get(p + "sub/gone") }
        let listing = try await store.listAll(prefix: p, delimiter: "/")
        let emptyFolders = quirks.listsEmptyFoldersAsPrefixes ? [p + "sub/"] : []
        try expect(
            listing.objects.isEmpty && (listing.commonPrefixes.isEmpty || listing.commonPrefixes == emptyFolders),
            "the deleted key is still listed: \(listing)")
        let recursive = try await store.listAll(prefix: p)
        try expect(recursive.objects.isEmpty, "the deleted key is still listed: \(recursive)")
    }

    func listRollsUpAtDelimiter(_ p: String) async throws {
        for key in ["a", "b/1", "b/2", "c/x/y", "d"] { try await store.put(p + key, body: [0]) }
        let top = try await store.listAll(prefix: p, delimiter: "/")
        try expect(top.objects.map(\.key) == [p + "a", p + "d"], "objects \(top.objects.map(\.key))")
        try expect(top.commonPrefixes == [p + "b/", p + "c/"], "common prefixes \(top.commonPrefixes)")
        let all = try await store.listAll(prefix: p)
        try expect(
            all.objects.map(\.key) == ["a", "b/1", "b/2", "c/x/y", "d"].map { p + $0 } && all.commonPrefixes.isEmpty,
            "recursive listing \(all.objects.map(\.key))")
        let partial = try await store.listAll(prefix: p + "b")
        try expect(partial.objects.map(\.key) == [p + "b/1", p + "b/2"], "prefix \(p)b lists \(partial.objects.map(\.key))")
        let rolled = try await store.listAll(prefix: p + "b", delimiter: "/")
        try expect(rolled.commonPrefixes == [p + "b/"] && rolled.objects.isEmpty, "prefix \(p)b with / gives \(rolled)")
        let sizes = try await store.listAll(prefix: p + "a")
        try expect(sizes.objects.first?.size == 1, "listed size \(String(describing: sizes.objects.first?.size))")
    }

    func listPaginatesWithoutDuplicates(_ p: String) async throws {
        let keys = (0..<25).map { p + "k" + String(100 + $0) }
        for key in keys { try await store.put(key, body: [1]) }
        var seen: [String] = []
        var token: String? = nil
        var pages = 0
        repeat {
            let page = try await store.list(prefix: p, delimiter: nil, continuationToken: token, maxKeys: 10)
            try expect(page.objects.count <= 10, "a page of \(page.objects.count) objects with maxKeys 10")
            seen += page.objects.map(\.key)
            token = page.nextContinuationToken
            pages += 1
        } while token != nil && pages < 10
        try expect(seen == keys, "pages listed \(seen.count) keys: \(seen)")
        try expect(pages == 3, "25 keys took \(pages) pages of 10")
    }

    func specialCharactersInKeysRoundTrip(_ p: String) async throws {
        let names = ["space here", "plus+sign", "tilde~", "unicodé-ü", "percent%41", "equals=&amp", "paren(1)", "--"]
        for (i, name) in names.enumerated() {
            try await store.put(p + name, body: [UInt8(i)])
            let read = try await store.get(p + name)
            try expect(read.body == [UInt8(i)], "\(name) read back as \(read.body)")
        }
        let listed = try await store.listAll(prefix: p).objects.map(\.key)
        let expected = names.map { p + $0 }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        try expect(listed == expected, "listed \(listed)")
    }

    func emptyKeySegmentsAreKept(_ p: String) async throws {
        let key = p + "UWE//HHZ/HV_UWE__HHZ.bin"
        try await store.put(key, body: [7])
        try expect(try await store.get(key).body == [7], "the // key did not read back")
        let listed = try await store.listAll(prefix: p).objects.map(\.key)
        let collapsed = p + "UWE/HHZ/HV_UWE__HHZ.bin"
        let ok = listed == [key] || (quirks.collapsesEmptySegmentsInListings && listed == [collapsed])
        try expect(ok, "the // key is listed as \(listed)")
        if !quirks.collapsesEmptySegmentsInListings {
            let folders = try await store.listAll(prefix: p + "UWE/", delimiter: "/")
            try expect(folders.commonPrefixes == [p + "UWE//"], "the empty segment folder lists as \(folders)")
            try await expectError(.notFound, "the collapsed key must be another key") { try await store.get(collapsed) }
        }
    }

    /// 8 writers × 25 entries on one day file, concurrently: all 200 entries must survive.
    func concurrentMetadataWritersLoseNothing(_ p: String) async throws {
        let channel = try ChannelKey(
            sourceID: SourceID(network: "XX", station: "TEST", location: "", channel: "HHZ"), volcano: "conformance",
            sampleRate: 100)
        let key = DayMetadataKey(channel: channel, day: CalendarDay(containing: UTCTime(seconds: 1_762_214_400)))
        let store = PrefixedStore(store: self.store, prefix: p)
        let updater = DayMetadataUpdater(
            store: store, maximumAttempts: 200, baseDelay: .milliseconds(5), maximumDelay: .milliseconds(200),
            logger: Logger(label: "conformance") { _ in SwiftLogNoOpLogHandler() })
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    for index in 0..<25 {
                        let entry = Self.entry(writer: writer, index: index)
                        try await updater.record([(.tenMinutes, entry)], in: key)
                    }
                }
            }
            try await group.waitForAll()
        }
        let stored = try DayMetadata(json: try await store.get(key.key).body)
        let starts = Set(stored.entries(.tenMinutes).map(\.start))
        try expect(starts.count == 200, "\(200 - starts.count) of 200 entries lost")
    }

    // MARK: - Helpers

    func expect(_ condition: Bool, _ message: @autoclosure () -> String, check: String = #function) throws {
        guard condition else { throw ConformanceFailure(check: check, message: message()) }
    }

    func expectError<T>(
        _ code: ObjectStoreError.Code, _ what: String, check: String = #function,
        _ body: () async throws -> T
    ) async throws {
        do {
            _ = try await body()
        } catch let error as ObjectStoreError {
            guard error.code == code else {
                throw ConformanceFailure(check: check, message: "\(what): got \(error.code) (\(error)), expected \(code)")
            }
            return
        }
        throw ConformanceFailure(check: check, message: "\(what) succeeded, expected \(code)")
    }
}

/// A check that did not hold.
package struct ConformanceFailure: Error, CustomStringConvertible {
    package var check: String
    package var message: String
    package var description: String { "\(check): \(message)" }
}

/// A deterministic byte source (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
