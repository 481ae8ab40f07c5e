/// Type of a video-analytics event (`video_events.jsonl` `type`); codes are English.
public enum VideoEventType: String, DomainCode {
    /// Goods moved to or from a vehicle.
    case loadingUnloading = "loading_unloading"
    /// A person staying in one place.
    case loitering = "loitering"
    /// People gathering.
    case crowd = "crowd"
    /// A vehicle stopping.
    case vehicleStop = "vehicle_stop"

    public init(from decoder: any Decoder) throws { self = try Self.decodeCode(from: decoder) }
}
