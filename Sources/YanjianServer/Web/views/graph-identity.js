// 身份认定 on the link-analysis page: the analyst says the two entities in the path fields are one
// person (merge) or never one (split), with a reason; the next link analysis applies it over the
// evidence. The decisions in force are listed below with a revoke button (revoking also needs a reason).
import { h } from "../components/h.js";
import { dataTable } from "../components/table.js";
import { t } from "../i18n/index.js";
import { formatDateTime } from "../i18n/format.js";
import { errorText, identityDecisions, recordIdentityDecision, revokeIdentityDecision } from "../api.js";

/** The section; `from` and `to` are the path inputs (kind:value or sealed ids). */
export function identitySection({ from, to, status }) {
  const reason = h("input", { type: "text", id: "identity-reason", class: "field__input", maxlength: "500", placeholder: t("identity.reason_hint") });
  const list = h("div", { id: "identity-list" });

  const refresh = async () => {
    try {
      const { items } = await identityDecisions();
      list.replaceChildren(dataTable({
        label: t("identity.in_force"), empty: t("identity.none"), className: "identity-decisions", rows: items,
        columns: [
          { key: "id", label: "#", numeric: true },
          { key: "action", label: t("identity.action"), format: (action) => t(`identity.${action}`) },
          { key: "entity_a", label: t("identity.entities"), format: (a, row) => `${a} · ${row.entity_b}` },
          { key: "reason", label: t("identity.reason") },
          { key: "decided_by", label: t("identity.by"), format: (by, row) => `${by} · ${formatDateTime(new Date(row.decided_at))}` },
          { key: "id", label: "", format: (id) => h("button", { type: "button", class: "button button--secondary button--small", dataset: { revoke: String(id) },
            onClick: () => revoke(id) }, t("identity.revoke")) },
        ],
      }));
    } catch (error) {
      list.replaceChildren(h("p", { class: "note" }, errorText(error)));
    }
  };

  const decide = async (action) => {
    const a = from.value.trim(), b = to.value.trim(), why = reason.value.trim();
    if (!a || !b) { status.show(() => t("identity.need_two"), "error"); from.focus(); return; }
    if (!why) { status.show(() => t("identity.need_reason"), "error"); reason.focus(); return; }
    try {
      const decision = await recordIdentityDecision(action, a, b, why);
      reason.value = "";
      status.show(() => t("identity.recorded", { id: decision.id }), "success");
      await refresh();
    } catch (error) {
      status.show(() => errorText(error), "error");
    }
  };

  const revoke = async (id) => {
    const why = reason.value.trim();
    if (!why) { status.show(() => t("identity.need_reason"), "error"); reason.focus(); return; }
    try {
      await revokeIdentityDecision(id, why);
      reason.value = "";
      status.show(() => t("identity.revoked", { id }), "success");
      await refresh();
    } catch (error) {
      status.show(() => errorText(error), "error");
    }
  };

  refresh();
  return h("details", { class: "card identity-card", id: "graph-identity" },
    h("summary", {}, t("identity.title")),
    h("p", { class: "note" }, t("identity.help")),
    h("div", { class: "filters" },
      h("label", { class: "field field--inline field--grow", for: "identity-reason" }, h("span", { class: "field__label" }, t("identity.reason")), reason),
      h("button", { type: "button", class: "button button--secondary", id: "identity-merge", onClick: () => decide("merge") }, t("identity.merge_button")),
      h("button", { type: "button", class: "button button--secondary", id: "identity-split", onClick: () => decide("split") }, t("identity.split_button"))),
    list);
}
