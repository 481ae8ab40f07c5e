// 一户一档: one retailer's file — the licence and its owner (masked unless unmasked), the business
// registration, cartons ordered against cartons sold at the till month by month, the brand mix, the
// risk score with its reasons and history, the grey/black list entries (propose and review here),
// cases, warnings, tips, gang links and the video events at cameras around the shop. The print
// button gives a paper copy (print.css shows every section and hides the controls).
import { h } from "../components/h.js";
import { dataTable } from "../components/table.js";
import { barChart, lineChart, multiLineChart } from "../components/chart.js";
import { actionRunner } from "../components/action.js";
import { levelBadge } from "../components/level-badge.js";
import { language, t } from "../i18n/index.js";
import { formatDateTime, formatNumber } from "../i18n/format.js";
import { dossier, proposeListEntry } from "../api.js";
import { currentUser } from "../session.js";
import { label } from "./warnings.js";
import { caseLink } from "./cases.js";
import { decisionCell } from "./lists.js";

const WORKERS = ["admin", "analyst", "investigator"];
const when = (seconds) => (seconds ? formatDateTime(new Date(seconds * 1000)) : "—");
const day = (seconds) => (seconds ? formatDateTime(new Date(seconds * 1000)).split(" ")[0] : "—");

function facts(shop, registration) {
  const row = (key, value, id) => h("div", { class: "profile__item" }, h("dt", {}, t(key)), h("dd", { id }, value ?? "—"));
  return h("dl", { class: "profile__facts dossier-facts" },
    row("dossier.licence", shop.licence_no, "dossier-licence"),
    row("dossier.owner", shop.owner_name, "dossier-owner"),
    row("dossier.owner_id", shop.owner_id_no),
    row("dossier.phone", shop.phone),
    row("dossier.address", shop.address),
    row("dossier.business_type", shop.business_type),
    row("dossier.licence_status", shop.status, "dossier-status"),
    row("dossier.issued", `${shop.issued_on ?? "—"} → ${shop.expires_on ?? "—"}`),
    row("dossier.credit_code", shop.credit_code),
    row("dossier.registration", registration
      ? `${registration.status}${registration.abnormal_list ? ` · ${t("dossier.abnormal_list")}` : ""}` : t("dossier.no_registration"),
    "dossier-registration"));
}

function riskCard(risk, history) {
  if (!risk) return h("p", { class: "note", id: "dossier-no-risk" }, t("dossier.no_risk"));
  const details = risk.details ?? {};
  const reasons = (language() === "en" ? details.reasons_en : details.reasons) ?? details.reasons ?? [];
  return h("div", { class: "dossier-risk" },
    h("p", { class: "dossier-score" },
      h("strong", { id: "dossier-score" }, formatNumber(Math.round(risk.score * 10) / 10)), " / 100 ",
      risk.label ? h("span", { class: "badge", id: "dossier-pattern" }, label("findings.label", risk.label)) : t("dossier.not_flagged"),
      details.segment != null ? h("span", { class: "muted" }, ` · ${t("dossier.segment", { n: details.segment })}`) : null),
    reasons.length ? h("ol", { class: "dossier-reasons", id: "dossier-reasons" }, reasons.map((reason) => h("li", {}, reason))) : null,
    contextLine(details.context ?? {}),
    history.length > 1 ? lineChart({ title: t("dossier.risk_history"),
      points: history.map((point) => ({ label: day(point.at), value: Math.round(point.score * 10) / 10 })) }) : null);
}

// Distances to logistics parks and highway exits (capped at 50 km) and the return share, when measured.
function contextLine(context) {
  const parts = [];
  const distance = (km) => (km >= 50 ? t("dossier.beyond_km", { km: 50 }) : t("dossier.km", { km: formatNumber(km) }));
  if (context.logistics_park_km != null) parts.push(`${t("dossier.logistics_park")} ${distance(context.logistics_park_km)}`);
  if (context.highway_exit_km != null) parts.push(`${t("dossier.highway_exit")} ${distance(context.highway_exit_km)}`);
  if (context.return_share != null) parts.push(`${t("dossier.return_share")} ${formatNumber(Math.round(context.return_share * 1000) / 10)}%`);
  return parts.length ? h("p", { class: "muted", id: "dossier-context" }, parts.join(" · ")) : null;
}

function listCard(licence, entries, act, mayWork) {
  const note = h("input", { type: "text", id: "list-note", class: "field__input", maxlength: "500", placeholder: t("lists.note_hint") });
  const table = dataTable({
    label: t("lists.title"), empty: t("dossier.no_lists"), className: "dossier-lists", rows: entries,
    columns: [
      { key: "list", label: t("lists.list"), format: (value) => h("span", { class: `badge list-badge list-badge--${value}` }, t(`lists.list.${value}`)) },
      { key: "status", label: t("lists.status"), format: (value) => t(`lists.status.${value}`) },
      { key: "reasons", label: t("lists.reasons"), format: (value) => value.join("；") },
      { key: "proposed_by", label: t("lists.proposed_by") },
      { key: "expires_at", label: t("lists.expires"), format: day },
      { key: "id", label: "", format: (_, row) => (mayWork ? decisionCell(row, act, note) : null) },
    ],
  });
  const which = h("select", { id: "list-kind", class: "select" }, ["grey", "black"].map((value) => h("option", { value }, t(`lists.list.${value}`))));
  const propose = mayWork ? h("form", { class: "filters", id: "list-propose", onSubmit: (event) => {
    event.preventDefault();
    act(() => proposeListEntry(licence, which.value, note.value.trim()), "lists.proposed");
  } },
  h("label", { class: "field field--inline", for: "list-kind" }, h("span", { class: "field__label" }, t("lists.list")), which),
  h("label", { class: "field field--inline field--grow", for: "list-note" }, h("span", { class: "field__label" }, t("lists.reason_or_note")), note),
  h("button", { type: "submit", class: "button button--secondary", id: "list-propose-submit" }, t("lists.propose"))) : null;
  return [table, propose];
}

// The plates read around the shop's loading events, each linked to its vehicle page.
function vehiclesNear(events) {
  const plates = [...new Set(events.flatMap((event) => event.plates ?? []))].slice(0, 12);
  if (!plates.length) return [];
  return [h("br"), t("dossier.vehicles_near"), " ", ...plates.flatMap((plate, index) => [index ? "、" : null,
    h("a", { href: `#/vehicles/${encodeURIComponent(plate)}`, class: "vehicle-link" }, plate)])];
}

export default {
  title: "dossier.title",

  async render(container, { params, state, status, signal, rerender, navigate }) {
    const body = h("div", { class: "dossier", "aria-busy": "true" }, h("p", { class: "loading" }, t("status.loading")));
    const head = h("div", { class: "page-head" },
      h("h1", { id: "page-title", tabindex: "-1" }, t("dossier.title")),
      h("button", { type: "button", class: "button button--secondary", id: "dossier-print", onClick: () => window.print() }, t("dossier.print")));
    container.append(head, body);
    if (!state.data) {
      status.show(() => t("status.loading"), "busy");
      state.data = await dossier(params.licence, { signal });
      status.show(() => t("status.loaded"), "success");
    }
    const data = state.data;
    const shop = data.retailer;
    head.querySelector("h1").textContent = `${t("dossier.title")} · ${shop.name}`;
    const mayWork = WORKERS.includes(currentUser()?.role);
    const act = actionRunner({ state, status, rerender });
    const active = data.lists.filter((entry) => entry.status === "active");

    const months = data.months;
    const volumes = multiLineChart({
      title: t("dossier.orders_vs_sales"), labels: months.map((month) => month.month),
      series: [
        { name: t("dossier.ordered"), values: months.map((month) => month.ordered_cartons), className: "chart__line--first" },
        { name: t("dossier.sold"), values: months.map((month) => month.sold_cartons), className: "chart__line--second" },
      ],
    });
    const brandMix = barChart({ title: t("dossier.brand_mix"),
      data: data.brands.map((brand) => ({ label: brand.brand, value: brand.recent_cartons })) });
    const brandTable = dataTable({
      label: t("dossier.brand_mix"), empty: "—", className: "dossier-brands", rows: data.brands,
      columns: [
        { key: "brand", label: t("dossier.brand") },
        { key: "recent_cartons", label: t("dossier.recent"), numeric: true, format: formatNumber },
        { key: "earlier_cartons", label: t("dossier.earlier"), numeric: true, format: formatNumber },
      ],
    });

    const sections = [
      h("section", { class: "card", id: "dossier-summary" },
        h("p", { class: "warning-headline" },
          ...active.map((entry) => h("span", { class: `badge list-badge list-badge--${entry.list}`, dataset: { list: entry.list } }, t(`lists.list.${entry.list}`))),
          " ", h("strong", {}, shop.name), data.masked ? h("span", { class: "muted" }, ` · ${t("dossier.masked")}`) : null),
        facts(shop, data.registration)),
      h("section", { class: "card", id: "dossier-risk" }, h("h2", { class: "card__title" }, t("dossier.risk")), riskCard(data.risk, data.risk_history)),
      h("section", { class: "card", id: "dossier-volumes" }, h("h2", { class: "card__title" }, t("dossier.orders_vs_sales")), volumes),
      h("section", { class: "card", id: "dossier-brands" }, h("h2", { class: "card__title" }, t("dossier.brand_mix")), brandMix, brandTable),
      h("section", { class: "card", id: "dossier-list-entries" }, h("h2", { class: "card__title" }, t("lists.title")),
        ...listCard(shop.licence_no, data.lists, act, mayWork)),
      h("section", { class: "card", id: "dossier-cases" }, h("h2", { class: "card__title" }, t("nav.cases")), dataTable({
        label: t("nav.cases"), empty: t("dossier.none"), className: "dossier-case-list", rows: data.cases,
        columns: [
          { key: "case_no", label: t("cases.case_no"), format: (value) => caseLink(value, navigate) },
          { key: "opened_on", label: t("cases.opened_on") },
          { key: "kind", label: t("cases.kind") },
          { key: "status", label: t("cases.status") },
          { key: "value_yuan", label: t("cases.value"), numeric: true, format: (value) => (value == null ? "—" : formatNumber(value)) },
          { key: "via", label: t("dossier.via"), format: (value) => label("dossier.via", value) },
        ],
      })),
      h("section", { class: "card", id: "dossier-warnings" }, h("h2", { class: "card__title" }, t("nav.warnings")), dataTable({
        label: t("nav.warnings"), empty: t("dossier.none"), className: "dossier-warning-list", rows: data.warnings,
        columns: [
          { key: "level", label: t("warnings.level"), format: (value) => levelBadge(value) },
          { key: "id", label: "#", format: (value) => h("a", { href: `#/warnings/${value}` }, `#${value}`) },
          { key: "reason", label: t("warnings.reason") },
          { key: "status", label: t("warnings.status"), format: (value) => label("warning.status", value) },
          { key: "raised_at", label: t("warnings.raised"), format: when },
        ],
      })),
      h("section", { class: "card", id: "dossier-tips" }, h("h2", { class: "card__title" }, t("nav.tips")), dataTable({
        label: t("nav.tips"), empty: t("dossier.none"), className: "dossier-tip-list", rows: data.tips,
        columns: [
          { key: "tip_id", label: "ID", format: (value) => h("a", { href: `#/tips/${encodeURIComponent(value)}` }, value) },
          { key: "received_at", label: t("tips.received"), format: when },
          { key: "text", label: t("tips.text") },
          { key: "via", label: t("dossier.via"), format: (value) => label("dossier.via", value) },
        ],
      })),
      h("section", { class: "card", id: "dossier-gangs" }, h("h2", { class: "card__title" }, t("dossier.gang_links")), dataTable({
        label: t("dossier.gang_links"), empty: t("dossier.none"), className: "dossier-gang-list", rows: data.gang_links,
        columns: [
          { key: "subject", label: t("findings.subject") },
          { key: "label", label: t("dossier.tier"), format: (value) => label("findings.label", value) },
          { key: "details", label: t("dossier.gang"), format: (value) => value?.gang_id ?? "—" },
          { key: "score", label: t("findings.score"), numeric: true, format: (value) => formatNumber(value) },
        ],
      })),
      h("section", { class: "card", id: "dossier-cameras" }, h("h2", { class: "card__title" }, t("dossier.camera_events")),
        data.video ? h("p", { id: "dossier-video" }, t("findings.video_events", { night: data.video.details.night_loading ?? 0,
          loading: data.video.details.loading ?? 0, stops: data.video.details.stops ?? 0 }),
        ...vehiclesNear(data.video.details.events ?? [])) : null,
        dataTable({
        label: t("dossier.camera_events"), empty: t("dossier.none"), className: "dossier-camera-list", rows: data.camera_events,
        columns: [
          { key: "at", label: t("dossier.time"), format: when },
          { key: "type", label: t("dossier.event_type"), format: (value) => label("video.type", value) },
          { key: "camera_name", label: t("dossier.camera") },
          { key: "distance_m", label: t("dossier.distance"), numeric: true, format: (value) => `${formatNumber(Math.round(value))} m` },
          { key: "plate", label: t("dossier.plate"), format: (value) => value ?? "—" },
        ],
      })),
    ];
    body.replaceChildren(...sections);
    body.removeAttribute("aria-busy");
  },
};
