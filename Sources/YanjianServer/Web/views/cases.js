// The case register (案件): transfers waiting for the user's department first, then every case in
// the jurisdiction (imported and opened here), newest first, each linked to its case page.
import { h } from "../components/h.js";
import { dataTable } from "../components/table.js";
import { t } from "../i18n/index.js";
import { formatNumber } from "../i18n/format.js";
import { caseRegister, incomingTransfers } from "../api.js";
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

export default {
  title: "cases.title",

  async render(container, { state, status, signal, rerender, navigate }) {
    state.page ??= 1;
    const body = h("div", { class: "cases", "aria-busy": "true" }, h("p", { class: "loading" }, t("status.loading")));
    container.append(h("div", { class: "page-head" }, h("h1", { id: "page-title", tabindex: "-1" }, t("cases.title"))), body);
    if (!state.data) {
      status.show(() => t("status.loading"), "busy");
      const [register, incoming] = await Promise.all([
        caseRegister({ page: state.page, perPage: PER_PAGE, signal }),
        incomingTransfers({ signal }),
      ]);
      state.data = { register, incoming: incoming.items ?? [] };
      status.show(() => t("status.loaded"), "success");
    }
    const { register, incoming } = state.data;
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
