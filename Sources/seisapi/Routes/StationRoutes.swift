import CacheServices
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Pipeline

/// `GET /api/stations`: the configured channels with volcano, region, distance, rate and
/// what the store holds of each (the player's pickers).
struct StationRoutes {
    var services: APIServices

    func add(to router: Router<APIRequestContext>) {
        router.get("/api/stations") { _, _ -> Response in
            let now = services.now()
            do {
                let listing = try await services.stations.listing(
                    now: now, newestAvailable: services.data.availableEnd(now: now))
                return try JSONResponse.make(listing, headers: [.cacheControl: "no-cache"])
            } catch {
                throw APIError.storeFailed(error)
            }
        }
    }
}
