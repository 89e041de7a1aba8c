import Foundation

extension S3Configuration {
    /// Variables that configure Cloudflare R2.
    public static let r2EnvironmentVariables = ["R2_ACCOUNT_ID", "R2_BUCKET_NAME", "R2_ACCESS_KEY_ID", "R2_SECRET_ACCESS_KEY"]
    /// Variables that configure any S3-compatible store (`S3_REGION` and `S3_ADDRESSING` optional).
    public static let s3EnvironmentVariables = [
        "S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_REGION", "S3_ADDRESSING",
    ]

    /// Reads a configuration from environment variables (the executable passes
    /// `ProcessInfo.processInfo.environment`; this library never reads the environment itself).
    ///
    /// - Cloudflare R2: `R2_ACCOUNT_ID`, `R2_BUCKET_NAME`, `R2_ACCESS_KEY_ID`, `R2_SECRET_ACCESS_KEY`
    ///   (region `auto`, path-style).
    /// - Any S3-compatible store: `S3_ENDPOINT`, `S3_BUCKET`, `S3_ACCESS_KEY_ID`,
    ///   `S3_SECRET_ACCESS_KEY`, optional `S3_REGION` (default `us-east-1`) and `S3_ADDRESSING`
    ///   (`path`, the default, or `virtual`).
    ///
    /// Empty values count as unset. Retry policy and timeouts are the defaults; change them on the result.
    /// - Parameter environment: The environment variables.
    /// - Returns: The configuration, or `nil` when none of these variables is set.
    /// - Throws: ``S3ConfigurationError`` naming the variable when a store is partly configured
    ///   (`missingVariable`), a value is invalid (`invalidValue`), or both R2 and S3 variables are
    ///   set (`conflictingStores`).
    public static func fromEnvironment(_ environment: [String: String]) throws(S3ConfigurationError) -> S3Configuration? {
        func value(_ name: String) -> String? {
            guard let raw = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else { return nil }
            return raw
        }
        let r2Set = r2EnvironmentVariables.filter { value($0) != nil }
        let s3Set = s3EnvironmentVariables.filter { value($0) != nil }
        switch (r2Set.isEmpty, s3Set.isEmpty) {
        case (true, true):
            return nil
        case (false, false):
            throw S3ConfigurationError(
                code: .conflictingStores,
                variable: s3Set[0],
                message: "both R2 (\(r2Set.joined(separator: ", "))) and S3 (\(s3Set.joined(separator: ", "))) variables are set; "
                    + "unset one group"
            )
        case (false, true):
            let required = try requiredValues(r2EnvironmentVariables, value: value, store: "R2")
            return try renamingParameters(["accountID": "R2_ACCOUNT_ID", "bucket": "R2_BUCKET_NAME"]) { () throws(S3ConfigurationError) in
                try r2(
                    accountID: required[0],
                    bucket: required[1],
                    credentials: S3Credentials(accessKeyID: required[2], secretAccessKey: required[3])
                )
            }
        case (true, false):
            let required = try requiredValues(Array(s3EnvironmentVariables.prefix(4)), value: value, store: "S3")
            let addressing: S3Addressing
            switch value("S3_ADDRESSING")?.lowercased() {
            case nil, "path": addressing = .path
            case "virtual", "virtual-host", "virtualhost": addressing = .virtualHost
            case let other?:
                throw S3ConfigurationError(
                    code: .invalidValue,
                    variable: "S3_ADDRESSING",
                    message: "\"\(other)\" is not an addressing style; use path (the default) or virtual"
                )
            }
            guard let endpoint = URL(string: required[0]) else {
                throw S3ConfigurationError(
                    code: .invalidValue,
                    variable: "S3_ENDPOINT",
                    message: "not a URL; use e.g. https://s3.example.com or http://127.0.0.1:9000"
                )
            }
            return try renamingParameters(["endpoint": "S3_ENDPOINT", "bucket": "S3_BUCKET", "region": "S3_REGION"]) {
                () throws(S3ConfigurationError) in
                try S3Configuration(
                    endpoint: endpoint,
                    region: value("S3_REGION") ?? "us-east-1",
                    bucket: required[1],
                    credentials: S3Credentials(accessKeyID: required[2], secretAccessKey: required[3]),
                    addressing: addressing
                )
            }
        }
    }

    private static func requiredValues(
        _ names: [String],
        value: (String) -> String?,
        store: String
    ) throws(S3ConfigurationError) -> [String] {
        let missing = names.filter { value($0) == nil }
        if let first = missing.first {
            throw S3ConfigurationError(
                code: .missingVariable,
                variable: first,
                message:
                    "\(store) is partly configured: set \(missing.joined(separator: ", ")) too (or unset all of \(names.joined(separator: ", ")))"
            )
        }
        return names.map { value($0) ?? "" }
    }
}

extension S3Configuration {
    /// Runs `body`, replacing the parameter name in its error by the environment variable's.
    fileprivate static func renamingParameters(
        _ names: [String: String],
        _ body: () throws(S3ConfigurationError) -> S3Configuration
    ) throws(S3ConfigurationError) -> S3Configuration {
        do {
            return try body()
        } catch {
            var renamed = error
            renamed.variable = names[error.variable] ?? error.variable
            throw renamed
        }
    }
}
