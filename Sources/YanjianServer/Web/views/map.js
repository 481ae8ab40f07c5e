// The command map (指挥图): open warnings by level and enforcement units by status on the offline
// map, with filters; clicking a warning opens its panel with a link to work it (dispatch is done on
// the warning page, which ranks the units by travel time). Changes are pushed by the server (live
// events) and redrawn within a second; a 30-second refresh covers a lost connection.
import { h } from "../components/h.js";
import { createMap } from "../components/map.js";
import { levelBadge } from "../components/level-badge.js";
import { t } from "../i18n/index.js";
import { formatNumber } from "../i18n/format.js";
import { errorText, listen, mapRetailers, setUnitStatus, units as fetchUnits, warnings as fetchWarnings } from "../api.js";
import { currentUser } from "../session.js";
import { label } from "./warnings.js";

const LEVELS = ["red", "orange", "yellow", "blue"];
const REFRESH_MS = 30_000;

export default {
  title: "map.title",

  async render(container, { state, status, signal, navigate }) {
    state.levels ??= new Set(LEVELS);
    state.showUnits ??= true;
    state.showRetailers ??= true;
    const panel = h("aside", { class: "card map-panel", id: "map-panel", "aria-live": "polite" }, h("p", { class: "note" }, t("map.pick")));
    const map = createMap({
      label: t("map.title"),
      onSelect: (point) => {
        const item = point.item;
        panel.replaceChildren(point.kind === "warning"
          ? h("div", {}, h("p", {}, levelBadge(item.level)), h("p", { id: "panel-reason" }, item.reason),
            h("p", {}, `${label("warning.target", item.target_kind)} ${item.target} · ${label("warning.status", item.status)}`),
            h("a", { href: `#/warnings/${item.id}`, class: "button button--primary", id: "panel-open",
              onClick: (event) => { event.preventDefault(); navigate(`/warnings/${item.id}`); } }, t("map.open_warning")))
          : point.kind === "retailer"
            ? h("div", {}, h("p", { id: "panel-retailer" }, h("strong", {}, item.name), ` ${item.licence_no}`),
              h("p", {}, `${t("map.risk_band", { score: Math.round(item.score) })} ${label("findings.label", item.pattern)}`),
              h("a", { href: `#/retailers/${encodeURIComponent(item.licence_no)}`, class: "button button--primary", id: "panel-dossier" }, t("dossier.title")))
          : h("div", {}, h("p", { id: "panel-unit" }, h("strong", {}, item.name)),
            h("p", {}, `${label("department", item.department)} · ${t("map.members", { n: item.members })} · ${item.available ? t("warnings.available") : t("warnings.busy")}`),
            // A commander records what a unit reports by radio: free, out, resting.
            ["admin", "analyst", "investigator"].includes(currentUser()?.role) ? h("p", { class: "actions", id: "panel-unit-status" },
              ["空闲", "出勤", "休整"].map((code) => h("button", {
                type: "button", class: `button button--small ${item.status === code ? "button--primary" : "button--secondary"}`,
                dataset: { unitStatus: code }, "aria-pressed": String(item.status === code),
                onClick: () => setUnitStatus(item.unit_id, code).then(() => status.show(() => t("map.unit_updated"), "success"),
                  (error) => status.show(() => errorText(error), "error")),
              }, label("unit.status", code)))) : null));
      },
    });
    const counts = h("p", { class: "map-counts", id: "map-counts" });
    const filters = h("div", { class: "filters", id: "map-filters" },
      LEVELS.map((level) => h("label", { class: "field field--inline field--check", for: `map-level-${level}` },
        h("input", { type: "checkbox", id: `map-level-${level}`, checked: state.levels.has(level), onChange: (event) => {
          if (event.target.checked) state.levels.add(level); else state.levels.delete(level);
          paint();
        } }), levelBadge(level))),
      h("label", { class: "field field--inline field--check", for: "map-units" },
        h("input", { type: "checkbox", id: "map-units", checked: state.showUnits, onChange: (event) => { state.showUnits = event.target.checked; paint(); } }),
        h("span", {}, t("map.units"))),
      h("label", { class: "field field--inline field--check", for: "map-retailers" },
        h("input", { type: "checkbox", id: "map-retailers", checked: state.showRetailers, onChange: (event) => { state.showRetailers = event.target.checked; paint(); } }),
        h("span", {}, t("map.retailers"))));
    container.append(
      h("div", { class: "page-head" }, h("h1", { id: "page-title", tabindex: "-1" }, t("map.title"))),
      filters, counts,
      h("div", { class: "map-layout" }, h("section", { class: "card map-card", id: "command-map" }, map.element), panel));

    function points() {
      const warningPoints = (state.warnings ?? []).filter((item) => item.lat != null && state.levels.has(item.level)).map((item) => ({
        id: `w${item.id}`, kind: "warning", item, lat: item.lat, lon: item.lon, className: `map__point--${item.level}`,
        label: `${t(`level.${item.level}`)} ${label("warning.target", item.target_kind)} ${item.target}`,
      }));
      const unitPoints = state.showUnits ? (state.units ?? []).map((item) => ({
        id: `u${item.unit_id}`, kind: "unit", item, lat: item.lat, lon: item.lon,
        className: `map__point--unit ${item.available ? "map__point--available" : "map__point--busy"}`,
        label: `${item.name}（${label("department", item.department)}）`,
      })) : [];
      // Retailers by risk band (the band is also in the label: colour is not the only signal).
      const band = (score) => (score >= 80 ? "high" : score >= 65 ? "medium" : "low");
      const retailerPoints = state.showRetailers ? (state.retailers ?? []).map((item) => ({
        id: `r${item.licence_no}`, kind: "retailer", item, lat: item.lat, lon: item.lon, className: `map__point--retailer map__point--risk-${band(item.score)}`,
        label: `${item.name} ${item.licence_no} · ${t("map.risk_band", { score: Math.round(item.score) })} ${label("findings.label", item.pattern)}`,
      })) : [];
      return { warningPoints, unitPoints, retailerPoints };
    }

    function paint() {
      const { warningPoints, unitPoints, retailerPoints } = points();
      map.setPoints([{ id: "retailers", points: retailerPoints }, { id: "units", points: unitPoints }, { id: "warnings", points: warningPoints }]);
      const unlocated = (state.warnings ?? []).filter((item) => item.lat == null).length;
      counts.replaceChildren(t("map.counts", { warnings: formatNumber(warningPoints.length), units: formatNumber(unitPoints.length),
        unlocated: formatNumber(unlocated) }));
      return warningPoints.concat(unitPoints);
    }

    async function refresh(first) {
      const [page, unitList, shops] = await Promise.all([
        fetchWarnings({ perPage: 200, open: true, signal }),
        fetchUnits({ signal }),
        mapRetailers({ signal }),
      ]);
      state.warnings = page.items ?? [];
      state.units = unitList.items ?? [];
      state.retailers = shops.items ?? [];
      const shown = paint();
      if (first) await map.fit(shown);
    }

    status.show(() => t("status.loading"), "busy");
    await refresh(true);
    status.show(() => t("status.loaded"), "success");
    const timer = setInterval(() => { refresh(false).catch(() => {}); }, REFRESH_MS);
    signal.addEventListener("abort", () => clearInterval(timer));
    // Live: a burst of events becomes one refresh.
    let pending = 0;
    const mapCard = container.querySelector("#command-map");
    listen(() => {
      clearTimeout(pending);
      pending = setTimeout(() => { refresh(false).catch(() => {}); }, 300);
    }, signal, () => { mapCard.dataset.live = "true"; });
  },
};
