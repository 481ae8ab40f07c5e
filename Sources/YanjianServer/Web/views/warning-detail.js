// One warning, worked end to end (预警处置): why it was raised and on what evidence, its timeline,
// the status steps the lifecycle allows now, the units ranked by estimated travel time with the
// suggested nearest free unit of each routed department pre-selected, and the dispatches with
// their field steps (到场 → 处置 → 反馈 with a result). Every button is one API call; the server
// refuses anything the lifecycle does not allow and the message is shown as it comes.
import { h } from "../components/h.js";
import { dataTable } from "../components/table.js";
import { evidenceTable } from "../components/evidence.js";
import { levelBadge } from "../components/level-badge.js";
import { actionRunner } from "../components/action.js";
import { timelineList } from "../components/timeline.js";
import { t } from "../i18n/index.js";
import { formatDateTime, formatNumber } from "../i18n/format.js";
import { dispatchUnits, downloadFieldEvidence, errorText, moveWarning, openCase, reportDispatch, uploadFieldEvidence, warning } from "../api.js";
import { currentUser } from "../session.js";
import { deadline, label } from "./warnings.js";

const WORKERS = ["admin", "analyst", "investigator"];
const when = (seconds) => (seconds ? formatDateTime(new Date(seconds * 1000)) : "—");

function facts(item) {
  const row = (key, value, id) => h("div", { class: "profile__item" }, h("dt", {}, t(key)), h("dd", { id }, value ?? "—"));
  return h("dl", { class: "profile__facts warning-facts" },
    row("warnings.target", item.target_kind === "retailer"
      ? h("span", {}, `${label("warning.target", item.target_kind)} `, h("a", { href: `#/retailers/${encodeURIComponent(item.target)}`, class: "dossier-link" }, item.target))
      : `${label("warning.target", item.target_kind)} ${item.target}`, "warning-target"),
    row("warnings.status", label("warning.status", item.status), "warning-status"),
    row("warnings.departments", item.departments.map((code) => label("department", code)).join("、"), "warning-departments"),
    row("warnings.adcode", item.adcode),
    row("warnings.raised", when(item.raised_at)),
    row("warnings.deadline", deadline(item)),
    row("warnings.escalations", formatNumber(item.escalations)));
}

function evidence(items) {
  return dataTable({
    label: t("warnings.evidence"), empty: "—", className: "evidence-table", rows: items ?? [],
    columns: [
      { key: "kind", label: t("warnings.finding"), format: (value) => label("findings.kind", value) },
      { key: "subject", label: t("findings.subject") },
      { key: "score", label: t("findings.score"), numeric: true, format: (value) => formatNumber(Math.round(value * 1000) / 1000) },
      { key: "label", label: t("findings.label"), format: (value) => label("findings.label", value) },
      { key: "rules", label: t("warnings.rules"), format: (value) => (value ?? []).join(", ") },
    ],
  });
}

export default {
  title: "warnings.detail",

  async render(container, { params, state, status, signal, rerender, navigate }) {
    const body = h("div", { class: "warning-detail", "aria-busy": "true" }, h("p", { class: "loading" }, t("status.loading")));
    container.append(h("div", { class: "page-head" },
      h("h1", { id: "page-title", tabindex: "-1" }, t("warnings.detail_title", { id: params.id })),
      h("a", { href: "#/warnings", class: "button button--secondary", id: "back-to-list" }, t("warnings.back"))), body);
    if (!state.data) {
      status.show(() => t("status.loading"), "busy");
      state.data = await warning(params.id, { signal });
      status.show(() => t("status.loaded"), "success");
    }
    const { warning: item, events, dispatches, next, units, location_needed: noPlace, field_evidence: fieldItems = [] } = state.data;
    const mayWork = WORKERS.includes(currentUser()?.role);
    const act = actionRunner({ state, status, rerender });
    const note = h("input", { type: "text", id: "action-note", class: "field__input", maxlength: "2000", placeholder: t("warnings.note_hint") });
    const noteText = () => note.value.trim() || undefined;

    const steps = mayWork && next.length ? h("div", { class: "actions", id: "status-actions" },
      // "dispatched" comes from sending units below, not from a bare status change.
      next.filter((to) => to !== "dispatched").map((to) => h("button", {
        type: "button", class: `button ${to === "dismissed" ? "button--secondary" : "button--primary"}`, id: `to-${to}`,
        onClick: () => act(() => moveWarning(item.id, to, noteText()), "warnings.saved"),
      }, t("warnings.move_to", { status: label("warning.status", to) })))) : null;

    const chosen = new Set(units.filter((unit) => unit.suggested).map((unit) => unit.unit_id));
    const unitTable = dataTable({
      label: t("warnings.units"), empty: noPlace ? t("warnings.no_place") : t("warnings.no_units"), className: "units-table", rows: units,
      columns: [
        { key: "unit_id", label: "", format: (value, row) => h("input", {
          type: "checkbox", class: "unit-pick", dataset: { unit: value }, checked: chosen.has(value), disabled: !row.available || !mayWork,
          "aria-label": t("warnings.pick", { unit: row.name }),
          onChange: (event) => (event.target.checked ? chosen.add(value) : chosen.delete(value)),
        }) },
        { key: "name", label: t("warnings.unit") },
        { key: "department", label: t("warnings.department"), format: (value) => label("department", value) },
        { key: "distance_km", label: t("warnings.distance"), numeric: true, format: (value) => formatNumber(value) },
        { key: "eta_minutes", label: t("warnings.eta"), numeric: true, format: (value) => formatNumber(value) },
        { key: "available", label: t("warnings.availability"), format: (value, row) => (value
          ? (row.suggested ? t("warnings.suggested") : t("warnings.available")) : t("warnings.busy")) },
      ],
    });
    const send = mayWork && ["new", "acknowledged", "dispatched", "on_site"].includes(item.status)
      ? h("button", { type: "button", class: "button button--primary units-dispatch", id: "dispatch-button",
        onClick: () => act(() => dispatchUnits(item.id, [...chosen], noteText()), "warnings.dispatched") }, t("warnings.dispatch"))
      : null;

    const dispatchTable = dataTable({
      label: t("warnings.dispatches"), empty: t("warnings.no_dispatches"), className: "dispatch-table", rows: dispatches,
      columns: [
        { key: "unit_id", label: t("warnings.unit") },
        { key: "status", label: t("warnings.status"), format: (value) => label("dispatch.status", value) },
        { key: "eta_minutes", label: t("warnings.eta"), numeric: true, format: (value) => (value == null ? "—" : formatNumber(value)) },
        { key: "result", label: t("warnings.result"), format: (value) => (value ? label("dispatch.result", value) : "—") },
        { key: "next", label: "", format: (value, row) => (mayWork ? h("div", { class: "actions" }, (value ?? []).flatMap((to) => (to === "reported"
          ? ["confirmed", "not_found", "other"].map((result) => h("button", {
            type: "button", class: "button button--small button--primary", dataset: { dispatch: String(row.id), to, result },
            onClick: () => act(() => reportDispatch(row.id, to, result, noteText()), "warnings.saved"),
          }, label("dispatch.result", result)))
          : [h("button", {
            type: "button", class: "button button--small button--secondary", dataset: { dispatch: String(row.id), to },
            onClick: () => act(() => reportDispatch(row.id, to, undefined, noteText()), "warnings.saved"),
          }, label("dispatch.status", to))]))) : null) },
      ],
    });

    // A warning confirmed on site becomes a case (立案): kind, summary, and the totals that decide
    // which criminal thresholds are reached.
    const kinds = ["非法经营", "假烟", "走私烟", "无证经营", "非法运输", "其他"];
    const caseKind = h("select", { id: "case-kind", class: "select" }, kinds.map((value) => h("option", { value }, value)));
    const caseSummary = h("input", { type: "text", id: "case-summary", class: "field__input", maxlength: "4000", value: item.reason });
    const caseValue = h("input", { type: "number", id: "case-value", class: "field__input field__input--short", min: "0", step: "1" });
    const caseSticks = h("input", { type: "number", id: "case-sticks", class: "field__input field__input--short", min: "0", step: "1" });
    const caseForm = mayWork && item.status === "confirmed" ? h("section", { class: "card", id: "open-case" },
      h("h2", { class: "card__title" }, t("cases.open")),
      h("form", { class: "filters", onSubmit: (event) => {
        event.preventDefault();
        const fields = { kind: caseKind.value, summary: caseSummary.value.trim() };
        if (caseValue.value !== "") fields.value_yuan = Number(caseValue.value);
        if (caseSticks.value !== "") fields.sticks = Number(caseSticks.value);
        openCase(item.id, fields).then((answer) => navigate(`/cases/${encodeURIComponent(answer.case.case_no)}`),
          (error) => status.show(() => errorText(error), "error"));
      } },
      h("label", { class: "field field--inline", for: "case-kind" }, h("span", { class: "field__label" }, t("cases.kind")), caseKind),
      h("label", { class: "field field--inline field--grow", for: "case-summary" }, h("span", { class: "field__label" }, t("cases.summary")), caseSummary),
      h("label", { class: "field field--inline", for: "case-value" }, h("span", { class: "field__label" }, t("cases.value")), caseValue),
      h("label", { class: "field field--inline", for: "case-sticks" }, h("span", { class: "field__label" }, t("cases.sticks")), caseSticks),
      h("button", { type: "submit", class: "button button--primary", id: "open-case-submit" }, t("cases.open")))) : null;

    // Field evidence (现场取证): photos and documents taken before a case exists; a case opened from
    // this warning takes them as its first evidence.
    const fieldFile = h("input", { type: "file", id: "field-evidence-file", class: "field__input", accept: "image/*,application/pdf" });
    const fieldUpload = mayWork && item.status !== "closed" ? h("form", { class: "filters", id: "field-evidence-form", onSubmit: (event) => {
      event.preventDefault();
      const [chosen] = fieldFile.files;
      if (!chosen) { status.show(() => t("cases.choose_file"), "error"); return; }
      const kind = chosen.type.startsWith("image/") ? "photo" : "document";
      act(() => uploadFieldEvidence(item.id, chosen, { kind, description: note.value.trim() || undefined }), "cases.evidence_added");
    } },
    h("label", { class: "field field--inline", for: "field-evidence-file" }, h("span", { class: "field__label" }, t("cases.file")), fieldFile),
    h("button", { type: "submit", class: "button button--secondary", id: "field-evidence-upload" }, t("cases.upload"))) : null;
    const fieldTable = evidenceTable({
      rows: fieldItems, className: "field-evidence-items", empty: t("warnings.no_field_evidence"), status,
      load: (row, purpose) => downloadFieldEvidence(row.id, purpose), purpose: () => note.value.trim() || t("cases.default_purpose"),
      kindLabel: (value) => label("evidence.kind", value),
      extra: [{ key: "lat", label: "GPS", format: (value, row) => (value == null ? "—" : `${value.toFixed(5)}, ${row.lon.toFixed(5)}`) }],
    });

    body.replaceChildren(
      caseForm,
      h("section", { class: "card", id: "warning-summary" },
        h("p", { class: "warning-headline" }, levelBadge(item.level), " ", h("span", { id: "warning-reason" }, item.reason)),
        facts(item)),
      mayWork ? h("section", { class: "card", id: "warning-actions" },
        h("h2", { class: "card__title" }, t("warnings.actions")),
        h("label", { class: "field", for: "action-note" }, h("span", { class: "field__label" }, t("warnings.note")), note),
        steps) : null,
      h("section", { class: "card", id: "warning-units" }, h("h2", { class: "card__title" }, t("warnings.units")), unitTable, send),
      h("section", { class: "card", id: "warning-dispatches" }, h("h2", { class: "card__title" }, t("warnings.dispatches")), dispatchTable),
      h("section", { class: "card", id: "warning-field-evidence" }, h("h2", { class: "card__title" }, t("warnings.field_evidence")), fieldTable, fieldUpload),
      h("section", { class: "card", id: "warning-evidence" }, h("h2", { class: "card__title" }, t("warnings.evidence")), evidence(item.evidence)),
      h("section", { class: "card" }, h("h2", { class: "card__title" }, t("warnings.timeline")),
        timelineList("warning-timeline", events, (event) => [
          label("warning.action", event.action.startsWith("dispatch.") ? "dispatch_step" : event.action),
          event.to ? ` ${label("warning.status", event.to)}` : ""].join(""))));
    body.removeAttribute("aria-busy");
  },
};
