// 重点名单: the grey and black lists of key retailers. Proposals (from the rules after each analysis,
// or by an officer on a dossier) wait here for a person's review — approve, or reject with a note;
// nobody approves their own proposal. Active entries can be removed with a note; each row links to
// the retailer's dossier.
import { h } from "../components/h.js";
import { dataTable } from "../components/table.js";
import { actionRunner } from "../components/action.js";
import { t } from "../i18n/index.js";
import { formatDateTime } from "../i18n/format.js";
import { decideListEntry, listEntries, runListRules } from "../api.js";
import { currentUser } from "../session.js";

const STATUSES = ["proposed", "active", "rejected", "removed", "expired"];

/**
 * The review buttons for a list entry: approve (not for one's own proposal: four eyes) and reject
 * while proposed, remove while active. `note` is the input whose text goes with the decision.
 */
export function decisionCell(row, act, note) {
  const decide = (decision) => h("button", {
    type: "button", class: `button button--small ${decision === "approve" ? "button--primary" : "button--secondary"}`,
    dataset: { entry: String(row.id), decision },
    onClick: () => act(() => decideListEntry(row.id, decision, note.value.trim() || undefined), "lists.saved"),
  }, t(`lists.decision.${decision}`));
  if (row.status === "proposed") {
    return h("div", { class: "actions" }, row.proposed_by === currentUser()?.username && row.source === "manual"
      ? h("span", { class: "muted" }, t("lists.four_eyes")) : decide("approve"), decide("reject"));
  }
  return row.status === "active" ? decide("remove") : null;
}
const day = (seconds) => (seconds ? formatDateTime(new Date(seconds * 1000)).split(" ")[0] : "—");

export default {
  title: "lists.title",

  async render(container, { state, status, signal, rerender }) {
    state.filter ??= { status: "proposed", list: "" };
    const mayWork = ["admin", "analyst", "investigator"].includes(currentUser()?.role);
    const mayRun = ["admin", "analyst"].includes(currentUser()?.role);
    const act = actionRunner({ state, status, rerender });
    const note = h("input", { type: "text", id: "lists-note", class: "field__input", maxlength: "500", placeholder: t("lists.note_hint") });
    const statusSelect = h("select", { id: "lists-status", class: "select", onChange: () => { state.filter.status = statusSelect.value; state.data = null; rerender(); } },
      h("option", { value: "" }, t("lists.any")),
      STATUSES.map((value) => h("option", { value, selected: state.filter.status === value }, t(`lists.status.${value}`))));
    const listSelect = h("select", { id: "lists-list", class: "select", onChange: () => { state.filter.list = listSelect.value; state.data = null; rerender(); } },
      h("option", { value: "" }, t("lists.any")),
      ["grey", "black"].map((value) => h("option", { value, selected: state.filter.list === value }, t(`lists.list.${value}`))));
    container.append(h("div", { class: "page-head" },
      h("h1", { id: "page-title", tabindex: "-1" }, t("lists.title")),
      mayRun ? h("button", { type: "button", class: "button button--secondary", id: "lists-run",
        onClick: () => act(() => runListRules(), "lists.rules_done") }, t("lists.run_rules")) : null));
    if (!state.data) {
      status.show(() => t("status.loading"), "busy");
      state.data = await listEntries({ status: state.filter.status || undefined, list: state.filter.list || undefined, signal });
      status.show(() => t("status.loaded"), "success");
    }
    const table = dataTable({
      label: t("lists.title"), empty: t("lists.empty"), className: "list-entries", rows: state.data.items,
      columns: [
        { key: "licence_no", label: t("dossier.licence"), format: (value) => h("a", { href: `#/retailers/${encodeURIComponent(value)}`, class: "dossier-link" }, value) },
        { key: "list", label: t("lists.list"), format: (value) => h("span", { class: `badge list-badge list-badge--${value}` }, t(`lists.list.${value}`)) },
        { key: "status", label: t("lists.status"), format: (value) => t(`lists.status.${value}`) },
        { key: "reasons", label: t("lists.reasons"), format: (value) => value.join("；") },
        { key: "proposed_by", label: t("lists.proposed_by") },
        { key: "proposed_at", label: t("lists.proposed_at"), format: day },
        { key: "expires_at", label: t("lists.expires"), format: day },
        { key: "id", label: "", format: (_, row) => (mayWork ? decisionCell(row, act, note) : null) },
      ],
    });
    container.append(
      h("form", { class: "filters", onSubmit: (event) => event.preventDefault() },
        h("label", { class: "field field--inline", for: "lists-status" }, h("span", { class: "field__label" }, t("lists.status")), statusSelect),
        h("label", { class: "field field--inline", for: "lists-list" }, h("span", { class: "field__label" }, t("lists.list")), listSelect),
        h("label", { class: "field field--inline field--grow", for: "lists-note" }, h("span", { class: "field__label" }, t("lists.reason_or_note")), note)),
      h("section", { class: "card", id: "lists-card" }, table));
  },
};
