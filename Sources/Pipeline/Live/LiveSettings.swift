/// `seiscron live`'s own settings (besides ``PipelineSettings`` and the store): a plain value
/// whose defaults are its properties'; read with ``EnvironmentReader/read(_:over:)`` and
/// ``variables``.
package struct LiveSettings: Sendable {
    /// How long the live lease lives without renewal (`LIVE_LEASE_SECONDS`): a standby process
    /// takes over this long after the follower stopped renewing; the position is saved every third of it.
    package var leaseDuration: Duration = .seconds(30)
    /// Windows stored at once while the feed is read (`LIVE_STORES_AT_ONCE`).
    package var storesAtOnce = 4
    /// After SIGTERM, how long the windows already complete may take to store
    /// (`SHUTDOWN_DRAIN_SECONDS`, as `seisapi`'s).
    package var shutdownDrain: Duration = .seconds(20)
    /// How long to wait for the FDSN station service's facts at start (`LIVE_STATION_FACTS_SECONDS`):
    /// windows are stored without them when it does not answer in time.
    package var stationFactsWait: Duration = .seconds(20)

    /// The defaults.
    package init() {}

    /// The variables `seiscron live` reads, in the order they are checked.
    package static var variables: [ConfigurationVariable<Self>] {
        [
            .wholeSeconds("LIVE_LEASE_SECONDS", 3...3600, \.leaseDuration, "live lease lifetime; renewed every third"),
            .integer("LIVE_STORES_AT_ONCE", 1...64, \.storesAtOnce, "windows stored at once by the live service"),
            .wholeSeconds("SHUTDOWN_DRAIN_SECONDS", 0...3600, \.shutdownDrain, "after SIGTERM, how long complete windows may take to store"),
            .wholeSeconds(
                "LIVE_STATION_FACTS_SECONDS", 0...600, \.stationFactsWait, "wait for FDSN station facts at start (0: none)"),
        ]
    }
}
