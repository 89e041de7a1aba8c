import Foundation
import SeedCore

/// Which channels the cron tick stores (a JSON file; the seed's `stations_config.json`
/// shape, extended):
///
/// ```json
/// { "volcanoes": ["kilauea", "maunaloa", "greatsitkin", "shishaldin", "spurr"],
///   "stations_per_volcano": 3, "max_distance_km": 20, "data_types": ["seismic"],
///   "include": [{"volcano": "kilauea", "channel": "HV.UWE.QC.EHZ"}],
///   "exclude": ["HV.OBL..HHZ"] }
/// ```
///
/// Per volcano and data type, the `stations_per_volcano` closest **stations** within
/// `max_distance_km` are taken, one channel each (the empty location first, then catalog
/// order); excluded channels are skipped before counting; included channels are added.
/// Every field is optional; the defaults reproduce the seed's 15 channels.
public struct StationConfig: Sendable, Hashable, Decodable {
    /// Volcanoes to monitor, by catalog key (default: the seed's five).
    public var volcanoes: [String]
    /// Closest stations per volcano and data type (default 3).
    public var stationsPerVolcano: Int
    /// Farthest distance from the summit, when set.
    public var maxDistanceKm: Double?
    /// Sensor types to select (default seismic).
    public var dataTypes: [StationCatalog.DataType]
    /// Channels added whatever their distance.
    public var include: [Inclusion]
    /// Channels never selected (`NET.STA.LOC.CHA`).
    public var exclude: [String]

    /// A channel added by hand.
    public struct Inclusion: Sendable, Hashable, Decodable {
        /// The volcano it is filed under.
        public var volcano: String
        /// `NET.STA.LOC.CHA`.
        public var channel: String
        /// Nominal rate, when the catalog does not list the channel.
        public var sampleRate: Double?

        /// Adds a channel to a volcano's selection.
        public init(volcano: String, channel: String, sampleRate: Double? = nil) {
            self.volcano = volcano
            self.channel = channel
            self.sampleRate = sampleRate
        }

        enum CodingKeys: String, CodingKey {
            case volcano, channel
            case sampleRate = "sample_rate"
        }
    }

    /// The seed's five volcanoes, in its order.
    public static let defaultVolcanoes = ["kilauea", "maunaloa", "greatsitkin", "shishaldin", "spurr"]

    /// Creates a config; the defaults select the seed's 15 channels.
    public init(
        volcanoes: [String] = defaultVolcanoes, stationsPerVolcano: Int = 3, maxDistanceKm: Double? = nil,
        dataTypes: [StationCatalog.DataType] = [.seismic], include: [Inclusion] = [], exclude: [String] = []
    ) {
        self.volcanoes = volcanoes
        self.stationsPerVolcano = stationsPerVolcano
        self.maxDistanceKm = maxDistanceKm
        self.dataTypes = dataTypes
        self.include = include
        self.exclude = exclude
    }

    enum CodingKeys: String, CodingKey {
        case volcanoes, include, exclude
        case stationsPerVolcano = "stations_per_volcano"
        case maxDistanceKm = "max_distance_km"
        case dataTypes = "data_types"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            volcanoes: try c.decodeIfPresent([String].self, forKey: .volcanoes) ?? Self.defaultVolcanoes,
            stationsPerVolcano: try c.decodeIfPresent(Int.self, forKey: .stationsPerVolcano) ?? 3,
            maxDistanceKm: try c.decodeIfPresent(Double.self, forKey: .maxDistanceKm),
            dataTypes: try c.decodeIfPresent([StationCatalog.DataType].self, forKey: .dataTypes) ?? [.seismic],
            include: try c.decodeIfPresent([Inclusion].self, forKey: .include) ?? [],
            exclude: try c.decodeIfPresent([String].self, forKey: .exclude) ?? [])
    }

    /// Reads a config file's bytes.
    /// - Throws: ``FieldError`` naming the field.
    /// The config in a JSON file, or the shipped default when `path` is `nil` (`--config`).
    /// - Throws: ``FieldError`` naming `--config` when the file cannot be read, or
    ///   the field that is invalid.
    public init(contentsOfFile path: String?) throws(FieldError) {
        guard let path else {
            self.init()
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FieldError(field: "--config", message: "cannot read \(path)")
        }
        try self.init(json: [UInt8](data))
    }

    public init(json bytes: [UInt8]) throws(FieldError) {
        do {
            self = try JSONDecoder().decode(StationConfig.self, from: Data(bytes))
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context),
            let DecodingError.dataCorrupted(context)
        {
            throw FieldError(
                field: Self.fieldName(context.codingPath),
                message: context.debugDescription)
        } catch {
            throw FieldError(field: "config", message: "not a station config: \(error)")
        }
    }
}

extension StationConfig {
    /// `include[2].channel` from a decoding path.
    static func fieldName(_ path: [any CodingKey]) -> String {
        var name = ""
        for key in path {
            if let index = key.intValue {
                name += "[\(index)]"
            } else {
                name += (name.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return name.isEmpty ? "config" : name
    }
}
