// The overview screen: who is signed in, how much data the user's jurisdiction holds, open warnings
// by level, the districts with the most flagged retailers, cases by status, recent imports (with their
// rejected rows: the data-quality state) and activity, and whether the audit chain verifies.
import { h } from "../components/h.js";
import { statGrid } from "../components/stat-card.js";
import { barChart } from "../components/chart.js";
import { dataTable } from "../components/table.js";
import { t, has } from "../i18n/index.js";
import { formatDateTime, formatNumber } from "../i18n/format.js";
import { overview } from "../api.js";
import { currentUser } from "../session.js";

const COUNT_ORDER = ["retailers", "business_registrations", "orders", "pos_sales", "waybills", "persons",
  "payments", "cameras", "plate_reads", "video_events", "cases", "units", "tips"];

// Case statuses arrive as the data's Chinese terms (data-formats.md); English codes are accepted too.
const CASE_STATUS = { "线索": "clue", "立案": "opened", "移送": "transferred", "结案": "closed", "撤销": "dropped" };
const CASE_ORDER = ["clue", "opened", "transferred", "closed", "dropped"];

function label(prefix, code) {
  return code != null && has(`${prefix}.${code}`) ? t(`${prefix}.${code}`) : String(code ?? "");
}

function card(titleKey, id, ...content) {
  return h("section", { class: "card", "aria-labelledby": id },
    h("h2", { class: "card__title", id }, t(titleKey)), ...content);
}

function profile(user) {
  if (!user) return null;
  // "*" (or nothing) means every jurisdiction; a name, when the server sends one, goes first.
  const code = user.jurisdiction;
  const jurisdiction = code == null || code === "" || code === "*" ? t("overview.jurisdiction_all")
    : user.jurisdiction_name ? `${user.jurisdiction_name}（${code}）` : code;
  const item = (key, value, cls) => h("div", { class: "profile__item" },
    h("dt", {}, t(key)), h("dd", { class: cls }, value ?? "–"));
  return h("section", { class: "card profile", "aria-labelledby": "profile-title" },
    h("h2", { class: "visually-hidden", id: "profile-title" }, t("overview.profile")),
    h("p", { class: "profile__name", id: "profile-name" }, user.display_name || user.username),
    h("dl", { class: "profile__facts" },
      item("overview.role", label("role", user.role), "profile__role"),
      item("overview.department", label("department", user.department), "profile__department"),
      item("overview.jurisdiction", jurisdiction, "profile__jurisdiction")));
}

function counts(data) {
  const known = COUNT_ORDER.filter((key) => Object.hasOwn(data, key));
  const extra = Object.keys(data).filter((key) => !COUNT_ORDER.includes(key));
  const items = [...known, ...extra].map((key) => ({ key, label: label("count", key), value: data[key] }));
  return card("overview.counts", "counts-title", statGrid(items, { id: "counts" }));
}

function casesByStatus(byStatus) {
  const entries = Object.entries(byStatus ?? {}).map(([status, value]) => {
    const code = CASE_STATUS[status] ?? status;
    return { code, label: label("case.status", code), value, className: `chart__bar--${code}` };
  });
  const rank = (code) => (CASE_ORDER.includes(code) ? CASE_ORDER.indexOf(code) : CASE_ORDER.length);
  entries.sort((a, b) => rank(a.code) - rank(b.code));
  const title = t("overview.cases_by_status");
  return card("overview.cases_by_status", "cases-title", barChart({ title, data: entries }));
}

function audit(status) {
  const ok = status?.verified === true;
  const entries = formatNumber(status?.entries ?? 0);
  return card("overview.audit", "audit-title",
    h("p", { class: `audit ${ok ? "audit--ok" : "audit--broken"}`, id: "audit-status" },
      h("span", { class: "audit__icon", "aria-hidden": "true" }, ok ? "✓" : "✗"),
      h("span", {}, t(ok ? "overview.audit_verified" : "overview.audit_broken", { entries }))));
}

// Open warnings by level, each bar in its level's colour and named (colour is not the only signal).
function warningsByLevel(byLevel) {
  const data = ["red", "orange", "yellow", "blue"].map((level) => ({ label: t(`level.${level}`), value: byLevel?.[level] ?? 0,
    className: `chart__bar--level-${level}` }));
  return card("overview.warnings", "warnings-title", barChart({ title: t("overview.warnings"), data }),
    h("p", {}, h("a", { href: "#/warnings" }, t("overview.open_warnings"))));
}

// Districts with the most retailers the risk model flagged.
function riskyDistricts(rows) {
  return card("overview.risky_districts", "districts-title", barChart({
    title: t("overview.risky_districts"),
    data: (rows ?? []).map((row) => ({ label: row.name || row.adcode, value: row.flagged })),
  }));
}

function imports(rows) {
  return card("overview.imports", "imports-title", dataTable({
    label: t("overview.imports"),
    empty: t("overview.no_imports"),
    rows: rows ?? [],
    columns: [
      { key: "id", label: t("import.id"), numeric: true },
      { key: "started_at", label: t("import.started_at"), format: formatDateTime },
      { key: "source", label: t("import.source") },
      { key: "status", label: t("import.status"), format: (value) => label("import.status", value) },
      { key: "rows", label: t("import.rows"), numeric: true, format: formatNumber },
      { key: "rejected", label: t("import.rejected"), numeric: true, format: formatNumber },
    ],
  }));
}

function activity(rows) {
  return card("overview.activity", "activity-title", dataTable({
    label: t("overview.activity"),
    empty: t("overview.no_activity"),
    rows: rows ?? [],
    columns: [
      { key: "at", label: t("activity.at"), format: formatDateTime },
      { key: "actor", label: t("activity.actor") },
      { key: "action", label: t("activity.action"), format: (value) => label("action", value) },
      { key: "target", label: t("activity.target") },
    ],
  }));
}

export default {
  title: "overview.title",

  async render(container, { state, status, signal, rerender }) {
    const refresh = h("button", { type: "button", class: "button button--secondary", id: "refresh",
      onClick: () => { state.data = null; rerender(); } }, t("status.refresh"));
    const body = h("div", { class: "overview", "aria-busy": "true" },
      h("p", { class: "loading" }, t("status.loading")));
    container.append(
      h("div", { class: "page-head" }, h("h1", { id: "page-title", tabindex: "-1" }, t("overview.title")), refresh),
      profile(currentUser()),
      body);

    if (!state.data) {
      status.show(() => t("status.loading"), "busy");
      try {
        state.data = await overview({ signal });
      } catch (error) {
        body.replaceChildren();
        body.removeAttribute("aria-busy");
        throw error;
      }
      status.show(() => t("status.loaded"), "success");
    }
    const data = state.data;
    body.replaceChildren(
      counts(data.counts ?? {}),
      h("div", { class: "overview__pair" }, warningsByLevel(data.warnings_open_by_level), riskyDistricts(data.risky_districts)),
      h("div", { class: "overview__pair" }, casesByStatus(data.cases_by_status), audit(data.audit)),
      imports(data.imports),
      activity(data.recent_activity));
    body.removeAttribute("aria-busy");
    performance.mark("yanjian:overview:rendered");
  },
};
