import CacheServices
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore
import Logging
import Pipeline
import SeedCore

/// `POST /api/backfill` (000's request; a background job unless `?wait=true`) and
/// `GET /api/backfill/{id}` (the job's progress and result). Requires
/// `Authorization: Bearer $SEISAPI_TOKEN`; without a configured token the endpoint is off.
struct BackfillRoutes {
    var services: APIServices

    /// 000's request, plus `hours_back` (the last N hours) as an alternative to
    /// `start_time` + `duration_hours`. Every field is optional: no channel fields means
    /// every configured channel (of `volcano`, when given).
    struct Body: Decodable {
        var network: String?
        var station: String?
        var location: String?
        var channel: String?
        var volcano: String?
        var startTime: String?
        /// Read as numbers and range-checked before they become whole hours: JSON allows
        /// 1e300 and 0.5, which must be a 400 naming the field, not a decoding failure.
        var durationHours: Double?
        var hoursBack: Double?
        var force: Bool?

        enum CodingKeys: String, CodingKey {
            case network, station, location, channel, volcano, force
            case startTime = "start_time", durationHours = "duration_hours", hoursBack = "hours_back"
        }
    }

    /// The answer to a queued job.
    struct Accepted: Encodable {
        var jobID: String
        var status: String
        var statusURL: String
        var channels: [String]
        var timeRange: BackfillResult.TimeRange

        enum CodingKeys: String, CodingKey {
            case status, channels
            case jobID = "job_id", statusURL = "status_url", timeRange = "time_range"
        }
    }

    func add(to router: Router<APIRequestContext>) {
        router.post("/api/backfill") { request, context -> Response in
            try authorize(request)
            var request = request
            let bytes = try await request.collectBody(upTo: 64 * 1024)
            let backfillRequest = try parse(Data(bytes.readableBytesView))
            let backfill = services.backfill
            if request.uri.parameters["wait"] == "true" {
                let result = await backfill.run(backfillRequest)
                return try JSONResponse.make(result)
            }
            let jobs = services.jobs
            let job = await jobs.add(backfillRequest, body: Array(bytes.readableBytesView))
            let submitted = services.runner.submit {
                await jobs.run(job.id, request: backfillRequest, backfill: backfill)
            }
            guard submitted else {
                await jobs.abandon(job.id)
                throw APIError(.serviceUnavailable, "the server is shutting down; send the request again in a moment")
            }
            context.logger.info("backfill queued", metadata: ["backfill.job": "\(job.id)"])
            return try JSONResponse.make(
                Accepted(
                    jobID: job.id, status: "queued", statusURL: "/api/backfill/\(job.id)", channels: job.request.channels,
                    timeRange: .init(start: job.request.start, end: job.request.end)),
                status: .accepted, headers: [.location: "/api/backfill/\(job.id)"])
        }
        router.get("/api/backfill/{id}") { _, context -> Response in
            let id = context.parameters.get("id") ?? ""
            let found: BackfillJobs.Job?
            do {
                found = try await services.jobs.job(id)
            } catch {
                throw APIError.storeFailed(error)
            }
            guard let job = found else {
                throw APIError(.notFound, "no backfill job \(id) (jobs are kept for a day after they end)", field: "id")
            }
            return try JSONResponse.make(job, headers: [.cacheControl: "no-store"])
        }
    }

    /// 401 without a bearer token, 403 with a wrong one, 503 when no token is configured.
    func authorize(_ request: Request) throws {
        guard let token = services.config.token else {
            throw APIError(.serviceUnavailable, "backfill is disabled: set SEISAPI_TOKEN on the server to enable it")
        }
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            var error = APIError(.unauthorized, "send Authorization: Bearer <SEISAPI_TOKEN>", field: "Authorization")
            error.headers[.wwwAuthenticate] = "Bearer realm=\"seisapi\""
            throw error
        }
        guard constantTimeEquals(Array(header.dropFirst(7).utf8), Array(token.utf8)) else {
            throw APIError(.forbidden, "the token is not valid", field: "Authorization")
        }
    }

    func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }

    /// A JSON number of hours as a whole number in 1–168, else an error naming `field`.
    static func wholeHours(_ number: Double, field: String) throws(FieldError) -> Int {
        guard number.isFinite, number == number.rounded(), (1...Double(BackfillRequest.maximumHours)).contains(number) else {
            throw FieldError(
                field: field, message: "must be a whole number of hours, 1–\(BackfillRequest.maximumHours) (got \(number))")
        }
        return Int(number)
    }

    func parse(_ data: Data) throws -> BackfillRequest {
        let body: Body
        do {
            body = try JSONDecoder().decode(Body.self, from: data.isEmpty ? Data("{}".utf8) : data)
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            throw APIError(
                .badRequest, "wrong type: \(context.debugDescription)", field: context.codingPath.last?.stringValue)
        } catch DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty {
            // A number that does not fit (e.g. "duration_hours": 1e300) names its field.
            throw APIError(.badRequest, "bad value: \(context.debugDescription)", field: context.codingPath.last?.stringValue)
        } catch {
            throw APIError(.badRequest, "the body is not a JSON object: \(error)", field: "body")
        }
        let now = services.now()
        do {
            let selector = ChannelSelector(
                volcano: body.volcano, network: body.network, station: body.station, location: body.location,
                channel: body.channel)
            let channels = try selector.channels(from: services.channels, catalog: services.catalog)
            if let hoursBackNumber = body.hoursBack {
                guard body.startTime == nil, body.durationHours == nil else {
                    throw FieldError(field: "hours_back", message: "give hours_back or start_time + duration_hours, not both")
                }
                // Range-checked before it is turned into seconds (2^62 hours would overflow).
                let hoursBack = try Self.wholeHours(hoursBackNumber, field: "hours_back")
                return try BackfillRequest(
                    channels: channels, start: now.adding(seconds: -Int64(hoursBack) * 3600), hours: hoursBack,
                    force: body.force ?? false, now: now)
            }
            guard let text = body.startTime, let hoursNumber = body.durationHours else {
                throw FieldError(
                    field: body.startTime == nil ? "start_time" : "duration_hours",
                    message: "give start_time (ISO 8601) and duration_hours (1–168), or hours_back")
            }
            guard let start = InputTime.parse(text) else {
                throw FieldError(field: "start_time", message: "\"\(text)\" is not \(InputTime.expected)")
            }
            let hours = try Self.wholeHours(hoursNumber, field: "duration_hours")
            return try BackfillRequest(channels: channels, start: start, hours: hours, force: body.force ?? false, now: now)
        } catch let error as FieldError {
            throw APIError(.badRequest, error.message, field: error.field == "duration_hours" && body.hoursBack != nil ? "hours_back" : error.field)
        }
    }
}
