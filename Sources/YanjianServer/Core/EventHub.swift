import Foundation

/// Live updates for the web app: state changes of warnings and dispatches are published here and
/// streamed to every subscribed client (`GET /api/v1/events`, server-sent events), filtered by the
/// client's jurisdiction. A subscriber that is too slow loses the oldest events, never blocks the
/// publisher; clients treat an event as "reload", so a lost one only delays a refresh.
final class EventHub: Sendable {
    /// What changed: `warning` (raised, moved, escalated), `dispatch`, `warnings` (a generation run).
    struct Event: Sendable {
        var kind: String
        var id: Int64?
        var status: String?
        var adcode: String?
        /// A keep-alive comment rather than an event.
        var heartbeat = false

        var json: String {
            var fields = ["\"kind\":\"\(kind)\""]
            if let id { fields.append("\"id\":\(id)") }
            if let status { fields.append("\"status\":\"\(status)\"") }
            return "{" + fields.joined(separator: ",") + "}"
        }
    }

    // Invariant: `subscribers` is only touched under `lock`.
    private let lock = NSLock()
    private nonisolated(unsafe) var subscribers: [UUID: AsyncStream<Event>.Continuation] = [:]
    let heartbeatSeconds: Double

    init(heartbeatSeconds: Double = 25) {
        self.heartbeatSeconds = heartbeatSeconds
    }

    /// A stream of events (and heartbeats) until the consumer stops reading.
    func subscribe() -> AsyncStream<Event> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(256))
        let seconds = heartbeatSeconds
        let beat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(seconds))
                continuation.yield(Event(kind: "heartbeat", heartbeat: true))
            }
        }
        continuation.onTermination = { [weak self] _ in
            beat.cancel()
            self?.lock.withLock { _ = self?.subscribers.removeValue(forKey: id) }
        }
        lock.withLock { subscribers[id] = continuation }
        return stream
    }

    /// Sends an event to every subscriber.
    func publish(_ event: Event) {
        let targets = lock.withLock { Array(subscribers.values) }
        for continuation in targets { continuation.yield(event) }
    }

    /// How many clients listen (for tests and metrics).
    var count: Int { lock.withLock { subscribers.count } }
}
