import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import YanjianCore
import YanjianStore
import YanjianWorkflow

/// Cases worked in the platform (案件): opened from a warning confirmed on site, with evidence
/// (uploaded as the raw body, stored content-addressed, every read on its chain of custody) and
/// transfers to another department or region that the receiving side accepts or returns.
struct CaseRoutes {
    let store: Store
    let audit: AuditLog
    let events: EventHub
    let thresholds = CriminalThresholds()

    func register(_ table: inout RouteTable) {
        table.add(APIRoute(method: .post, path: "/api/v1/warnings/{id}/case",
                           summary: "Open a case (立案) from a warning confirmed on site: {\"kind\": \"非法经营\", \"summary\": \"…\", \"sticks\": 240000, \"value_yuan\": 96000}",
                           tag: "cases", isPublic: false)) { request, context in
            let scope = try AdminRoutes.require(context, \.mayWorkWarnings)
            let id = try WorkflowRoutes.id(context)
            let body = try await JSON.object(request, context: context, allowed: ["kind", "summary", "sticks", "value_yuan"], required: ["kind", "summary"])
            guard let kind = try body.string("kind").flatMap({ CaseKind(code: $0) }) else {
                throw APIError.badRequest(code: "request.invalid_field",
                                          message: "kind must be one of \(CaseKind.allCases.map(\.code).joined(separator: " "))", field: "kind")
            }
            let summary = try body.string("summary") ?? ""
            guard (1...4000).contains(summary.count) else {
                throw APIError.badRequest(code: "request.invalid_field", message: "summary must be 1 to 4000 characters", field: "summary")
            }
            let valueFen = try body.double("value_yuan").map { Int64(($0 * 100).rounded()) }
            let opened = try await store.openCase(fromWarning: id, kind: kind, summary: summary, sticks: try body.int("sticks").map(Int64.init),
                                                  valueFen: valueFen, actor: scope.user.username, scope: scope)
            try await audit.append(actor: scope.user.username, action: "case.open", target: "case/\(opened.caseNo)",
                                   details: ["warning": String(id)])
            events.publish(.init(kind: "warning", id: id, status: WarningStatus.closed.rawValue, adcode: opened.adcode))
            return try await detail(opened.caseNo, scope: scope, status: .created)
        }
        table.add(APIRoute(method: .get, path: "/api/v1/cases/{case_no}",
                           summary: "One case: timeline, evidence (metadata), transfers, and which criminal thresholds its totals reach",
                           tag: "cases", isPublic: false)) { _, context in
            let scope = try AdminRoutes.require(context, \.mayReadData)
            return try await detail(try Self.caseNo(context), scope: scope)
        }
        table.add(APIRoute(method: .post, path: "/api/v1/cases/{case_no}/status",
                           summary: "Move a case: {\"to\": \"结案\", \"note\": \"…\"} (结案 and 撤销 need a note; transfers go through /transfers)",
                           tag: "cases", isPublic: false)) { request, context in
            let scope = try AdminRoutes.require(context, \.mayReadData)
            let caseNo = try Self.caseNo(context)
            let body = try await JSON.object(request, context: context, allowed: ["to", "note"], required: ["to"])
            guard let target = try body.string("to").flatMap({ CaseStatus(code: $0) }) else {
                throw APIError.badRequest(code: "request.invalid_field",
                                          message: "to must be one of \(CaseStatus.allCases.map(\.code).joined(separator: " "))", field: "to")
            }
            try Self.mayWork(scope, on: try await store.storedCase(caseNo, scope: scope))
            _ = try await store.moveCase(caseNo, to: target, actor: scope.user.username, note: try WorkflowRoutes.note(body), scope: scope)
            try await audit.append(actor: scope.user.username, action: "case.status", target: "case/\(caseNo)", details: ["to": target.code])
            return try await detail(caseNo, scope: scope)
        }
        table.add(APIRoute(method: .post, path: "/api/v1/cases/{case_no}/tasks",
                           summary: "Add a task to a case: {\"title\", \"assignee\"?, \"due_days\"?}", tag: "cases", isPublic: false)) { request, context in
            let scope = try AdminRoutes.require(context, \.mayReadData)
            let caseNo = try Self.caseNo(context)
            try Self.mayWork(scope, on: try await store.storedCase(caseNo, scope: scope))
            let body = try await JSON.object(request, context: context, allowed: ["title", "assignee", "due_days"], required: ["title"])
            let days = try body.int("due_days")
            if let days, !(0...365).contains(days) {
                throw APIError.badRequest(code: "request.invalid_field", message: "due_days must be 0 to 365", field: "due_days")
            }
            let task = try await store.addCaseTask(caseNo: caseNo, title: try body.string("title") ?? "", assignee: try body.string("assignee"),
                                                   dueAt: days.map { store.now + Int64($0) * 86_400 }, actor: scope.user.username, scope: scope)
            try await audit.append(actor: scope.user.username, action: "case.task", target: "case/\(caseNo)")
            var json = JSONWriter()
            Self.write(task, to: &json)
            return JSON.response(json, status: .created)
        }
        table.add(APIRoute(method: .post, path: "/api/v1/tasks/{id}",
                           summary: "Mark a case task done or open again: {\"done\": true}", tag: "cases", isPublic: false)) { request, context in
            let scope = try AdminRoutes.require(context, \.mayReadData)
            let id = try WorkflowRoutes.id(context)
            let body = try await JSON.object(request, context: context, allowed: ["done"], required: ["done"])
            let task = try await store.setCaseTask(id: id, done: try body.bool("done") ?? false, actor: scope.user.username, scope: scope)
            try await audit.append(actor: scope.user.username, action: task.done ? "case.task_done" : "case.task_reopened", target: "task/\(id)")
            var json = JSONWriter()
            Self.write(task, to: &json)
            return JSON.response(json)
        }
        table.add(APIRoute(method: .post, path: "/api/v1/cases/{case_no}/evidence",
                           summary: "Add evidence: the file is the raw body (its Content-Type is kept); ?kind=photo&filename=…&description=…; at most 20 MiB",
                           tag: "cases", isPublic: false, query: EvidenceUpload.query)) { request, context in
            let scope = try AdminRoutes.require(context, \.mayWorkWarnings)
            let caseNo = try Self.caseNo(context)
            let upload = try await EvidenceUpload.read(request)
            let item = try await store.addEvidence(
                caseNo: caseNo, kind: upload.kind, filename: upload.filename, mediaType: upload.mediaType, content: upload.content,
                description: upload.description, actor: scope.user.username, scope: scope)
            try await audit.append(actor: scope.user.username, action: "evidence.add", target: "evidence/\(item.id)",
                                   details: ["case": caseNo, "sha256": item.sha256])
            var json = JSONWriter()
            Self.write(item, to: &json)
            return JSON.response(json, status: .created)
        }
        table.add(APIRoute(method: .post, path: "/api/v1/cases/{case_no}/evidence/camera-package",
                           summary: "Camera linkage for evidence: every read of a plate with the video events around it, hashed item by item, stored on the case: {\"plate\", \"from\"?, \"to\"?}",
                           tag: "cases", isPublic: false)) { request, context in
            let scope = try AdminRoutes.require(context, \.mayWorkWarnings)
            let caseNo = try Self.caseNo(context)
            let body = try await JSON.object(request, context: context, allowed: ["plate", "from", "to"], required: ["plate"])
            func time(_ field: String) throws -> Int64? {
                guard let text = try body.string(field) else { return nil }
                guard let seconds = Timestamp.parse(text) else {
                    throw APIError.badRequest(code: "request.invalid_field", message: "\(field) is not a timestamp", field: field)
                }
                return seconds
            }
            let item = try await CameraEvidencePackage.attach(store: store, caseNo: caseNo, plate: try body.string("plate") ?? "",
                                                              from: try time("from"), to: try time("to"), actor: scope.user.username, scope: scope)
            try await audit.append(actor: scope.user.username, action: "evidence.camera_package", target: "evidence/\(item.id)",
                                   details: ["case": caseNo, "sha256": item.sha256])
            var json = JSONWriter()
            Self.write(item, to: &json)
            return JSON.response(json, status: .created)
        }
        table.add(APIRoute(method: .get, path: "/api/v1/evidence/{id}",
                           summary: "An evidence item's content, checked against its SHA-256; ?purpose=… is recorded on its chain of custody",
                           tag: "cases", isPublic: false, query: ["purpose"])) { request, context in
            let scope = try AdminRoutes.require(context, \.mayReadData)
            let id = try WorkflowRoutes.id(context)
            let purpose = try EvidenceUpload.purpose(request)
            let (item, content) = try await store.evidenceContent(id: id, actor: scope.user.username, purpose: purpose, scope: scope)
            try await audit.append(actor: scope.user.username, action: "evidence.read", target: "evidence/\(id)", details: ["purpose": purpose])
            return EvidenceUpload.download(filename: item.filename, fallbackName: "evidence-\(item.id)", mediaType: item.mediaType,
                                           sha256: item.sha256, content: content)
        }
        table.add(APIRoute(method: .get, path: "/api/v1/evidence/{id}/custody",
                           summary: "An evidence item's chain of custody", tag: "cases", isPublic: false)) { _, context in
            let scope = try AdminRoutes.require(context, \.mayReadData)
            let id = try WorkflowRoutes.id(context)
            let entries = try await store.custody(evidenceID: id)
            guard let caseNo = try await store.db.queryOne("SELECT case_no FROM evidence WHERE id = ?", [.int(id)])?["case_no"].text else {
                throw APIError.notFound("evidence \(id)")
            }
            _ = try await store.storedCase(caseNo, scope: scope)
            var json = JSONWriter()
            json.object { json in
                json.key("items")
                json.array { json in
                    for entry in entries {
                        json.object { json in
                            json.field("at", entry.at)
                            json.field("actor", entry.actor)
                            json.field("action", entry.action)
                            json.field("note", entry.note)
                        }
                    }
                }
            }
            return JSON.response(json)
        }
        table.add(APIRoute(method: .post, path: "/api/v1/cases/{case_no}/transfers",
                           summary: "Transfer (移送) to another department or region: {\"to_department\": \"police\", \"to_adcode\": \"610113\", \"reason\": \"…\"}",
                           tag: "cases", isPublic: false)) { request, context in
            let scope = try AdminRoutes.require(context, \.mayWorkWarnings)
            let caseNo = try Self.caseNo(context)
            let body = try await JSON.object(request, context: context, allowed: ["to_department", "to_adcode", "reason"], required: ["to_department", "reason"])
            guard let department = try body.string("to_department").flatMap({ Department(code: $0) }) else {
                throw APIError.badRequest(code: "request.invalid_field", message: "unknown department", field: "to_department")
            }
            try Self.mayWork(scope, on: try await store.storedCase(caseNo, scope: scope))
            let transfer = try await store.requestTransfer(caseNo: caseNo, to: department, toAdcode: try body.string("to_adcode"),
                                                           reason: try body.string("reason") ?? "", actor: scope.user.username, scope: scope)
            try await audit.append(actor: scope.user.username, action: "case.transfer", target: "case/\(caseNo)",
                                   details: ["to": department.rawValue, "adcode": transfer.toAdcode ?? ""])
            var json = JSONWriter()
            Self.write(transfer, to: &json)
            return JSON.response(json, status: .created)
        }
        table.add(APIRoute(method: .get, path: "/api/v1/transfers",
                           summary: "Transfers waiting for the caller's department in the caller's jurisdiction", tag: "cases", isPublic: false)) { _, context in
            let scope = try AdminRoutes.require(context, \.mayReadData)
            let transfers = try await store.incomingTransfers(scope: scope)
            var json = JSONWriter()
            json.object { json in
                json.key("items")
                json.array { json in for transfer in transfers { Self.write(transfer, to: &json) } }
            }
            return JSON.response(json)
        }
        table.add(APIRoute(method: .post, path: "/api/v1/transfers/{id}",
                           summary: "The receiving side decides: {\"decision\": \"accept\"} or {\"decision\": \"return\", \"note\": \"why\"}",
                           tag: "cases", isPublic: false)) { request, context in
            let scope = try AdminRoutes.require(context, \.mayReadData)
            let id = try WorkflowRoutes.id(context)
            let body = try await JSON.object(request, context: context, allowed: ["decision", "note"], required: ["decision"])
            let decision = try body.string("decision")
            guard decision == "accept" || decision == "return" else {
                throw APIError.badRequest(code: "request.invalid_field", message: "decision must be accept or return", field: "decision")
            }
            let transfer = try await store.decideTransfer(id: id, accept: decision == "accept", note: try WorkflowRoutes.note(body),
                                                          actor: scope.user.username, scope: scope)
            try await audit.append(actor: scope.user.username, action: "case.transfer_\(decision ?? "")", target: "case/\(transfer.caseNo)")
            var json = JSONWriter()
            Self.write(transfer, to: &json)
            return JSON.response(json)
        }
    }

    /// Working a case (status, transfer) is for the department holding it, or for working roles
    /// of the tobacco bureau that runs the platform.
    static func mayWork(_ scope: AccessScope, on found: StoredCase) throws {
        let holds = scope.user.department.code == found.department
        guard holds || scope.user.role.mayWorkWarnings else {
            throw APIError.forbidden("the case is held by \(found.department); role \(scope.user.role.rawValue) of \(scope.user.department.code) may not change it")
        }
    }

    static func caseNo(_ context: AppRequestContext) throws -> String {
        guard let caseNo = context.pathText("case_no"), (1...64).contains(caseNo.count) else {
            throw APIError.badRequest(code: "request.invalid_path", message: "case number must be 1 to 64 characters", field: "case_no")
        }
        return caseNo
    }

    func detail(_ caseNo: String, scope: AccessScope, status: HTTPResponse.Status = .ok) async throws -> Response {
        let found = try await store.storedCase(caseNo, scope: scope)
        let events = try await store.caseEvents(caseNo)
        let evidence = try await store.evidence(caseNo: caseNo)
        let transfers = try await store.transfers(caseNo: caseNo)
        let tasks = try await store.caseTasks(caseNo)
        let assessment = thresholds.assess(valueFen: found.valueFen, sticks: found.sticks)
        var json = JSONWriter(capacity: 4096)
        json.object { json in
            json.key("case")
            json.object { json in
                json.field("case_no", found.caseNo)
                json.field("opened_on", found.openedOn)
                json.field("kind", found.kind)
                json.field("adcode", found.adcode)
                json.field("summary", found.summary)
                json.field("sticks", found.sticks)
                json.field("value_fen", found.valueFen)
                json.field("status", found.status?.code)
                json.field("department", found.department)
                json.field("warning_id", found.warningID)
                json.key("next")
                json.array { json in for next in found.status?.next ?? [] where next != .transferred { json.string(next.code) } }
            }
            json.key("thresholds")
            json.object { json in
                json.field("reached", assessment.reached.rawValue)
                json.key("reasons")
                json.array { json in for reason in assessment.reasons { json.string(reason) } }
            }
            json.key("events")
            WorkflowRoutes.write(events, unmasked: scope.unmasked, to: &json)
            json.key("evidence")
            json.array { json in for item in evidence { Self.write(item, to: &json) } }
            json.key("transfers")
            json.array { json in for transfer in transfers { Self.write(transfer, to: &json) } }
            json.key("tasks")
            json.array { json in for task in tasks { Self.write(task, to: &json) } }
            json.field("masked", !scope.unmasked)
        }
        return JSON.response(json, status: status)
    }

    static func write(_ task: CaseTask, to json: inout JSONWriter) {
        json.object { json in
            json.field("id", task.id)
            json.field("title", task.title)
            json.field("assignee", task.assignee)
            json.field("due_at", task.dueAt)
            json.field("done", task.done)
            json.field("done_by", task.doneBy)
        }
    }

    static func write(_ item: EvidenceItem, to json: inout JSONWriter) {
        json.object { json in
            json.field("id", item.id)
            json.field("case_no", item.caseNo)
            json.field("sha256", item.sha256)
            json.field("kind", item.kind.rawValue)
            json.field("filename", item.filename)
            json.field("media_type", item.mediaType)
            json.field("size", item.size)
            json.field("description", item.description)
            json.field("added_at", item.addedAt)
            json.field("added_by", item.addedBy)
        }
    }

    static func write(_ transfer: StoredTransfer, to json: inout JSONWriter) {
        json.object { json in
            json.field("id", transfer.id)
            json.field("case_no", transfer.caseNo)
            json.field("from_department", transfer.fromDepartment)
            json.field("to_department", transfer.toDepartment)
            json.field("from_adcode", transfer.fromAdcode)
            json.field("to_adcode", transfer.toAdcode)
            json.field("reason", transfer.reason)
            json.field("status", transfer.status.rawValue)
            json.field("created_at", transfer.createdAt)
            json.field("created_by", transfer.createdBy)
            json.field("decided_at", transfer.decidedAt)
            json.field("decided_by", transfer.decidedBy)
            json.field("decision_note", transfer.decisionNote)
        }
    }
}
