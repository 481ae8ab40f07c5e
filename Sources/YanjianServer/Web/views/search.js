// Global search (综合查询): one box for a phone, ID number, name, plate, waybill, licence or case
// number, across every source the user may read. The answer says how the query was read (a phone
// typed with spaces is still a phone) and groups what was found by kind, each linked to its page.
import { h } from "../components/h.js";
import { dataTable } from "../components/table.js";
import { t } from "../i18n/index.js";
import { search } from "../api.js";
import { label } from "./warnings.js";

const ORDER = ["retailer", "person", "waybill", "case", "plate", "warning", "tip", "finding"];

/** Warning hits read "#id kind target" and "level · status · reason", finding hits "kind subject" and
 * "label · score": the codes in the reader's language. */
function localised(hit) {
  if (hit.kind === "finding") {
    const [kind, ...subject] = hit.title.split(" ");
    const [findingLabel, ...rest] = (hit.detail ?? "").split(" · ");
    return { ...hit, title: [label("findings.kind", kind), ...subject].join(" "),
      detail: [label("findings.label", findingLabel), ...rest].join(" · ") };
  }
  if (hit.kind !== "warning") return hit;
  const [id, kind, ...target] = hit.title.split(" ");
  const [level, status, ...rest] = (hit.detail ?? "").split(" · ");
  return { ...hit, title: [id, label("warning.target", kind), ...target].join(" "),
    detail: [label("level", level), label("warning.status", status), ...rest].join(" · ") };
}

function link(hit) {
  const key = encodeURIComponent(hit.key);
  const href = { retailer: `#/retailers/${key}`, case: `#/cases/${key}`, warning: `#/warnings/${key}`, tip: `#/tips/${key}`,
    plate: `#/vehicles/${key}` }[hit.kind];
  return href ? h("a", { href, class: "search-link", dataset: { kind: hit.kind } }, hit.title) : hit.title;
}

export function queryText() {
  const query = window.location.hash.split("?")[1] ?? "";
  return new URLSearchParams(query).get("q") ?? "";
}

export default {
  title: "search.title",

  async render(container, { state, status, signal }) {
    const q = queryText();
    container.append(h("div", { class: "page-head" }, h("h1", { id: "page-title", tabindex: "-1" }, t("search.title"))));
    const box = document.getElementById("global-search");
    if (box && !box.value) box.value = q;
    if (!q) {
      container.append(h("p", { class: "note", id: "search-hint" }, t("search.hint")));
      return;
    }
    if (!state.data || state.q !== q) {
      status.show(() => t("status.loading"), "busy");
      state.data = await search(q, { signal });
      state.q = q;
      status.show(() => t("status.loaded"), "success");
    }
    const { items, read_as: readAs } = state.data;
    const forms = Object.entries(readAs);
    container.append(h("p", { class: "search-read-as", id: "search-read-as" },
      forms.length ? t("search.read_as", { forms: forms.map(([form, value]) => `${label("search.form", form)} ${value}`).join("、") })
        : t("search.read_as_text", { q })));
    if (!items.length) {
      container.append(h("p", { class: "note", id: "search-empty" }, t("search.none")));
      return;
    }
    for (const kind of ORDER) {
      const rows = items.filter((item) => item.kind === kind).map(localised);
      if (!rows.length) continue;
      container.append(h("section", { class: "card search-group", id: `search-${kind}`, dataset: { kind } },
        h("h2", { class: "card__title" }, `${label("search.kind", kind)}（${rows.length}）`),
        dataTable({
          label: label("search.kind", kind), empty: "—", className: "search-results", rows,
          columns: [
            { key: "title", label: t("search.what"), format: (_, row) => link(row) },
            { key: "detail", label: t("search.detail"), format: (value) => value ?? "" },
            { key: "adcode", label: t("findings.adcode"), format: (value) => value ?? "—" },
          ],
        })));
    }
  },
};
