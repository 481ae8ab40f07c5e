// The warnings screen (预警处置): graded warnings, most severe first, with counts by level, filters,
// and the time left to respond. The detail screen (/warnings/:id) is where a warning is worked:
// acknowledge, send the suggested nearest units, follow them on site, record the result.
import { h } from "../components/h.js";
import { dataTable } from "../components/table.js";
import { levelBadge } from "../components/level-badge.js";
import { t, has } from "../i18n/index.js";
import { formatDateTime, formatNumber } from "../i18n/format.js";
import { warningFeedback, warnings } from "../api.js";

const LEVELS = ["red", "orange", "yellow", "blue"];
const STATUSES = ["new", "acknowledged", "dispatched", "on_site", "confirmed", "dismissed", "closed"];
const PER_PAGE = 50;

export function label(prefix, code) {
  return code != null && has(`${prefix}.${code}`) ? t(`${prefix}.${code}`) : String(code ?? "");
}

/** "in 3 h" / "overdue 20 min" for a deadline (epoch seconds), only while a warning is unanswered. */
export function deadline(item, now = Date.now() / 1000) {
  if (item.status !== "new") return h("span", { class: "deadline deadline--met" }, "—");
  const minutes = Math.round((item.due_at - now) / 60);
  const span = Math.abs(minutes) >= 120 ? t("warnings.hours", { n: Math.round(Math.abs(minutes) / 60) })
    : t("warnings.minutes", { n: Math.abs(minutes) });
  return minutes < 0
    ? h("span", { class: "deadline deadline--overdue" }, t("warnings.overdue", { span }))
    : h("span", { class: "deadline" }, t("warnings.due_in", { span }));
}

function levelCounts(counts) {
  const open = counts?.open_by_level ?? {};
  return h("ul", { class: "level-counts", id: "level-counts", "aria-label": t("warnings.open_by_level") },
    LEVELS.map((level) => h("li", { class: "level-counts__item", dataset: { level } },
      levelBadge(level), h("span", { class: "level-counts__value" }, formatNumber(open[level] ?? 0)))),
    h("li", { class: "level-counts__item level-counts__overdue", id: "overdue-count" },
      t("warnings.overdue_count", { n: formatNumber(counts?.overdue ?? 0) })));
}

function filters(state, apply) {
  const select = (id, name, values, prefix, current) => h("label", { class: "field field--inline", for: id },
    h("span", { class: "field__label" }, t(name)),
    h("select", { id, class: "select", onChange: (event) => apply(id, event.target.value) },
      h("option", { value: "" }, t("warnings.any")),
      values.map((value) => h("option", { value, selected: value === current }, label(prefix, value)))));
  return h("form", { class: "filters", id: "warning-filters", onSubmit: (event) => event.preventDefault() },
    select("filter-level", "warnings.level", LEVELS, "level", state.level),
    select("filter-status", "warnings.status", STATUSES, "warning.status", state.status),
    h("label", { class: "field field--inline field--check", for: "filter-open" },
      h("input", { type: "checkbox", id: "filter-open", checked: state.open, onChange: (event) => apply("filter-open", event.target.checked) }),
      h("span", {}, t("warnings.open_only"))));
}

function table(page, navigate) {
  return dataTable({
    label: t("warnings.title"),
    empty: t("warnings.none"),
    className: "warnings-table",
    rows: page.items ?? [],
    columns: [
      { key: "level", label: t("warnings.level"), format: (value) => levelBadge(value) },
      { key: "target", label: t("warnings.target"), format: (value, row) => h("a", {
        href: `#/warnings/${row.id}`, class: "warning-link", dataset: { id: String(row.id) },
        onClick: (event) => { event.preventDefault(); navigate(`/warnings/${row.id}`); },
      }, `${label("warning.target", row.target_kind)} ${value}`) },
      { key: "reason", label: t("warnings.reason") },
      { key: "status", label: t("warnings.status"), format: (value) => label("warning.status", value) },
      { key: "department", label: t("warnings.department"), format: (value) => label("department", value) },
      { key: "due_at", label: t("warnings.deadline"), format: (_, row) => deadline(row) },
      { key: "raised_at", label: t("warnings.raised"), format: (value) => formatDateTime(new Date(value * 1000)) },
    ],
  });
}

// How verified warnings turned out: the share confirmed on site, by level and by rule (the labels
// that retrain the risk model).
function feedbackCard(feedback) {
  if (!feedback) return null;
  const percent = (value) => (value == null ? "—" : `${formatNumber(Math.round(value * 1000) / 10)}%`);
  const columns = (first, format) => [
    { key: "group", label: t(first), format },
    { key: "confirmed", label: t("warnings.confirmed"), numeric: true, format: formatNumber },
    { key: "dismissed", label: t("warnings.dismissed"), numeric: true, format: formatNumber },
    { key: "open", label: t("warnings.still_open"), numeric: true, format: formatNumber },
    { key: "precision", label: t("warnings.precision"), numeric: true, format: percent },
  ];
  return h("section", { class: "card", id: "warning-feedback" },
    h("h2", { class: "card__title" }, t("warnings.feedback")),
    h("p", { class: "field__hint" }, t("warnings.feedback_hint")),
    dataTable({ label: t("warnings.by_level"), className: "feedback-levels", rows: feedback.by_level ?? [], empty: "—",
      columns: columns("warnings.level", (value) => levelBadge(value)) }),
    dataTable({ label: t("warnings.by_rule"), className: "feedback-rules", rows: feedback.by_rule ?? [], empty: "—",
      columns: columns("warnings.rules", (value) => value) }),
    dataTable({ label: t("warnings.by_month"), className: "feedback-months", rows: feedback.by_month ?? [], empty: "—",
      columns: columns("warnings.month", (value) => value) }));
}

export default {
  title: "warnings.title",

  async render(container, { state, status, signal, rerender, navigate }) {
    state.page ??= 1;
    state.open ??= true;
    const body = h("div", { class: "warnings", "aria-busy": "true" }, h("p", { class: "loading" }, t("status.loading")));
    container.append(h("div", { class: "page-head" }, h("h1", { id: "page-title", tabindex: "-1" }, t("warnings.title"))), body);
    if (!state.data) {
      status.show(() => t("status.loading"), "busy");
      const [page, feedback] = await Promise.all([
        warnings({ page: state.page, perPage: PER_PAGE, level: state.level, status: state.status, open: state.open, signal }),
        warningFeedback({ signal }),
      ]);
      state.data = page;
      state.feedback = feedback;
      status.show(() => t("status.loaded"), "success");
    }
    const page = state.data;
    const apply = (id, value) => {
      if (id === "filter-level") state.level = value || undefined;
      if (id === "filter-status") state.status = value || undefined;
      if (id === "filter-open") state.open = value;
      state.page = 1;
      state.data = null;
      rerender();
    };
    const go = (delta) => { state.page += delta; state.data = null; rerender(); };
    body.replaceChildren(
      levelCounts(page.counts),
      filters(state, apply),
      page.masked ? h("p", { class: "note", id: "masked-note" }, t("findings.masked")) : null,
      h("section", { class: "card", id: "warnings-list" }, table(page, navigate)),
      h("div", { class: "pager" },
        h("button", { type: "button", class: "button button--secondary", id: "prev-page", disabled: state.page <= 1, onClick: () => go(-1) }, t("findings.prev")),
        h("span", { class: "pager__page" }, t("findings.page", { page: state.page })),
        h("button", { type: "button", class: "button button--secondary", id: "next-page", disabled: !page.has_more, onClick: () => go(1) }, t("findings.next"))),
      feedbackCard(state.feedback));
    body.removeAttribute("aria-busy");
  },
};
