import Foundation
import YanjianCore

/// A task of a case: what to do, who does it, by when.
public struct CaseTask: Sendable, Equatable {
    public var id: Int64
    public var caseNo: String
    public var title: String
    public var assignee: String?
    public var dueAt: Int64?
    public var done: Bool
    public var doneBy: String?
}

/// The tasks a case of each kind starts with (办案模板): days until due, and the step. A bureau edits
/// this list; it is the checklist investigators already follow on paper.
public enum CaseTemplates {
    public static func tasks(for kind: CaseKind) -> [(days: Int, title: String)] {
        let common: [(Int, String)] = [(1, "现场检查并制作现场检查笔录"), (2, "询问当事人并制作询问笔录"), (3, "清点、登记涉案卷烟并核算案值")]
        switch kind {
        case .counterfeit:
            return common + [(5, "抽样送检，取得鉴定结论"), (7, "追查进货来源和上线")]
        case .smuggled:
            return common + [(5, "核查走私来源，通报海关"), (7, "追查运输和资金链")]
        case .unlicensedBusiness:
            return common + [(5, "核查是否持证、是否超范围经营")]
        case .illegalTransport:
            return common + [(3, "调取运单、车辆通行和寄递记录"), (7, "追查发货人和收货人")]
        case .illegalBusiness:
            return common + [(5, "调取进货、销售和资金记录"), (7, "核对是否达到移送标准")]
        case .other:
            return common
        }
    }
}

extension Store {
    static func caseTask(_ row: SQLRow) -> CaseTask {
        CaseTask(id: row["id"].int ?? 0, caseNo: row["case_no"].text ?? "", title: row["title"].text ?? "", assignee: row["assignee"].text,
                 dueAt: row["due_at"].int, done: row["status"].text == "done", doneBy: row["done_by"].text)
    }

    /// The statements that create a case's template tasks (used inside `openCase`'s transaction).
    static func templateTasks(caseNo: String, kind: CaseKind, assignee: String?, actor: String, now: Int64) -> [SQLStatement] {
        CaseTemplates.tasks(for: kind).map { task in
            SQLStatement(
                "INSERT INTO case_tasks (case_no, title, assignee, due_at, status, created_at, created_by) VALUES (?, ?, ?, ?, 'open', ?, ?)",
                [.text(caseNo), .text(task.title), .text(assignee), .int(now + Int64(task.days) * 86_400), .int(now), .text(actor)])
        }
    }

    /// A case's tasks, in order.
    public func caseTasks(_ caseNo: String) async throws -> [CaseTask] {
        try await db.query("SELECT id, case_no, title, assignee, due_at, status, done_by FROM case_tasks WHERE case_no = ? ORDER BY id",
                           [.text(caseNo)]).map(Self.caseTask)
    }

    /// Adds a task to a case.
    public func addCaseTask(caseNo: String, title: String, assignee: String?, dueAt: Int64?, actor: String, scope: AccessScope) async throws -> CaseTask {
        _ = try await storedCase(caseNo, scope: scope)
        let text = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(text.count) else { throw StoreError.invalid(field: "title", reason: "1 to 200 characters") }
        if let assignee, try await findUser(username: assignee) == nil { throw StoreError.notFound(kind: "user", id: assignee) }
        let now = self.now
        try await db.transaction([
            SQLStatement("INSERT INTO case_tasks (case_no, title, assignee, due_at, status, created_at, created_by) VALUES (?, ?, ?, ?, 'open', ?, ?)",
                         [.text(caseNo), .text(text), .text(assignee), .int(dueAt), .int(now), .text(actor)]),
            Self.caseEvent(caseNo, now: now, actor: actor, action: "task", note: text),
        ])
        guard let task = try await caseTasks(caseNo).last else { throw StoreError.internalInconsistency("task not stored") }
        return task
    }

    /// Marks a task done (or open again), by anyone working the case.
    public func setCaseTask(id: Int64, done: Bool, actor: String, scope: AccessScope) async throws -> CaseTask {
        guard let row = try await db.queryOne("SELECT id, case_no, title, assignee, due_at, status, done_by FROM case_tasks WHERE id = ?", [.int(id)]) else {
            throw StoreError.notFound(kind: "task", id: String(id))
        }
        let task = Self.caseTask(row)
        _ = try await storedCase(task.caseNo, scope: scope)
        let now = self.now
        try await db.transaction([
            SQLStatement("UPDATE case_tasks SET status = ?, done_at = ?, done_by = ? WHERE id = ?",
                         [.text(done ? "done" : "open"), done ? .int(now) : .null, done ? .text(actor) : .null, .int(id)]),
            Self.caseEvent(task.caseNo, now: now, actor: actor, action: done ? "task_done" : "task_reopened", note: task.title),
        ])
        return try await caseTasks(task.caseNo).first { $0.id == id } ?? task
    }
}
