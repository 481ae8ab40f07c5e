import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import YanjianCore
import YanjianPerception
import YanjianStore

/// Global search (one box for a phone, ID number, name, plate, waybill, licence or case number) and
/// the vehicle page's data (a plate's trajectory, stay points, flows, hot-list hits and findings).
struct SearchRoutes {
    let store: Store
    let audit: AuditLog

    func register(_ table: inout RouteTable) {
        table.add(APIRoute(method: .get, path: "/api/v1/search",
                           summary: "Search everything you may read for ?q= (phone, ID number, name, plate, waybill, licence, case number): retailers, persons, waybills, cases, plates, warnings, tips, findings; at most 20 of each",
                           tag: "records", isPublic: false, query: ["q"])) { request, context in
            let scope = try AdminRoutes.require(context, \.mayReadData)
            for name in request.uri.queryParameters.map({ String($0.key) }) where name != "q" {
                throw APIError.badRequest(code: "request.unknown_parameter", message: "unknown query parameter \(name)", field: name)
            }
            let raw = request.uri.queryParameters.get("q") ?? ""
            let (query, hits) = try await store.search(raw, scope: scope)
            // The query itself may be personal (a phone, an ID number): the audit keeps its kind, not its text.
            try await audit.append(actor: scope.user.username, action: "search",
                                   details: ["forms": query.forms.keys.sorted().joined(separator: ","), "hits": String(hits.count)])
            var json = JSONWriter(capacity: 1024 + hits.count * 200)
            json.object { json in
                json.field("q", query.text)
                json.key("read_as")
                json.object { json in for (form, value) in query.forms.sorted(by: { $0.key < $1.key }) { json.field(form, scope.unmasked ? value : FindingMasking.maskText(value)) } }
                json.key("items")
                json.array { json in
                    for hit in hits {
                        json.object { json in
                            json.field("kind", hit.kind)
                            json.field("key", hit.key)
                            json.field("title", hit.title)
                            json.field("detail", hit.detail)
                            json.field("adcode", hit.adcode)
                        }
                    }
                }
                json.field("masked", !scope.unmasked)
            }
            return JSON.response(json)
        }
        table.add(APIRoute(method: .get, path: "/api/v1/vehicles/{plate}",
                           summary: "One plate: reads at cameras in your jurisdiction (time, camera, position), trips, stay points, district flows, hot-list hits, findings (convoy, cloned plate, night vehicle)",
                           tag: "findings", isPublic: false)) { _, context in
            let scope = try AdminRoutes.require(context, \.mayReadData)
            guard let raw = context.pathText("plate"), (2...20).contains(raw.count) else {
                throw APIError.badRequest(code: "request.invalid_path", message: "a plate of 2 to 20 characters", field: "plate")
            }
            let plate = Plate(raw)?.value ?? raw.uppercased()
            let (profile, cameras, hotlist, findings) = try await store.vehicleProfile(plate: plate)
            let visible = findings.filter { scope.jurisdiction.contains(adcode: $0.adcode) }
            try await audit.append(actor: scope.user.username, action: "vehicle.view", target: "vehicle/\(plate)")
            func inScope(_ camera: Int32) -> Bool { scope.jurisdiction.contains(adcode: cameras.cameras[Int(camera)].adcode) }
            let points = profile.points.filter { inScope($0.camera) }
            guard !points.isEmpty || !visible.isEmpty || (scope.jurisdiction.prefix.isEmpty && !hotlist.isEmpty) else {
                throw APIError.notFound("vehicle \(plate)")
            }
            var json = JSONWriter(capacity: 4096 + points.count * 160)
            func camera(_ id: Int32, into json: inout JSONWriter) {
                let camera = cameras.cameras[Int(id)]
                json.field("camera_id", camera.id)
                json.field("camera_name", camera.name)
                json.field("lat", camera.location?.lat)
                json.field("lon", camera.location?.lon)
            }
            json.object { json in
                json.field("plate", plate)
                json.field("reads", points.count)
                json.field("first_seen", points.first?.time)
                json.field("last_seen", points.last?.time)
                json.field("active_days", profile.activeDays)
                json.field("trips", profile.trips.count)
                json.key("points")
                json.array { json in
                    for point in points.suffix(2000) {
                        json.object { json in
                            json.field("at", point.time)
                            camera(point.camera, into: &json)
                            json.field("vehicle_type", point.vehicleType)
                            json.field("color", point.color)
                        }
                    }
                }
                json.key("stay_points")
                json.array { json in
                    for stay in profile.stayPoints where inScope(stay.camera) {
                        json.object { json in
                            camera(stay.camera, into: &json)
                            json.field("arrival", stay.arrival)
                            json.field("departure", stay.departure)
                        }
                    }
                }
                json.key("flows")
                json.array { json in
                    for flow in profile.originDestinations.prefix(20) {
                        json.object { json in
                            json.field("origin", flow.origin)
                            json.field("destination", flow.destination)
                            json.field("trips", flow.trips)
                        }
                    }
                }
                json.key("hotlist")
                json.array { json in
                    for hit in hotlist where scope.jurisdiction.prefix.isEmpty || hit.source == "case" {
                        json.object { json in
                            json.field("source", hit.source)
                            json.field("reference", hit.reference)
                            json.field("detail", scope.unmasked ? hit.detail
                                : hit.source == "person" ? PersonalField.name.mask(hit.detail) : FindingMasking.maskText(hit.detail))
                        }
                    }
                }
                json.key("findings")
                json.array { json in
                    for finding in visible.map({ scope.unmasked ? $0 : FindingMasking.mask($0) }) { FindingRoutes.write(finding, to: &json) }
                }
            }
            return JSON.response(json)
        }
    }
}
