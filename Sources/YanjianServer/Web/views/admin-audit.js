// 审计日志 (admin, auditor): the audit log newest first, page by page, and a check of the whole chain
// (every entry's HMAC against the previous one, and the signed checkpoints) with its result.
import { h } from "../components/h.js";
import { dataTable } from "../components/table.js";
import { t } from "../i18n/index.js";
import { formatDateTime, formatNumber } from "../i18n/format.js";
import { auditEntries, errorText, verifyAudit } from "../api.js";

const PAGE = 100;

export default {
  title: "admin.audit_title",

  async render(container, { state, status, signal, rerender }) {
    state.before ??= null;
    const result = h("div", { id: "audit-verify-result", class: "audit-verify" },
      state.verification ? verificationText(state.verification) : t("admin.not_verified"));
    container.append(h("div", { class: "page-head" },
      h("h1", { id: "page-title", tabindex: "-1" }, t("admin.audit_title")),
      h("button", { type: "button", class: "button button--primary", id: "audit-verify", onClick: async () => {
        status.show(() => t("admin.verifying"), "busy");
        try {
          state.verification = await verifyAudit();
          result.replaceChildren(verificationText(state.verification));
          const ok = isOk(state.verification);
          status.show(() => t(ok ? "admin.chain_ok" : "admin.chain_broken"), ok ? "success" : "error");
        } catch (error) {
          status.show(() => errorText(error), "error");
        }
      } }, t("admin.verify"))),
    h("section", { class: "card", id: "audit-verify-card" }, result));
    if (!state.data) {
      status.show(() => t("status.loading"), "busy");
      state.data = await auditEntries({ limit: PAGE, before: state.before ?? undefined, signal });
      status.show(() => t("status.loaded"), "success");
    }
    const items = state.data.items;
    const table = dataTable({
      label: t("admin.audit_title"), empty: "—", className: "audit-list", rows: items,
      columns: [
        { key: "seq", label: "#", numeric: true, format: (value) => formatNumber(value) },
        { key: "at", label: t("dossier.time"), format: (value) => formatDateTime(new Date(value * 1000)) },
        { key: "actor", label: t("admin.actor") },
        { key: "action", label: t("admin.action") },
        { key: "target", label: t("admin.target") },
        { key: "details", label: t("admin.details"), format: (value) => h("code", { class: "audit-details" }, value === "{}" ? "" : value) },
        { key: "mac", label: "MAC", format: (value) => h("code", { class: "hash", title: value }, `${value.slice(0, 12)}…`) },
      ],
    });
    const last = items.at(-1);
    const pager = h("p", { class: "actions" },
      state.before ? h("button", { type: "button", class: "button button--secondary", id: "audit-newest",
        onClick: () => { state.before = null; state.data = null; rerender(); } }, t("admin.newest")) : null,
      items.length === PAGE && last ? h("button", { type: "button", class: "button button--secondary", id: "audit-older",
        onClick: () => { state.before = last.seq; state.data = null; rerender(); } }, t("admin.older")) : null);
    container.append(h("section", { class: "card", id: "audit-entries" }, table, pager));
  },
};

const isOk = (verification) => !(verification.problems ?? []).length;

function verificationText(verification) {
  const ok = isOk(verification);
  return h("p", { class: ok ? "audit-ok" : "audit-broken", dataset: { ok: String(ok) } },
    t(ok ? "admin.chain_ok_detail" : "admin.chain_broken_detail",
      { entries: formatNumber(verification.entries), checkpoints: formatNumber(verification.checkpoints) }),
    ...(verification.problems ?? []).slice(0, 20).map((problem) => h("span", { class: "audit-problem" }, h("br"), problem)));
}
