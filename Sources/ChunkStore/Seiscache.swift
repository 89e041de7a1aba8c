/// Facts about this build of seiscache.
public enum Seiscache {
    /// The release, as the executables report it and as the FDSN client's `User-Agent` sends it.
    public static let version = "0.1.0"
}
