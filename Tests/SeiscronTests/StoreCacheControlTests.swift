import Foundation
import R2Client
import TestSupport
import Testing

/// `seiscron store cache-control PREFIX` against the real S3 server (SeaweedFS) and on the local store.
@Suite(.timeLimit(.minutes(5))) struct StoreCacheControlTests {
    static let old = "public, max-age=31536000, immutable"
    static let new = "public, max-age=60, must-revalidate"

    func seiscron(_ arguments: [String], environment: [String: String]) throws -> TestSupport.Output {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("R2_") && !$0.key.hasPrefix("S3_") }
        env.merge(environment) { $1 }
        return try TestSupport.run(try TestSupport.product("seiscron"), ["store", "cache-control"] + arguments, environment: env)
    }

    static func chunk(_ station: String, hour: Int) -> String {
        let stamp = String(format: "2025-11-04-%02d-00-00", hour)
        let end = String(format: "2025-11-04-%02d-10-00", hour)
        return "data/2025/11/HV/kilauea/\(station)//HHZ/HV_\(station)__HHZ_100Hz_\(stamp)_to_\(end).bin.zst"
    }

    @Test func rewritesOnlyChunksUnderThePrefixKeepingBytesAndETags() async throws {
        let s3 = try await S3TestBucket.client()
        let env = try S3TestBucket.environment(bucket: s3.configuration.bucket)
        let stale = [Self.chunk("UWE", hour: 20), Self.chunk("UWE", hour: 21), Self.chunk("UWE", hour: 22)]
        let done = Self.chunk("UWE", hour: 23)
        let outside = "data/2025/10/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_2025-10-04-22-00-00_to_2025-10-04-22-10-00.bin.zst"
        let metadata = "data/2025/11/HV/kilauea/UWE//HHZ/2025-11-04.json"
        var eTags: [String: String] = [:]
        for (index, key) in (stale + [outside]).enumerated() {
            let put = try await s3.putObject(
                key: key, body: Array("chunk \(index)".utf8), contentType: "application/octet-stream", cacheControl: Self.old,
                metadata: ["writer": "test"])
            eTags[key] = put.eTag
        }
        _ = try await s3.putObject(key: done, body: Array("done".utf8), contentType: "application/octet-stream", cacheControl: Self.new)
        _ = try await s3.putObject(key: metadata, body: Array("{}".utf8), contentType: "application/json", cacheControl: "no-cache")

        // What the store says before (SeaweedFS stores application/octet-stream on a .zst key as
        // application/zstd): the rewrite must keep it, whatever it is.
        var types: [String: String?] = [:]
        for key in stale { types[key] = try await s3.headObject(key: key).contentType }

        let dryRun = try seiscron(["data/2025/11/", "--dry-run"], environment: env)
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        #expect(dryRun.stdout == "cache-control (dry run): 5 objects listed, 4 chunks, 3 to rewrite, 0 rewritten, 1 already set, 0 failed\n")
        for key in stale { #expect(try await s3.headObject(key: key).cacheControl == Self.old) }

        let run = try seiscron(["data/2025/11/"], environment: env)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "cache-control: 5 objects listed, 4 chunks, 3 rewritten, 1 already set, 0 failed\n")
        // The progress line names where to resume.
        #expect(run.stderr.contains("resume: --start-after "), "\(run.stderr)")
        for (index, key) in stale.enumerated() {
            let object = try await s3.getObject(key: key)
            #expect(object.attributes.cacheControl == Self.new)
            #expect(object.body == Array("chunk \(index)".utf8))
            #expect(object.eTag == eTags[key])
            #expect(object.attributes.contentType == types[key] ?? nil)
            #expect(object.attributes.metadata == ["writer": "test"])
        }
        #expect(try await s3.headObject(key: metadata).cacheControl == "no-cache")
        #expect(try await s3.headObject(key: outside).cacheControl == Self.old)

        // A rerun finds nothing left to do.
        let again = try seiscron(["data/2025/11/"], environment: env)
        #expect(again.stdout == "cache-control: 5 objects listed, 4 chunks, 0 rewritten, 4 already set, 0 failed\n")
    }

    @Test func startAfterSkipsTheKeysBeforeIt() async throws {
        let s3 = try await S3TestBucket.client()
        let env = try S3TestBucket.environment(bucket: s3.configuration.bucket)
        let keys = [Self.chunk("UWE", hour: 20), Self.chunk("UWE", hour: 21)]
        for key in keys {
            _ = try await s3.putObject(key: key, body: Array(key.utf8), cacheControl: Self.old)
        }
        // Resume after the first key as SeaweedFS lists it (an empty location's `//` as `/`).
        let listed = try await s3.listObjectsV2(prefix: "data/").objects.map(\.key)
        try #require(listed.count == 2)
        let run = try seiscron(["data/", "--start-after", listed[0], "--value", "max-age=5"], environment: env)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "cache-control: 1 objects listed, 1 chunks, 1 rewritten, 0 already set, 0 failed\n")
        #expect(try await s3.headObject(key: keys[0]).cacheControl == Self.old)
        #expect(try await s3.headObject(key: keys[1]).cacheControl == "max-age=5")
    }

    @Test func theLocalStoreHasNothingToRewrite() throws {
        let folder = try TestSupport.temporaryFolder()
        let output = try seiscron(["data/", "--data-dir", folder.path], environment: [:])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stderr.contains("the local store keeps no Cache-Control"))
        #expect(output.stdout.isEmpty)
    }
}
