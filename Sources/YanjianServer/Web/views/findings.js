// The findings screen: what the analyses concluded, one tab per kind (gangs, gang members,
// linked case groups, person files matched by record linkage, retailer risk, convoys, cloned plates, night vehicles, ranked tip-offs), highest score first,
// with the reason each was flagged. Scoped and masked by the server like every record.
import { h } from "../components/h.js";
import { dataTable } from "../components/table.js";
import { t, has, language } from "../i18n/index.js";
import { formatNumber } from "../i18n/format.js";
import { findingCounts, findings } from "../api.js";

const KINDS = ["gang", "gang_member", "case_group", "person_match", "retailer_risk", "convoy", "cloned_plate", "night_vehicle", "tip_score", "retailer_video", "crowd_heat"];
const PER_PAGE = 50;

function label(prefix, code) {
  return code != null && has(`${prefix}.${code}`) ? t(`${prefix}.${code}`) : String(code ?? "");
}

// One line that says why: the first reason, or the strongest piece of evidence.
function reason(kind, details) {
  if (!details || typeof details !== "object") return "";
  const english = language() === "en";
  if (kind === "retailer_risk") return ((english ? details.reasons_en : details.reasons) ?? details.reasons ?? [])[0] ?? "";
  if (kind === "gang_member" || kind === "tip_score") return (details.reasons ?? []).join("；");
  if (kind === "gang") return (details.evidence ?? []).map((item) => item.text).filter(Boolean)[0] ?? "";
  if (kind === "case_group") return (details.cases ?? []).join("、");
  if (kind === "person_match") {
    // The fields that spoke for the match, strongest first, each with its weight in bits.
    return (details.fields ?? []).filter((field) => field.weight > 0).sort((a, b) => b.weight - a.weight)
      .map((field) => `${label("findings.field", field.field)} ${english ? field.label_en : field.label} +${field.weight.toFixed(1)}`).join(" · ");
  }
  if (kind === "convoy") return (details.pairs ?? []).map((pair) => `${(pair.cameras ?? []).length} ${t("findings.cameras")}`)[0] ?? "";
  if (kind === "cloned_plate") return details.impossible_journeys != null ? t("findings.impossible", { n: details.impossible_journeys }) : "";
  if (kind === "night_vehicle") return details.active_days != null ? t("findings.nights", { n: details.active_days }) : "";
  if (kind === "retailer_video") return t("findings.video_events", { night: details.night_loading ?? 0, loading: details.loading ?? 0, stops: details.stops ?? 0 });
  if (kind === "crowd_heat") {
    const hours = details.hours ?? [];
    const peak = hours.indexOf(Math.max(...hours));
    return peak >= 0 ? t("findings.crowd_peak", { hour: peak, n: hours[peak] }) : "";
  }
  return "";
}

function tabs(active, counts, navigate) {
  return h("div", { class: "tabs", role: "tablist", "aria-label": t("findings.kinds") },
    KINDS.map((kind) => h("button", {
      type: "button", role: "tab", class: "tab", id: `tab-${kind}`,
      "aria-selected": kind === active ? "true" : "false",
      onClick: () => navigate(`/findings/${kind}`),
    }, `${label("findings.kind", kind)} (${formatNumber(counts[kind] ?? 0)})`)));
}

// Retailers link to their dossier, plates to their vehicle page (a convoy names two or more plates).
function subjectLink(kind, value) {
  if (kind === "retailer_risk" || kind === "retailer_video") return h("a", { href: `#/retailers/${encodeURIComponent(value)}`, class: "dossier-link" }, value);
  if (["cloned_plate", "night_vehicle", "convoy"].includes(kind)) {
    const plates = String(value).split("|");
    return h("span", {}, plates.flatMap((plate, index) => [index ? " · " : null,
      h("a", { href: `#/vehicles/${encodeURIComponent(plate)}`, class: "vehicle-link" }, plate)]));
  }
  return value;
}

function table(kind, page) {
  return dataTable({
    label: label("findings.kind", kind),
    empty: t("findings.none"),
    className: "findings-table",
    rows: page.items ?? [],
    columns: [
      { key: "subject", label: t("findings.subject"), format: (value) => subjectLink(kind, value) },
      { key: "score", label: t("findings.score"), numeric: true, format: (value) => formatNumber(Math.round(value * 1000) / 1000) },
      { key: "label", label: t("findings.label"), format: (value) => label("findings.label", value) },
      { key: "adcode", label: t("findings.adcode") },
      { key: "details", label: t("findings.reason"), format: (value) => reason(kind, value) },
    ],
  });
}

export default {
  title: "findings.title",

  async render(container, { params, state, status, signal, rerender, navigate }) {
    const kind = KINDS.includes(params.kind) ? params.kind : KINDS[0];
    state.page ??= 1;
    const body = h("div", { class: "findings", "aria-busy": "true" }, h("p", { class: "loading" }, t("status.loading")));
    container.append(h("div", { class: "page-head" }, h("h1", { id: "page-title", tabindex: "-1" }, t("findings.title"))), body);
    if (!state.data) {
      status.show(() => t("status.loading"), "busy");
      const [counts, page] = await Promise.all([
        findingCounts({ signal }),
        findings(kind, { page: state.page, perPage: PER_PAGE, signal }),
      ]);
      state.data = { counts: counts.counts ?? {}, page };
      status.show(() => t("status.loaded"), "success");
    }
    const { counts, page } = state.data;
    const go = (delta) => { state.page += delta; state.data = null; rerender(); };
    body.replaceChildren(
      tabs(kind, counts, navigate),
      page.masked ? h("p", { class: "note", id: "masked-note" }, t("findings.masked")) : null,
      h("section", { class: "card", id: `findings-${kind}` }, table(kind, page)),
      h("div", { class: "pager" },
        h("button", { type: "button", class: "button button--secondary", id: "prev-page", disabled: state.page <= 1, onClick: () => go(-1) }, t("findings.prev")),
        h("span", { class: "pager__page" }, t("findings.page", { page: state.page })),
        h("button", { type: "button", class: "button button--secondary", id: "next-page", disabled: !page.has_more, onClick: () => go(1) }, t("findings.next"))));
    body.removeAttribute("aria-busy");
  },
};
