import CacheServices
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Pipeline
import WaveformSources

/// `GET /api/stations`: the configured channels with volcano (its display name), region,
/// distance, rate and what the store holds of each, and the kind of source misses come from
/// (the player's pickers, defaults and labels).
struct StationRoutes {
    var services: APIServices

    func add(to router: Router<APIRequestContext>) {
        router.get("/api/stations") { _, _ -> Response in
            let now = services.now()
            do {
                let listing = try await services.stations.listing(
                    now: now, newestAvailable: services.data.availableEnd(now: now),
                    source: StationListing.Source(displayName: services.source.displayName))
                return try JSONResponse.make(listing, headers: [.cacheControl: "no-cache"])
            } catch {
                throw APIError.storeFailed(error)
            }
        }
    }
}
