import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import YanjianCore
import YanjianStore
import YanjianWorkflow

/// The closed loop's API: graded warnings (list, detail with timeline, status changes), the units
/// of the command map ranked by travel time, dispatch and the field report. Every state change is
/// checked against the lifecycle in the store and written to the audit log.
struct WorkflowRoutes {
    let store: Store
    let audit: AuditLog
    let events: EventHub

    static let listQuery = ["level", "status", "department", "target_kind", "open", "page", "per_page"]

    func register(_ table: inout RouteTable) {
        table.add(APIRoute(method: .get, path: "/api/v1/events",
                           summary: "Live updates (server-sent events, text/event-stream): warning and dispatch changes in the caller's jurisdiction, a comment every 25 s",
                           tag: "warnings", isPublic: false)) { _, context in
            let scope = try AdminRoutes.require(context, \.mayReadData)
            let stream = events.subscribe()
            let body = ResponseBody { writer in
                try await writer.write(ByteBuffer(string: ": connected\n\n"))
                for await event in stream {
                    if event.heartbeat {
                        try await writer.write(ByteBuffer(string: ": ping\n\n"))
                    } else if event.adcode == nil || scope.jurisdiction.contains(adcode: event.adcode) {
                        try await writer.write(ByteBuffer(string: "event: \(event.kind)\ndata: \(event.json)\n\n"))
                    }
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"], body: body)
        }
        table.add(APIRoute(method: .get, path: "/api/v1/warnings",
                           summary: "Warnings in the caller's jurisdiction, most severe and newest first, with counts by level and status",
                           tag: "warnings", isPublic: false, query: Self.listQuery)) { request, context in
            let scope = try AdminRoutes.require(context, \.mayReadData)
            let filter = try Self.filter(request)
            let page = try PageRequest(page: request.queryInt("page", default: 1), perPage: request.queryInt("per_page", default: 50))
            let result = try await store.warningPage(scope: scope, filter: filter, page: page)
            let counts = try await store.warningCounts(scope: scope)
            var json = JSONWriter(capacity: 1024 + result.items.count * 700)
            json.object { json in
                json.key("items")
                json.array { json in for warning in result.items { Self.write(warning, to: &json) } }
                json.field("page", page.page)
                json.field("per_page", page.perPage)
                json.field("has_more", result.hasMore)
                json.field("masked", !scope.unmasked)
                json.key("counts")
                json.object { json in
                    json.key("open_by_level")
                    json.object { json in for level in WarningLevel.allCases { json.field(level.rawValue, counts.openByLevel[level.rawValue] ?? 0) } }
                    json.key("by_status")
                    json.object { json in for status in WarningStatus.allCases { json.field(status.rawValue, counts.byStatus[status.rawValue] ?? 0) } }
                    json.field("overdue", counts.overdue)
                }
            }
            return JSON.response(json)
        }
        table.add(APIRoute(method: .get, path: "/api/v1/warnings/feedback",
                           summary: "How verified warnings turned out (confirmed, dismissed, open, precision) by level, by rule and by month",
                           tag: "warnings", isPublic: false)) { _, context in
            let scope = try AdminRoutes.require(context, \.mayReadData)
            let outcomes = try await store.warningOutcomes(scope: scope)
            var json = JSONWriter()
            func write(_ name: String, _ items: [WarningOutcome], into json: inout JSONWriter) {
                json.key(name)
                json.array { json in
                    for item in items {
                        json.object { json in
                            json.field("group", item.group)
                            json.field("confirmed", item.confirmed)
                            json.field("dismissed", item.dismissed)
                            json.field("open", item.open)
                            json.field("precision", item.precision.map { ($0 * 1000).rounded() / 1000 })
                        }
                    }
                }
            }
            json.object { json in
                write("by_level", outcomes.byLevel, into: &json)
                write("by_rule", outcomes.byRule, into: &json)
                write("by_month", outcomes.byMonth, into: &json)
            }
            return JSON.response(json)
        }
        table.add(APIRoute(method: .get, path: "/api/v1/warnings/{id}",
                           summary: "One warning with its timeline, dispatches, and the units ranked by estimated travel time",
                           tag: "warnings", isPublic: false)) { _, context in
            let scope = try AdminRoutes.require(context, \.mayReadData)
            let warning = try await store.warning(id: try Self.id(context), scope: scope)
            let events = try await store.warningEvents(id: warning.id)
            let dispatches = try await store.dispatches(warningID: warning.id)
            let fieldEvidence = try await store.fieldEvidence(warningID: warning.id)
            let units = try await store.units(scope: scope)
            var json = JSONWriter(capacity: 4096)
            json.object { json in
                json.key("warning")
                Self.write(warning, to: &json)
                json.key("events")
                Self.write(events, unmasked: scope.unmasked, to: &json)
                json.key("dispatches")
                json.array { json in for dispatch in dispatches { Self.write(dispatch, to: &json) } }
                json.key("field_evidence")
                json.array { json in for item in fieldEvidence { Self.write(item, to: &json) } }
                json.key("next")
                json.array { json in for status in warning.status.next { json.string(status.rawValue) } }
                json.field("location_needed", warning.location == nil)
                json.key("units")
                json.array { json in
                    guard let point = warning.location else { return }
                    let suggested = Set(DispatchPlanner.suggest(units, to: point, departments: warning.departments).map(\.unit.unitID))
                    for candidate in DispatchPlanner.rank(units, to: point, departments: warning.departments).prefix(20) {
                        json.object { json in
                            Self.writeUnitFields(candidate.unit, to: &json)
                            json.field("distance_km", (candidate.distanceKm * 100).rounded() / 100)
                            json.field("eta_minutes", candidate.etaMinutes.rounded())
                            json.field("suggested", suggested.contains(candidate.unit.unitID))
                        }
                    }
                }
            }
            return JSON.response(json)
        }
        table.add(APIRoute(method: .post, path: "/api/v1/warnings/{id}/status",
                           summary: "Move a warning along its lifecycle: {\"to\": \"acknowledged\", \"note\": \"…\"}",
                           tag: "warnings", isPublic: false)) { request, context in
            let scope = try AdminRoutes.require(context, \.mayWorkWarnings)
            let id = try Self.id(context)
            let body = try await JSON.object(request, context: context, allowed: ["to", "note"], required: ["to"])
            guard let target = try body.string("to").flatMap(WarningStatus.init(rawValue:)) else {
                throw APIError.badRequest(code: "request.invalid_field",
                                          message: "to must be one of \(WarningStatus.allCases.map(\.rawValue).joined(separator: ", "))", field: "to")
            }
            let note = try Self.note(body)
            let warning = try await store.transitionWarning(id: id, to: target, actor: scope.user.username, note: note, scope: scope)
            try await audit.append(actor: scope.user.username, action: "warning.status", target: "warning/\(id)",
                                   details: ["to": target.rawValue])
            events.publish(.init(kind: "warning", id: id, status: warning.status.rawValue, adcode: warning.adcode))
            var json = JSONWriter()
            Self.write(warning, to: &json)
            return JSON.response(json)
        }
        table.add(APIRoute(method: .post, path: "/api/v1/warnings/{id}/dispatch",
                           summary: "Send units: {\"unit_ids\": [\"U1\"], \"note\": \"…\", \"lat\": …, \"lon\": …} (lat/lon for a target without a place)",
                           tag: "warnings", isPublic: false)) { request, context in
            let scope = try AdminRoutes.require(context, \.mayWorkWarnings)
            let id = try Self.id(context)
            let body = try await JSON.object(request, context: context, allowed: ["unit_ids", "note", "lat", "lon"], required: ["unit_ids"])
            let unitIDs = try body.strings("unit_ids") ?? []
            guard !unitIDs.isEmpty, unitIDs.count <= 20 else {
                throw APIError.badRequest(code: "request.invalid_field", message: "unit_ids must name 1 to 20 units", field: "unit_ids")
            }
            let warning = try await store.warning(id: id, scope: scope)
            var point = warning.location
            if let lat = try body.double("lat"), let lon = try body.double("lon") {
                guard (-90...90).contains(lat), (-180...180).contains(lon) else {
                    throw APIError.badRequest(code: "request.invalid_field", message: "lat/lon out of range", field: "lat")
                }
                point = GeoPoint(lat: lat, lon: lon)
            }
            let units = try await store.units(scope: scope)
            let orders = try unitIDs.map { unitID -> DispatchOrder in
                guard let unit = units.first(where: { $0.unitID == unitID }) else { throw APIError.notFound("unit \(unitID)") }
                guard let point else { return DispatchOrder(unitID: unitID, distanceKm: nil, etaMinutes: nil) }
                let estimate = TravelModel().estimate(from: unit.location, to: point)
                return DispatchOrder(unitID: unitID, distanceKm: (estimate.distanceKm * 100).rounded() / 100, etaMinutes: estimate.minutes.rounded())
            }
            let dispatches = try await store.dispatch(warningID: id, orders: orders, actor: scope.user.username, note: try Self.note(body), scope: scope)
            try await audit.append(actor: scope.user.username, action: "warning.dispatch", target: "warning/\(id)",
                                   details: ["units": unitIDs.joined(separator: ",")])
            events.publish(.init(kind: "dispatch", id: id, status: "dispatched", adcode: warning.adcode))
            var json = JSONWriter()
            json.object { json in
                json.key("dispatches")
                json.array { json in for dispatch in dispatches { Self.write(dispatch, to: &json) } }
            }
            return JSON.response(json, status: .created)
        }
        table.add(APIRoute(method: .post, path: "/api/v1/dispatches/{id}",
                           summary: "Report a dispatch's progress: {\"to\": \"arrived|handling|reported|cancelled\", \"result\": \"confirmed|not_found|other\", \"note\": \"…\"}",
                           tag: "warnings", isPublic: false)) { request, context in
            let scope = try AdminRoutes.require(context, \.mayWorkWarnings)
            let id = try Self.id(context)
            let body = try await JSON.object(request, context: context, allowed: ["to", "result", "note"], required: ["to"])
            guard let target = try body.string("to").flatMap(DispatchStatus.init(rawValue:)) else {
                throw APIError.badRequest(code: "request.invalid_field",
                                          message: "to must be one of \(DispatchStatus.allCases.map(\.rawValue).joined(separator: ", "))", field: "to")
            }
            var result: VerificationResult?
            if let text = try body.string("result") {
                guard let parsed = VerificationResult(rawValue: text) else {
                    throw APIError.badRequest(code: "request.invalid_field", message: "result must be confirmed, not_found or other", field: "result")
                }
                result = parsed
            }
            let dispatch = try await store.updateDispatch(id: id, to: target, result: result, note: try Self.note(body),
                                                          actor: scope.user.username, scope: scope)
            try await audit.append(actor: scope.user.username, action: "dispatch.\(target.rawValue)", target: "dispatch/\(id)",
                                   details: result.map { ["result": $0.rawValue] } ?? [:])
            let settled = try await store.warning(id: dispatch.warningID, scope: .system)
            events.publish(.init(kind: "dispatch", id: dispatch.warningID, status: target.rawValue, adcode: settled.adcode))
            var json = JSONWriter()
            Self.write(dispatch, to: &json)
            return JSON.response(json)
        }
        table.add(APIRoute(method: .post, path: "/api/v1/warnings/{id}/evidence",
                           summary: "Field evidence before a case exists (现场取证): the photo or document is the raw body; ?kind=photo&filename=…&description=…&dispatch=…&lat=…&lon=…; carried into the case opened from the warning",
                           tag: "warnings", isPublic: false, query: EvidenceUpload.query + ["dispatch", "lat", "lon"])) { request, context in
            let scope = try AdminRoutes.require(context, \.mayWorkWarnings)
            let id = try Self.id(context)
            let upload = try await EvidenceUpload.read(request, extraQuery: ["dispatch", "lat", "lon"])
            func number(_ name: String) throws -> Double? {
                guard let text = request.uri.queryParameters.get(name), !text.isEmpty else { return nil }
                guard let value = Double(text), value.isFinite else {
                    throw APIError.badRequest(code: "request.invalid_query", message: "\(name) is not a number: \(text)", field: name)
                }
                return value
            }
            let lat = try number("lat"), lon = try number("lon")
            guard (lat == nil) == (lon == nil) else {
                throw APIError.badRequest(code: "request.invalid_query", message: "give both lat and lon, or neither", field: lat == nil ? "lat" : "lon")
            }
            let dispatch = try number("dispatch")
            if let dispatch, dispatch != dispatch.rounded() || dispatch < 1 {
                throw APIError.badRequest(code: "request.invalid_query", message: "dispatch must be a dispatch id", field: "dispatch")
            }
            let item = try await store.addFieldEvidence(
                warningID: id, dispatchID: dispatch.map { Int64($0) }, kind: upload.kind, filename: upload.filename,
                mediaType: upload.mediaType, content: upload.content, description: upload.description,
                position: lat.flatMap { lat in lon.map { GeoPoint(lat: lat, lon: $0) } }, actor: scope.user.username, scope: scope)
            try await audit.append(actor: scope.user.username, action: "field_evidence.add", target: "field-evidence/\(item.id)",
                                   details: ["warning": String(id), "sha256": item.sha256])
            var json = JSONWriter()
            Self.write(item, to: &json)
            return JSON.response(json, status: .created)
        }
        table.add(APIRoute(method: .get, path: "/api/v1/field-evidence/{id}",
                           summary: "A field evidence item's content, checked against its SHA-256; ?purpose=… is recorded on the warning's timeline",
                           tag: "warnings", isPublic: false, query: ["purpose"])) { request, context in
            let scope = try AdminRoutes.require(context, \.mayReadData)
            let id = try Self.id(context)
            let purpose = try EvidenceUpload.purpose(request)
            let (item, content) = try await store.fieldEvidenceContent(id: id, actor: scope.user.username, purpose: purpose, scope: scope)
            try await audit.append(actor: scope.user.username, action: "field_evidence.read", target: "field-evidence/\(id)",
                                   details: ["purpose": purpose])
            return EvidenceUpload.download(filename: item.filename, fallbackName: "field-evidence-\(item.id)", mediaType: item.mediaType,
                                           sha256: item.sha256, content: content)
        }
        table.add(APIRoute(method: .post, path: "/api/v1/warnings/backtest",
                           summary: "Shadow-run a rule set: {\"rules\": [...], \"days\": 30} → what it would warn about and how that matches the cases and verdicts of the window; stores nothing",
                           tag: "warnings", isPublic: false)) { request, context in
            let scope = try AdminRoutes.require(context, oneOf: [.admin, .analyst])
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: context.maxUploadSize)
            } catch {
                throw APIError.payloadTooLarge(limit: context.maxUploadSize)
            }
            let data = Data(buffer.readableBytesView)
            let rules: WarningRuleSet
            do {
                rules = try WarningRuleSet(json: data)
            } catch let error as WarningRuleSet.Invalid {
                throw APIError.badRequest(code: "request.invalid_field", message: error.description, field: "rules")
            }
            let days = ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])?["days"] as? Int ?? 30
            guard (1...366).contains(days) else {
                throw APIError.badRequest(code: "request.invalid_field", message: "days must be 1 to 366", field: "days")
            }
            return try JSON.response(try await WarningBacktest.run(store: store, rules: rules, days: days, jurisdiction: scope.jurisdiction))
        }
        table.add(APIRoute(method: .post, path: "/api/v1/units/{unit_id}",
                           summary: "A unit reports its status and/or position: {\"status\": \"空闲|出勤|休整\", \"lat\", \"lon\"} (the previous values are kept)",
                           tag: "warnings", isPublic: false)) { request, context in
            let scope = try AdminRoutes.require(context, \.mayWorkWarnings)
            guard let unitID = context.pathText("unit_id"), (1...64).contains(unitID.count) else {
                throw APIError.badRequest(code: "request.invalid_path", message: "unit id must be 1 to 64 characters", field: "unit_id")
            }
            let body = try await JSON.object(request, context: context, allowed: ["status", "lat", "lon"])
            var status: UnitStatus?
            if let text = try body.string("status") {
                guard let parsed = UnitStatus(code: text) else {
                    throw APIError.badRequest(code: "request.invalid_field",
                                              message: "status must be one of \(UnitStatus.allCases.map(\.code).joined(separator: " "))", field: "status")
                }
                status = parsed
            }
            let lat = try body.double("lat"), lon = try body.double("lon")
            guard (lat == nil) == (lon == nil) else {
                throw APIError.badRequest(code: "request.invalid_field", message: "give both lat and lon, or neither", field: lat == nil ? "lat" : "lon")
            }
            let unit = try await store.updateUnit(unitID: unitID, status: status, position: lat.flatMap { lat in lon.map { GeoPoint(lat: lat, lon: $0) } },
                                                  actor: scope.user.username, scope: scope)
            try await audit.append(actor: scope.user.username, action: "unit.update", target: "unit/\(unitID)",
                                   details: ["status": unit.status?.code ?? ""])
            events.publish(.init(kind: "unit", status: unit.status?.code, adcode: unit.adcode))
            var json = JSONWriter()
            json.object { json in Self.writeUnitFields(unit, to: &json) }
            return JSON.response(json)
        }
        table.add(APIRoute(method: .post, path: "/api/v1/units/{unit_id}/members",
                           summary: "Put a user in a unit (admin): {\"username\"}", tag: "warnings", isPublic: false)) { request, context in
            let scope = try AdminRoutes.require(context, \.mayManageUsers)
            guard let unitID = context.pathText("unit_id"), (1...64).contains(unitID.count) else {
                throw APIError.badRequest(code: "request.invalid_path", message: "unit id must be 1 to 64 characters", field: "unit_id")
            }
            let body = try await JSON.object(request, context: context, allowed: ["username"], required: ["username"])
            let username = try body.string("username") ?? ""
            try await store.addUnitMember(unitID: unitID, username: username)
            try await audit.append(actor: scope.user.username, action: "unit.member", target: "unit/\(unitID)", details: ["user": username])
            return try JSON.response(["unit_id": unitID, "username": username], status: .created)
        }
        table.add(APIRoute(method: .get, path: "/api/v1/field",
                           summary: "The caller's field assignments: live dispatches of the units they serve in, with the warning and the target",
                           tag: "warnings", isPublic: false)) { _, context in
            let scope = try AdminRoutes.require(context, \.mayWorkWarnings)
            let assignments = try await store.fieldAssignments(scope: scope)
            let units = try await store.units(ofUser: scope.user.username)
            var json = JSONWriter(capacity: 512 + assignments.count * 1200)
            json.object { json in
                json.key("units")
                json.array { json in for unit in units { json.string(unit) } }
                json.key("items")
                json.array { json in
                    for item in assignments {
                        json.object { json in
                            json.key("dispatch")
                            Self.write(item.dispatch, to: &json)
                            json.key("warning")
                            Self.write(item.warning, to: &json)
                            json.field("target_name", item.targetName)
                            json.field("target_address", item.targetAddress)
                        }
                    }
                }
            }
            return JSON.response(json)
        }
        table.add(APIRoute(method: .get, path: "/api/v1/units",
                           summary: "Enforcement units of the command map with position, department, members, status and live dispatch",
                           tag: "warnings", isPublic: false)) { _, context in
            let scope = try AdminRoutes.require(context, \.mayReadData)
            let units = try await store.units(scope: scope)
            var json = JSONWriter(capacity: 256 + units.count * 220)
            json.object { json in
                json.key("items")
                json.array { json in for unit in units { json.object { json in Self.writeUnitFields(unit, to: &json) } } }
            }
            return JSON.response(json)
        }
        table.add(APIRoute(method: .post, path: "/api/v1/warnings/generate",
                           summary: "Apply the standard warning rules to the current findings (admin, analyst)",
                           tag: "warnings", isPublic: false)) { _, context in
            let scope = try AdminRoutes.require(context, oneOf: [.admin, .analyst])
            var logger = Logger(label: "yanjian.warnings")
            logger.logLevel = .warning
            let summary = try await WarningGeneration.run(store: store, actor: scope.user.username, logger: logger)
            try await audit.append(actor: scope.user.username, action: "warning.generate",
                                   details: ["raised": String(summary.changes.raised), "escalated": String(summary.escalated)])
            events.publish(.init(kind: "warnings", status: "generated"))
            return try JSON.response(summary)
        }
    }

    static func id(_ context: AppRequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id").flatMap({ Int64($0) }), id > 0 else {
            throw APIError.badRequest(code: "request.invalid_path", message: "id must be a positive number", field: "id")
        }
        return id
    }

    static func note(_ body: JSONObject) throws -> String? {
        guard let note = try body.string("note") else { return nil }
        guard note.count <= 2000 else {
            throw APIError.badRequest(code: "request.invalid_field", message: "note must be at most 2000 characters", field: "note")
        }
        return note.isEmpty ? nil : note
    }

    static func filter(_ request: Request) throws -> WarningFilter {
        for name in request.uri.queryParameters.map({ String($0.key) }) where !listQuery.contains(name) {
            throw APIError.badRequest(code: "request.unknown_parameter", message: "unknown query parameter \(name)", field: name)
        }
        func parse<T>(_ name: String, _ make: (String) -> T?) throws -> T? {
            guard let text = request.uri.queryParameters.get(name), !text.isEmpty else { return nil }
            guard let value = make(text) else {
                throw APIError.badRequest(code: "request.invalid_query", message: "\(name) has no value \(text)", field: name)
            }
            return value
        }
        return WarningFilter(
            level: try parse("level") { WarningLevel(code: $0) },
            status: try parse("status") { WarningStatus(rawValue: $0) },
            department: try parse("department") { Department(code: $0) },
            targetKind: try parse("target_kind") { Set(WarningRuleSet.targetKinds.values).contains($0) ? $0 : nil },
            openOnly: try parse("open") { ["true": true, "false": false][$0] } ?? false)
    }

    static func write(_ warning: StoredWarning, to json: inout JSONWriter) {
        json.object { json in
            json.field("id", warning.id)
            json.field("target_kind", warning.targetKind)
            json.field("target", warning.target)
            json.field("level", warning.level.rawValue)
            json.field("status", warning.status.rawValue)
            json.key("rules")
            json.array { json in for rule in warning.ruleIDs { json.string(rule) } }
            json.field("reason", warning.reason)
            json.key("evidence")
            json.rawJSON(warning.evidence)
            json.field("department", warning.department.rawValue)
            json.key("departments")
            json.array { json in for department in warning.departments { json.string(department.rawValue) } }
            json.field("adcode", warning.adcode)
            json.field("lat", warning.location?.lat)
            json.field("lon", warning.location?.lon)
            json.field("raised_at", warning.raisedAt)
            json.field("updated_at", warning.updatedAt)
            json.field("due_at", warning.dueAt)
            json.field("escalations", warning.escalations)
            json.field("closed_at", warning.closedAt)
        }
    }

    /// A timeline (a warning's or a case's) as a JSON array; notes masked unless `unmasked`.
    static func write(_ events: [TimelineEvent], unmasked: Bool, to json: inout JSONWriter) {
        json.array { json in
            for event in events {
                json.object { json in
                    json.field("at", event.at)
                    json.field("actor", event.actor)
                    json.field("action", event.action)
                    json.field("from", event.fromStatus)
                    json.field("to", event.toStatus)
                    json.field("note", unmasked ? event.note : event.note.map(FindingMasking.maskText))
                }
            }
        }
    }

    static func write(_ item: FieldEvidenceItem, to json: inout JSONWriter) {
        json.object { json in
            json.field("id", item.id)
            json.field("warning_id", item.warningID)
            json.field("dispatch_id", item.dispatchID)
            json.field("sha256", item.sha256)
            json.field("kind", item.kind.rawValue)
            json.field("filename", item.filename)
            json.field("media_type", item.mediaType)
            json.field("size", item.size)
            json.field("description", item.description)
            json.field("lat", item.position?.lat)
            json.field("lon", item.position?.lon)
            json.field("added_at", item.addedAt)
            json.field("added_by", item.addedBy)
        }
    }

    static func write(_ dispatch: StoredDispatch, to json: inout JSONWriter) {
        json.object { json in
            json.field("id", dispatch.id)
            json.field("warning_id", dispatch.warningID)
            json.field("unit_id", dispatch.unitID)
            json.field("status", dispatch.status.rawValue)
            json.field("distance_km", dispatch.distanceKm)
            json.field("eta_minutes", dispatch.etaMinutes)
            json.field("created_at", dispatch.createdAt)
            json.field("updated_at", dispatch.updatedAt)
            json.field("actor", dispatch.actor)
            json.field("result", dispatch.result?.rawValue)
            json.field("note", dispatch.note)
            json.key("next")
            json.array { json in for status in dispatch.status.next { json.string(status.rawValue) } }
        }
    }

    static func writeUnitFields(_ unit: StoredUnit, to json: inout JSONWriter) {
        json.field("unit_id", unit.unitID)
        json.field("name", unit.name)
        json.field("department", unit.department?.rawValue)
        json.field("lat", unit.location.lat)
        json.field("lon", unit.location.lon)
        json.field("adcode", unit.adcode)
        json.field("members", unit.members)
        json.field("status", unit.status?.rawValue)
        json.field("active_dispatch", unit.activeDispatch)
        json.field("available", unit.isAvailable)
    }
}
