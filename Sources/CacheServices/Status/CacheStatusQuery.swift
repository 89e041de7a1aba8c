import ChunkStore
import SeedCore
package import Pipeline

/// One cache-status question: a scope and the codes it needs.
///
/// ``parse(_:catalog:)`` reads `000`'s query parameters and keeps only the fields the scope
/// uses, so two requests asking the same thing are equal (the service caches reports by query).
package struct CacheStatusQuery: Sendable, Hashable {
    /// Which report.
    package var scope: CacheStatusScope
    /// SEED network code (scope `station`, required).
    package var network: String?
    /// SEED station code (scope `station`, required).
    package var station: String?
    /// SEED channel code (scope `station`, required).
    package var channel: String?
    /// SEED location code (scope `station`, optional): `""` is the empty code, `nil` any code.
    package var locationCode: String?
    /// Volcano folder name (scope `volcano`, required; scope `station`, an optional filter).
    package var volcano: String?
    /// Region from the station catalog, `hawaii` or `alaska` (scope `location`, required).
    package var region: String?

    /// Creates a query; fields the scope does not use are ignored by the service.
    /// - Parameters:
    ///   - scope: which report.
    ///   - network: SEED network code, for `station`.
    ///   - station: SEED station code, for `station`.
    ///   - channel: SEED channel code, for `station`.
    ///   - locationCode: SEED location code for `station` (`""` empty, `nil` any).
    ///   - volcano: the volcano, for `volcano` (and as a filter for `station`).
    ///   - region: the region, for `location`.
    package init(
        scope: CacheStatusScope, network: String? = nil, station: String? = nil, channel: String? = nil,
        locationCode: String? = nil, volcano: String? = nil, region: String? = nil
    ) {
        self.scope = scope
        self.network = network
        self.station = station
        self.channel = channel
        self.locationCode = locationCode
        self.volcano = volcano
        self.region = region
    }

    /// Whether a channel filed under a volcano folder is part of the answer.
    func matches(_ id: SourceID, volcano folder: String, regionVolcanoes: Set<String>) -> Bool {
        switch scope {
        case .station:
            id.network == network && id.station == station && id.channel == channel
                && (locationCode.map { $0 == id.location } ?? true) && (volcano.map { $0 == folder } ?? true)
        case .volcano: folder == volcano
        case .location: regionVolcanoes.contains(folder)
        case .all: true
        }
    }

    /// Parses the query parameters of `GET /api/cache-status`.
    ///
    /// `scope` defaults to `all`. For `scope=location` the `location` parameter is the region
    /// (`000`); for `scope=station` it is the SEED location code (`""` or `--` for the empty
    /// code; absent: any code). Parameters a scope does not use are ignored.
    /// - Parameters:
    ///   - parameters: the query parameters by name.
    ///   - catalog: the station catalog, whose volcanoes define the regions.
    /// - Returns: the validated query.
    /// - Throws: ``FieldError`` naming the first parameter that is missing or
    ///   malformed: SEED codes as ``ChannelKey/validate(_:)`` (network 1–2, station 1–5,
    ///   location 0–2, channel 3 characters of A–Z and 0–9), the volcano as
    ///   ``ChannelKey/validate(volcano:)``, the region one of the catalog's.
    package static func parse(_ parameters: [String: String], catalog: StationCatalog)
        throws(FieldError) -> CacheStatusQuery
    {
        let scopeText = parameters["scope"] ?? CacheStatusScope.all.rawValue
        guard let scope = CacheStatusScope(rawValue: scopeText) else {
            throw FieldError(
                field: "scope",
                message: "scope \"\(scopeText)\" is not one of "
                    + CacheStatusScope.allCases.map(\.rawValue).joined(separator: ", "))
        }
        switch scope {
        case .station:
            let network = try required("network", in: parameters, example: "HV")
            let station = try required("station", in: parameters, example: "UWE")
            let channel = try required("channel", in: parameters, example: "HHZ")
            let location = parameters["location"].map { $0 == "--" ? "" : $0 }
            do throws(ChunkKeyError) {
                try ChannelKey.validate(
                    SourceID(network: network, station: station, location: location ?? "", channel: channel))
            } catch {
                throw FieldError(field: error.field, message: error.message + " (\"\" or -- for empty)")
            }
            var volcano: String?
            if let text = parameters["volcano"] { volcano = try validated(volcano: text) }
            return CacheStatusQuery(
                scope: .station, network: network, station: station, channel: channel, locationCode: location,
                volcano: volcano)
        case .volcano:
            let volcano = try validated(volcano: try required("volcano", in: parameters, example: "kilauea"))
            return CacheStatusQuery(scope: .volcano, volcano: volcano)
        case .location:
            let known = regions(of: catalog)
            let accepted = known.joined(separator: ", ")
            guard let text = parameters["location"], !text.isEmpty else {
                throw FieldError(
                    field: "location", message: "location (the region) is required for scope=location: one of \(accepted)")
            }
            let region = text.lowercased()
            guard known.contains(region) else {
                throw FieldError(
                    field: "location", message: "location \"\(text)\" is not a region of the catalog: one of \(accepted)")
            }
            return CacheStatusQuery(scope: .location, region: region)
        case .all:
            return CacheStatusQuery(scope: .all)
        }
    }

    private static func required(_ name: String, in parameters: [String: String], example: String)
        throws(FieldError) -> String
    {
        guard let value = parameters[name], !value.isEmpty else {
            throw FieldError(field: name, message: "\(name) is required for this scope (e.g. \(name)=\(example))")
        }
        return value
    }

    private static func validated(volcano: String) throws(FieldError) -> String {
        do throws(ChunkKeyError) {
            try ChannelKey.validate(volcano: volcano)
        } catch {
            throw FieldError(field: "volcano", message: error.message + " (e.g. kilauea)")
        }
        return volcano
    }
}

extension CacheStatusQuery {
    /// The regions of a catalog's volcanoes, sorted (`alaska`, `hawaii`).
    static func regions(of catalog: StationCatalog) -> [String] {
        Set(catalog.volcanoes.values.map(\.region)).sorted()
    }

    /// A catalog's volcanoes of a region.
    static func volcanoes(of catalog: StationCatalog, in region: String) -> Set<String> {
        Set(catalog.volcanoes.filter { $0.value.region == region }.keys)
    }
}
