/// An access key pair for an S3-compatible store (for R2: an R2 API token's S3 credentials).
///
/// The secret never appears in `description`, `debugDescription`, reflection (`dump`), logs or
/// errors; only the access key ID does.
public struct S3Credentials: Sendable, Hashable {
    /// The access key ID (not secret; appears in the `Credential=` part of every request).
    public var accessKeyID: String
    /// The secret access key. Only the signer reads it.
    public var secretAccessKey: String

    /// Creates credentials.
    /// - Parameters:
    ///   - accessKeyID: The access key ID.
    ///   - secretAccessKey: The secret access key.
    public init(accessKeyID: String, secretAccessKey: String) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
    }
}

extension S3Credentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "S3Credentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>)" }

    public var debugDescription: String { description }

    // `dump` and the default description of any struct holding credentials walk the mirror:
    // give them one without the secret.
    public var customMirror: Mirror {
        Mirror(self, children: ["accessKeyID": accessKeyID, "secretAccessKey": "<redacted>"], displayStyle: .struct)
    }
}
