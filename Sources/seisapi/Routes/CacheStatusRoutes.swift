import CacheServices
import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore
import Pipeline

/// `GET /api/cache-status?scope=station|volcano|location|all` (000's shapes).
struct CacheStatusRoutes {
    var services: APIServices

    func add(to router: Router<APIRequestContext>) {
        router.get("/api/cache-status") { request, _ -> Response in
            let query: CacheStatusQuery
            do {
                query = try CacheStatusQuery.parse(request.uri.parameters, catalog: services.catalog)
            } catch let error as FieldError {
                throw APIError(.badRequest, error.message, field: error.field)
            }
            do {
                let report = try await services.status.report(for: query, now: services.now())
                return try JSONResponse.make(report, headers: [.cacheControl: "no-cache"])
            } catch {
                throw APIError.storeFailed(error)
            }
        }
    }
}

extension URI {
    /// The query as a dictionary (the last value of a repeated parameter wins), decoded.
    var parameters: [String: String] {
        var parameters: [String: String] = [:]
        for (name, value) in queryParameters {
            parameters[String(name)] = String(value)
        }
        return parameters
    }
}
