import Foundation
import Testing

/// Fixtures/sigv4_vectors.json (botocore's signatures; see make_sigv4_vectors.py).
struct SigV4Fixtures: Decodable {
    struct HeaderCase: Decodable, Sendable, CustomTestStringConvertible {
        var name: String
        var method: String
        var host: String
        var region: String
        var rawPath: String
        var encodedPath: String
        var query: [[String]]
        var headers: [[String]]
        var payloadSHA256: String
        var canonicalRequest: String
        var stringToSign: String
        var authorization: String
        var signature: String
        var testDescription: String { name }
    }

    struct PresignedCase: Decodable, Sendable, CustomTestStringConvertible {
        var name: String
        var method: String
        var host: String
        var region: String
        var rawPath: String
        var encodedPath: String
        var expires: Int
        var url: String
        var signature: String
        var testDescription: String { name }
    }

    var headerCases: [HeaderCase]
    var presignedCases: [PresignedCase]

    static func load() throws -> SigV4Fixtures {
        let url = try #require(Bundle.module.url(forResource: "sigv4_vectors", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(SigV4Fixtures.self, from: Data(contentsOf: url))
    }
}
