// One case (案件): facts and the criminal thresholds its totals reach, the status steps allowed
// now, evidence (upload a file; download with a stated purpose — every read is on the item's chain
// of custody), transfers to another department or region and the receiving side's decision, and
// the timeline.
import { h } from "../components/h.js";
import { dataTable } from "../components/table.js";
import { evidenceTable } from "../components/evidence.js";
import { actionRunner } from "../components/action.js";
import { timelineList } from "../components/timeline.js";
import { t } from "../i18n/index.js";
import { formatDateTime, formatNumber } from "../i18n/format.js";
import { addCaseTask, attachCameraPackage, caseDetail, decideTransfer, downloadEvidence, moveCase, requestTransfer, setCaseTask, uploadEvidence } from "../api.js";
import { currentUser } from "../session.js";
import { label } from "./warnings.js";
import { yuan } from "./cases.js";

const EVIDENCE_KINDS = ["photo", "document", "video_snapshot", "waybill_extract", "camera_package", "other"];
export const DEPARTMENTS = ["police", "market_regulation", "tax", "transport", "postal", "tobacco"];
const DEPARTMENT_CODES = { tobacco: "烟草专卖", police: "公安", market_regulation: "市场监管", tax: "税务", transport: "交通运输", postal: "邮政管理" };
const when = (seconds) => (seconds ? formatDateTime(new Date(seconds * 1000)) : "—");

function facts(item, thresholds) {
  const row = (key, value, id) => h("div", { class: "profile__item" }, h("dt", {}, t(key)), h("dd", { id }, value ?? "—"));
  return h("dl", { class: "profile__facts" },
    row("cases.status", item.status, "case-status"),
    row("cases.kind", item.kind),
    row("cases.department", item.department, "case-department"),
    row("cases.opened_on", item.opened_on),
    row("cases.adcode", item.adcode),
    row("cases.value", yuan(item.value_fen)),
    row("cases.sticks", item.sticks == null ? "—" : formatNumber(item.sticks)),
    row("cases.threshold", thresholds.reached === "none" ? t("cases.threshold_none")
      : thresholds.reasons.join("；"), "case-threshold"));
}

export default {
  title: "cases.detail",

  async render(container, { params, state, status, signal, rerender }) {
    const caseNo = params.no;
    const body = h("div", { class: "case-detail", "aria-busy": "true" }, h("p", { class: "loading" }, t("status.loading")));
    container.append(h("div", { class: "page-head" },
      h("h1", { id: "page-title", tabindex: "-1" }, t("cases.detail_title", { no: caseNo })),
      h("a", { href: "#/cases", class: "button button--secondary", id: "back-to-cases" }, t("cases.back"))), body);
    if (!state.data) {
      status.show(() => t("status.loading"), "busy");
      state.data = await caseDetail(caseNo, { signal });
      status.show(() => t("status.loaded"), "success");
    }
    const { case: item, thresholds, events, evidence, transfers, tasks } = state.data;
    const user = currentUser();
    const act = actionRunner({ state, status, rerender });
    const note = h("input", { type: "text", id: "case-note", class: "field__input", maxlength: "2000", placeholder: t("warnings.note_hint") });
    const steps = h("div", { class: "actions", id: "case-actions" }, (item.next ?? []).map((to) => h("button", {
      type: "button", class: "button button--primary", dataset: { to },
      onClick: () => act(() => moveCase(caseNo, to, note.value.trim() || undefined), "warnings.saved"),
    }, t("warnings.move_to", { status: to }))));

    // Tasks (办案任务): the kind's template when the case was opened, plus any added by hand.
    const taskTitle = h("input", { type: "text", id: "task-title", class: "field__input", maxlength: "200" });
    const taskDays = h("input", { type: "number", id: "task-days", class: "field__input field__input--short", min: "0", max: "365", value: "3" });
    const taskTable = dataTable({
      label: t("cases.tasks"), empty: t("cases.no_tasks"), className: "task-table", rows: tasks ?? [],
      columns: [
        { key: "done", label: t("cases.task_done"), format: (value, row) => h("input", { type: "checkbox", class: "task-done", checked: value,
          dataset: { task: String(row.id) }, "aria-label": row.title, onChange: (event) => act(() => setCaseTask(row.id, event.target.checked), "warnings.saved") }) },
        { key: "title", label: t("cases.task") },
        { key: "assignee", label: t("cases.assignee"), format: (value) => value ?? "—" },
        { key: "due_at", label: t("cases.due"), format: (value, row) => h("span", {
          class: !row.done && value && value * 1000 < Date.now() ? "deadline deadline--overdue" : "deadline" }, when(value)) },
      ],
    });
    const taskForm = h("form", { class: "filters", id: "task-form", onSubmit: (event) => {
      event.preventDefault();
      if (!taskTitle.value.trim()) return;
      act(() => addCaseTask(caseNo, { title: taskTitle.value.trim(), assignee: user?.username, due_days: Number(taskDays.value || 0) }), "warnings.saved");
    } },
    h("label", { class: "field field--inline field--grow", for: "task-title" }, h("span", { class: "field__label" }, t("cases.new_task")), taskTitle),
    h("label", { class: "field field--inline", for: "task-days" }, h("span", { class: "field__label" }, t("cases.due_days")), taskDays),
    h("button", { type: "submit", class: "button button--primary", id: "task-add" }, t("cases.add_task")));

    const file = h("input", { type: "file", id: "evidence-file", class: "field__input" });
    const kind = h("select", { id: "evidence-kind", class: "select" }, EVIDENCE_KINDS.map((value) => h("option", { value }, label("evidence.kind", value))));
    const upload = h("form", { class: "filters", id: "evidence-form", onSubmit: (event) => {
      event.preventDefault();
      const chosen = file.files?.[0];
      if (!chosen) { status.show(() => t("cases.choose_file"), "error"); return; }
      act(() => uploadEvidence(caseNo, chosen, kind.value, note.value.trim() || undefined), "cases.evidence_added");
    } },
    h("label", { class: "field field--inline", for: "evidence-kind" }, h("span", { class: "field__label" }, t("cases.evidence_kind")), kind),
    h("label", { class: "field field--inline", for: "evidence-file" }, h("span", { class: "field__label" }, t("cases.file")), file),
    h("button", { type: "submit", class: "button button--primary", id: "evidence-upload" }, t("cases.upload")));

    // Camera linkage: a plate's reads with the video events around them, stored as one hashed item.
    const plate = h("input", { type: "text", id: "package-plate", class: "field__input field__input--short", maxlength: "12", placeholder: "陕A12345" });
    const packageForm = h("form", { class: "filters", id: "package-form", onSubmit: (event) => {
      event.preventDefault();
      if (plate.value.trim()) act(() => attachCameraPackage(caseNo, { plate: plate.value.trim() }), "cases.evidence_added");
    } },
    h("label", { class: "field field--inline", for: "package-plate" }, h("span", { class: "field__label" }, t("cases.package_plate")), plate),
    h("button", { type: "submit", class: "button button--secondary", id: "package-add" }, t("cases.package_add")));

    const evidenceItems = evidenceTable({
      rows: evidence, className: "evidence-items", empty: t("cases.no_evidence"), status,
      load: (row, purpose) => downloadEvidence(row.id, purpose), purpose: () => note.value.trim() || t("cases.default_purpose"),
      kindLabel: (value) => label("evidence.kind", value),
    });

    const department = h("select", { id: "transfer-department", class: "select" },
      DEPARTMENTS.map((value) => h("option", { value }, label("department", value))));
    const region = h("input", { type: "text", id: "transfer-adcode", class: "field__input field__input--short", inputmode: "numeric",
      maxlength: "6", placeholder: t("cases.adcode_hint") });
    const transferForm = item.status === "立案" ? h("form", { class: "filters", id: "transfer-form", onSubmit: (event) => {
      event.preventDefault();
      const reason = note.value.trim();
      if (!reason) { status.show(() => t("cases.reason_needed"), "error"); return; }
      const fields = { to_department: department.value, reason };
      if (region.value.trim()) fields.to_adcode = region.value.trim();
      act(() => requestTransfer(caseNo, fields), "cases.transfer_requested");
    } },
    h("label", { class: "field field--inline", for: "transfer-department" }, h("span", { class: "field__label" }, t("cases.to_department")), department),
    h("label", { class: "field field--inline", for: "transfer-adcode" }, h("span", { class: "field__label" }, t("cases.to_adcode")), region),
    h("button", { type: "submit", class: "button button--primary", id: "transfer-submit" }, t("cases.transfer"))) : null;
    const mine = (row) => row.status === "pending" && DEPARTMENT_CODES[user?.department] === row.to_department;
    const transferTable = dataTable({
      label: t("cases.transfers"), empty: t("cases.no_transfers"), className: "transfer-items", rows: transfers,
      columns: [
        { key: "from_department", label: t("cases.from") },
        { key: "to_department", label: t("cases.to_department") },
        { key: "to_adcode", label: t("cases.to_adcode") },
        { key: "reason", label: t("cases.reason") },
        { key: "status", label: t("cases.status"), format: (value) => label("transfer.status", value) },
        { key: "id", label: "", format: (_, row) => (mine(row) ? h("div", { class: "actions" },
          h("button", { type: "button", class: "button button--small button--primary", dataset: { transfer: String(row.id), decision: "accept" },
            onClick: () => act(() => decideTransfer(row.id, "accept", note.value.trim() || undefined), "warnings.saved") }, t("cases.accept")),
          h("button", { type: "button", class: "button button--small button--secondary", dataset: { transfer: String(row.id), decision: "return" },
            onClick: () => act(() => decideTransfer(row.id, "return", note.value.trim() || undefined), "warnings.saved") }, t("cases.return")))
          : null) },
      ],
    });

    body.replaceChildren(
      h("section", { class: "card", id: "case-summary" },
        h("p", { class: "warning-headline", id: "case-summary-text" }, item.summary ?? ""),
        facts(item, thresholds),
        item.warning_id ? h("p", {}, h("a", { href: `#/warnings/${item.warning_id}`, id: "case-warning" }, t("cases.from_warning", { id: item.warning_id }))) : null,
        h("p", { class: "actions" }, ["approval", "inspection", "transfer"].map((doc) => h("a", {
          href: `#/cases/${encodeURIComponent(caseNo)}/print/${doc}`, class: "button button--secondary", id: `print-${doc}` }, t(`print.${doc}`))))),
      h("section", { class: "card", id: "case-work" },
        h("h2", { class: "card__title" }, t("warnings.actions")),
        h("label", { class: "field", for: "case-note" }, h("span", { class: "field__label" }, t("cases.note")), note),
        steps),
      h("section", { class: "card", id: "case-tasks" }, h("h2", { class: "card__title" }, t("cases.tasks")), taskTable, taskForm),
      h("section", { class: "card", id: "case-evidence" }, h("h2", { class: "card__title" }, t("cases.evidence")), evidenceItems, upload, packageForm),
      h("section", { class: "card", id: "case-transfers" }, h("h2", { class: "card__title" }, t("cases.transfers")), transferTable, transferForm),
      h("section", { class: "card" }, h("h2", { class: "card__title" }, t("warnings.timeline")),
        timelineList("case-timeline", events, (event) => `${label("case.action", event.action)}${event.to ? ` ${event.to}` : ""}`)));
    body.removeAttribute("aria-busy");
  },
};
