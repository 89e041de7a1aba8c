import Pipeline
/// Which cache-status report is asked for (`000`'s `scope` parameter of `GET /api/cache-status`).
package enum CacheStatusScope: String, Sendable, Hashable, CaseIterable {
    /// One channel: days, chunk counts and completeness per day.
    case station
    /// Every channel filed under one volcano.
    case volcano
    /// The volcanoes of one region (`hawaii`, `alaska`).
    case location
    /// The whole cache, by region and by volcano.
    case all
}
