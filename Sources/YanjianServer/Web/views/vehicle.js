// One vehicle (车辆轨迹): the plate's reads at cameras on the offline map, joined in time order, with
// first/last seen, stay points, district flows, hot-list hits and its findings (convoy, cloned plate,
// night vehicle) — and every read in a table (time, camera). Two sliders narrow the track and the
// table to a time window (one step is one read).
import { h } from "../components/h.js";
import { dataTable } from "../components/table.js";
import { createMap } from "../components/map.js";
import { t } from "../i18n/index.js";
import { formatDateTime, formatNumber } from "../i18n/format.js";
import { vehicle } from "../api.js";
import { label } from "./warnings.js";

const when = (seconds) => (seconds ? formatDateTime(new Date(seconds * 1000)) : "—");

export default {
  title: "vehicle.title",

  async render(container, { params, state, status, signal }) {
    container.append(h("div", { class: "page-head" }, h("h1", { id: "page-title", tabindex: "-1" }, `${t("vehicle.title")} · ${params.plate}`)));
    if (!state.data) {
      status.show(() => t("status.loading"), "busy");
      state.data = await vehicle(params.plate, { signal });
      status.show(() => t("status.loaded"), "success");
    }
    const data = state.data;
    const row = (key, value, id) => h("div", { class: "profile__item" }, h("dt", {}, t(key)), h("dd", { id }, value ?? "—"));
    const located = data.points.filter((point) => point.lat != null && point.lon != null);
    const mapBox = h("div", { class: "vehicle-map", id: "vehicle-map" });
    const readBox = h("div", {});
    const last = Math.max(0, data.points.length - 1);
    const slider = (id, value, key) => h("label", { class: "graph-filter", for: id }, t(key), " ",
      h("input", { type: "range", id, min: "0", max: String(last), step: "1", value: String(value), "aria-label": `${t("vehicle.window")} · ${t(key)}` }));
    const fromSlider = slider("vehicle-from", 0, "vehicle.window_from");
    const toSlider = slider("vehicle-to", last, "vehicle.window_to");
    const windowText = h("span", { id: "vehicle-window-text", class: "muted", "aria-live": "polite" });
    const windowBox = h("fieldset", { class: "vehicle-window", id: "vehicle-window" }, h("legend", {}, t("vehicle.window")), fromSlider, toSlider, windowText);
    container.append(
      h("section", { class: "card", id: "vehicle-summary" },
        h("dl", { class: "profile__facts" },
          row("vehicle.reads", formatNumber(data.reads), "vehicle-reads"),
          row("vehicle.first_seen", when(data.first_seen)),
          row("vehicle.last_seen", when(data.last_seen)),
          row("vehicle.trips", formatNumber(data.trips)),
          row("vehicle.active_days", formatNumber(data.active_days)))),
      h("section", { class: "card", id: "vehicle-track" }, h("h2", { class: "card__title" }, t("vehicle.track")),
        data.points.length > 1 ? windowBox : null, mapBox),
      h("section", { class: "card", id: "vehicle-findings" }, h("h2", { class: "card__title" }, t("vehicle.findings")), dataTable({
        label: t("vehicle.findings"), empty: t("dossier.none"), className: "vehicle-finding-list", rows: data.findings,
        columns: [
          { key: "kind", label: t("warnings.finding"), format: (value) => label("findings.kind", value) },
          { key: "subject", label: t("findings.subject") },
          { key: "score", label: t("findings.score"), numeric: true, format: (value) => formatNumber(Math.round(value * 1000) / 1000) },
        ],
      })),
      h("section", { class: "card", id: "vehicle-stays" }, h("h2", { class: "card__title" }, t("vehicle.stays")), dataTable({
        label: t("vehicle.stays"), empty: t("dossier.none"), className: "vehicle-stay-list", rows: data.stay_points,
        columns: [
          { key: "camera_name", label: t("dossier.camera") },
          { key: "arrival", label: t("vehicle.arrival"), format: when },
          { key: "departure", label: t("vehicle.departure"), format: when },
        ],
      })),
      h("section", { class: "card", id: "vehicle-hotlist" }, h("h2", { class: "card__title" }, t("vehicle.hotlist")), dataTable({
        label: t("vehicle.hotlist"), empty: t("dossier.none"), className: "vehicle-hotlist", rows: data.hotlist,
        columns: [
          { key: "source", label: t("vehicle.source"), format: (value) => label("vehicle.source", value) },
          { key: "reference", label: t("vehicle.reference"), format: (value, item) => (item.source === "case"
            ? h("a", { href: `#/cases/${encodeURIComponent(value)}` }, value) : value) },
          { key: "detail", label: t("search.detail") },
        ],
      })),
      h("section", { class: "card", id: "vehicle-reads-card" }, h("h2", { class: "card__title" }, t("vehicle.read_list")), readBox));
    const map = createMap({ label: t("vehicle.track") });
    mapBox.append(map.element);
    const fromInput = fromSlider.querySelector("input"), toInput = toSlider.querySelector("input");
    // Draws the reads between the two sliders: points and track on the map, the newest 200 in the table.
    const show = () => {
      let [start, end] = [Number(fromInput.value), Number(toInput.value)];
      if (start > end) [start, end] = [end, start];
      const shown = data.points.slice(start, end + 1);
      const inWindow = shown.filter((point) => point.lat != null && point.lon != null);
      windowText.textContent = shown.length
        ? t("vehicle.window_text", { from: when(shown[0].at), to: when(shown[shown.length - 1].at), n: formatNumber(shown.length) }) : "";
      const newest = inWindow.length - 1;
      map.setPoints([{ id: "reads", points: inWindow.map((point, index) => ({
        id: `read-${index}`, lat: point.lat, lon: point.lon, className: index === newest ? "map__point--last" : "map__point--read",
        label: `${when(point.at)} ${point.camera_name}`,
      })) }]);
      map.setTrack(inWindow);
      readBox.replaceChildren(dataTable({
        label: t("vehicle.read_list"), empty: t("dossier.none"), className: "vehicle-read-list", rows: shown.slice(-200).reverse(),
        columns: [
          { key: "at", label: t("dossier.time"), format: when },
          { key: "camera_name", label: t("dossier.camera") },
          { key: "vehicle_type", label: t("vehicle.type"), format: (value) => value ?? "—" },
        ],
      }));
    };
    fromInput.addEventListener("input", show);
    toInput.addEventListener("input", show);
    show();
    if (located.length) {
      await map.fit(located);
    } else {
      mapBox.append(h("p", { class: "note" }, t("vehicle.no_positions")));
    }
  },
};
