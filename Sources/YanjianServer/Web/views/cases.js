// The case register (案件): transfers waiting for the user's department first, then every case in
// the jurisdiction (imported and opened here), newest first, each linked to its case page.
import { h } from "../components/h.js";
import { dataTable } from "../components/table.js";
import { t } from "../i18n/index.js";
import { formatDateTime, formatNumber } from "../i18n/format.js";
import { answerAssistance, assistanceRequests, caseRegister, incomingTransfers } from "../api.js";
import { actionRunner } from "../components/action.js";
import { label } from "./warnings.js";

const PER_PAGE = 50;

export function caseLink(caseNo, navigate) {
  return h("a", {
    href: `#/cases/${encodeURIComponent(caseNo)}`, class: "case-link", dataset: { case: caseNo },
    onClick: (event) => { event.preventDefault(); navigate(`/cases/${encodeURIComponent(caseNo)}`); },
  }, caseNo);
}

export function yuan(fen) {
  return fen == null ? "—" : formatNumber(Math.round(fen / 100));
}

// Requests for assistance between jurisdictions (协查): those addressed to the user's area, with the
// answers this side may give, and those sent from it.
function assistanceCard(asked, sent, act) {
  if (!asked.length && !sent.length) return null;
  const answerCell = (id, row) => {
    const next = { open: ["accepted", "done", "declined"], accepted: ["done"] }[row.status] ?? [];
    if (!next.length) return row.answer ?? "";
    const answer = h("input", { type: "text", class: "field__input", maxlength: "2000", "aria-label": t("assistance.answer"),
      id: `assistance-answer-${id}` });
    return h("div", { class: "actions" }, answer, next.map((to) => h("button", {
      type: "button", class: "button button--small button--secondary", dataset: { assistance: String(id), to },
      onClick: () => act(() => answerAssistance(id, to, answer.value.trim() || undefined), "warnings.saved"),
    }, t(`assistance.to.${to}`))));
  };
  const columns = (withAnswer) => [
    { key: "subject", label: t("assistance.subject") },
    { key: "details", label: t("assistance.details") },
    { key: withAnswer ? "from_adcode" : "to_adcode", label: t(withAnswer ? "assistance.from" : "assistance.to") },
    { key: "due_at", label: t("assistance.due"), format: (value) => formatDateTime(new Date(value * 1000)) },
    { key: "status", label: t("cases.status"), format: (value) => t(`assistance.status.${value}`) },
    { key: "id", label: t("assistance.answer"), format: (id, row) => (withAnswer ? answerCell(id, row) : row.answer ?? "—") },
  ];
  return h("section", { class: "card", id: "assistance" },
    h("h2", { class: "card__title" }, t("assistance.title")),
    dataTable({ caption: t("assistance.incoming"), rows: asked, empty: t("assistance.none"), className: "assistance-in", columns: columns(true) }),
    dataTable({ caption: t("assistance.outgoing"), rows: sent, empty: t("assistance.none"), className: "assistance-out", columns: columns(false) }));
}

export default {
  title: "cases.title",

  async render(container, { state, status, signal, rerender, navigate }) {
    state.page ??= 1;
    const body = h("div", { class: "cases", "aria-busy": "true" }, h("p", { class: "loading" }, t("status.loading")));
    container.append(h("div", { class: "page-head" }, h("h1", { id: "page-title", tabindex: "-1" }, t("cases.title"))), body);
    if (!state.data) {
      status.show(() => t("status.loading"), "busy");
      const [register, incoming, asked, sent] = await Promise.all([
        caseRegister({ page: state.page, perPage: PER_PAGE, signal }),
        incomingTransfers({ signal }),
        assistanceRequests("incoming", { signal }),
        assistanceRequests("outgoing", { signal }),
      ]);
      state.data = { register, incoming: incoming.items ?? [], asked: asked.items ?? [], sent: sent.items ?? [] };
      status.show(() => t("status.loaded"), "success");
    }
    const { register, incoming, asked, sent } = state.data;
    const act = actionRunner({ state, status, rerender });
    const go = (delta) => { state.page += delta; state.data = null; rerender(); };
    body.replaceChildren(
      incoming.length ? h("section", { class: "card", id: "incoming-transfers" },
        h("h2", { class: "card__title" }, t("cases.incoming")),
        dataTable({
          label: t("cases.incoming"), rows: incoming, className: "transfers-table",
          columns: [
            { key: "case_no", label: t("cases.case_no"), format: (value) => caseLink(value, navigate) },
            { key: "from_department", label: t("cases.from") },
            { key: "reason", label: t("cases.reason") },
          ],
        })) : null,
      assistanceCard(asked, sent, act),
      h("section", { class: "card", id: "case-register" },
        dataTable({
          label: t("cases.title"), empty: t("cases.none"), className: "cases-table", rows: register.items ?? [],
          columns: [
            { key: "case_no", label: t("cases.case_no"), format: (value) => caseLink(value, navigate) },
            { key: "opened_on", label: t("cases.opened_on") },
            { key: "kind", label: t("cases.kind") },
            { key: "status", label: t("cases.status") },
            { key: "department", label: t("cases.department") },
            { key: "value_fen", label: t("cases.value"), numeric: true, format: (value) => yuan(value) },
            { key: "summary", label: t("cases.summary") },
          ],
        })),
      h("div", { class: "pager" },
        h("button", { type: "button", class: "button button--secondary", id: "prev-page", disabled: state.page <= 1, onClick: () => go(-1) }, t("findings.prev")),
        h("span", { class: "pager__page" }, t("findings.page", { page: state.page })),
        h("button", { type: "button", class: "button button--secondary", id: "next-page", disabled: !register.has_more, onClick: () => go(1) }, t("findings.next"))));
    body.removeAttribute("aria-busy");
  },
};
