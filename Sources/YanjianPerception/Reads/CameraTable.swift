import Foundation
import YanjianCore

/// The cameras plate reads refer to, with dense `Int32` ids in the order they were added.
///
/// Coordinates may be unknown (`nil`): such a camera still counts for convoys and night trips, but
/// never as one end of an impossible journey. `isNightTarget` marks the cameras at logistics parks and
/// around retailers, where night runs go.
public struct CameraTable: Sendable {
    /// One camera.
    public struct Camera: Sendable, Equatable {
        /// The source's camera id.
        public var id: String
        /// A readable name.
        public var name: String
        /// The source's kind code (`卡口`, `物流园` …), if any.
        public var kind: String?
        /// Position, if known and valid.
        public var location: GeoPoint?
        /// The adcode that scopes it.
        public var adcode: String?
        /// Whether night runs to this camera count as visits to a logistics park or a retail area.
        public var isNightTarget: Bool

        /// Creates a camera.
        public init(id: String, name: String, kind: String? = nil, location: GeoPoint? = nil, adcode: String? = nil, isNightTarget: Bool = false) {
            self.id = id
            self.name = name
            self.kind = kind
            self.location = location
            self.adcode = adcode
            self.isNightTarget = isNightTarget
        }
    }

    /// The cameras, by dense id.
    public private(set) var cameras: [Camera] = []
    /// Latitude and longitude in radians (NaN when unknown), for distance in hot loops.
    package private(set) var latitudeRadians: [Double] = []
    package private(set) var longitudeRadians: [Double] = []
    /// Unit vectors of the positions (NaN when unknown): the chord between two cameras is a cheap
    /// lower-bound test before the great-circle distance.
    package private(set) var unitX: [Double] = []
    package private(set) var unitY: [Double] = []
    package private(set) var unitZ: [Double] = []
    private var indexByID: [String: Int32] = [:]

    /// An empty table.
    public init() {}

    /// Creates a table from cameras (later duplicates of an id are ignored).
    public init(_ cameras: [Camera]) {
        for camera in cameras { add(camera) }
    }

    /// The number of cameras.
    public var count: Int { cameras.count }

    /// Adds a camera (or returns the id of the camera already holding this id).
    @discardableResult
    public mutating func add(_ camera: Camera) -> Int32 {
        if let existing = indexByID[camera.id] { return existing }
        let id = Int32(cameras.count)
        var stored = camera
        if let location = camera.location, !Self.isPlausible(location) { stored.location = nil }
        cameras.append(stored)
        latitudeRadians.append((stored.location?.lat ?? .nan) * .pi / 180)
        longitudeRadians.append((stored.location?.lon ?? .nan) * .pi / 180)
        let phi = latitudeRadians[latitudeRadians.count - 1], lambda = longitudeRadians[longitudeRadians.count - 1]
        unitX.append(cos(phi) * cos(lambda))
        unitY.append(cos(phi) * sin(lambda))
        unitZ.append(sin(phi))
        indexByID[camera.id] = id
        return id
    }

    /// Whether a position can be a camera's: finite, on Earth, and not the (0, 0) of a missing value.
    static func isPlausible(_ point: GeoPoint) -> Bool {
        point.lat.isFinite && point.lon.isFinite && abs(point.lat) <= 90 && abs(point.lon) <= 180
            && !(point.lat == 0 && point.lon == 0)
    }

    /// The dense id of a camera id.
    public func index(of id: String) -> Int32? { indexByID[id] }

    /// Squared chord length between two cameras on the unit sphere (NaN when either has no position).
    @inline(__always)
    package func chordSquared(_ a: Int32, _ b: Int32) -> Double {
        let dx = unitX[Int(a)] - unitX[Int(b)], dy = unitY[Int(a)] - unitY[Int(b)], dz = unitZ[Int(a)] - unitZ[Int(b)]
        return dx * dx + dy * dy + dz * dz
    }

    /// The squared unit-sphere chord of a great-circle distance, for comparison with ``chordSquared(_:_:)``.
    package static func chordSquared(km: Double) -> Double {
        let chord = 2 * sin(min(Double.pi, km / GeoPoint.earthRadiusKm) / 2)
        return chord * chord
    }

    /// Great-circle distance in kilometres between two cameras (NaN when either has no position).
    @inline(__always)
    package func distanceKm(_ a: Int32, _ b: Int32) -> Double {
        if a == b { return 0 }
        let phi1 = latitudeRadians[Int(a)], phi2 = latitudeRadians[Int(b)]
        let dPhi = phi2 - phi1
        let dLambda = longitudeRadians[Int(b)] - longitudeRadians[Int(a)]
        let sinPhi = sin(dPhi / 2), sinLambda = sin(dLambda / 2)
        let h = sinPhi * sinPhi + cos(phi1) * cos(phi2) * sinLambda * sinLambda
        return 2 * GeoPoint.earthRadiusKm * asin(min(1, h.squareRoot()))
    }
}
