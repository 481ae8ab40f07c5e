// The offline map: province, city and district outlines from the packaged GeoJSON (map/), drawn as
// SVG in a simple projection (longitude scaled by the cosine of the view's middle latitude), with
// pan (drag, arrow buttons) and zoom (wheel, +/− buttons), and layers of points on top. No tiles,
// no network beyond this server. Outlines get finer as the view narrows: provinces, then the cities
// of the provinces in view, then the districts where a district file exists.
import { h } from "./h.js";
import { t } from "../i18n/index.js";
import { appFile } from "../api.js";

const SVG = "http://www.w3.org/2000/svg";
const DISTRICT_FILES = new Set(["370700", "610100"]);
const cache = new Map();

function svg(tag, attrs = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value == null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2).toLowerCase(), value);
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) if (child != null) element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return element;
}

async function load(path) {
  if (!cache.has(path)) {
    cache.set(path, appFile(`map/${path}`).catch((error) => { cache.delete(path); throw error; }));
  }
  return cache.get(path);
}

function rings(geometry) {
  if (!geometry) return [];
  if (geometry.type === "Polygon") return geometry.coordinates;
  if (geometry.type === "MultiPolygon") return geometry.coordinates.flat();
  return [];
}

/**
 * Creates a map in `container`.
 * - onSelect(point): called when a point is clicked or activated with Enter.
 * Returns { setPoints(layers), setTrack(points), fit(points), element }; a layer is
 * { id, points: [{ id, lat, lon, className, label }] }; a track is a line through [{ lat, lon }] in order.
 */
export function createMap({ label, onSelect }) {
  const state = { cx: 108.9, cy: 34.3, span: 12, width: 960, height: 600, layers: [], track: [], outlines: null };
  const outlineGroup = svg("g", { class: "map__outlines" });
  const trackGroup = svg("g", { class: "map__track" });
  const pointGroup = svg("g", { class: "map__points" });
  const root = svg("svg", { class: "map__svg", role: "img", "aria-label": label, viewBox: `0 0 ${state.width} ${state.height}` },
    outlineGroup, trackGroup, pointGroup);
  const scaleX = () => Math.cos((state.cy * Math.PI) / 180);
  const unit = () => state.width / (state.span * scaleX());
  const project = (lon, lat) => [
    state.width / 2 + (lon - state.cx) * scaleX() * unit(),
    state.height / 2 - (lat - state.cy) * unit(),
  ];

  function path(geometry) {
    let d = "";
    for (const ring of rings(geometry)) {
      ring.forEach(([lon, lat], index) => {
        const [x, y] = project(lon, lat);
        d += `${index === 0 ? "M" : "L"}${x.toFixed(1)} ${y.toFixed(1)}`;
      });
      d += "Z";
    }
    return d;
  }

  // The view spans `span` degrees of longitude and height/width · span · cos(lat) of latitude.
  function visible(bounds) {
    const halfW = state.span / 2;
    const halfH = (state.height * state.span * scaleX()) / state.width / 2;
    return !(bounds[2] < state.cx - halfW || bounds[0] > state.cx + halfW || bounds[3] < state.cy - halfH || bounds[1] > state.cy + halfH);
  }

  function bounds(geometry) {
    let minX = 180; let minY = 90; let maxX = -180; let maxY = -90;
    for (const ring of rings(geometry)) for (const [x, y] of ring) {
      if (x < minX) minX = x; if (x > maxX) maxX = x; if (y < minY) minY = y; if (y > maxY) maxY = y;
    }
    return [minX, minY, maxX, maxY];
  }

  async function outlines() {
    const provinces = await load("provinces.geojson");
    const features = provinces.features.filter((feature) => rings(feature.geometry).length);
    for (const feature of features) feature.bbox ??= bounds(feature.geometry);
    let layer = features.map((feature) => ({ feature, level: "province" }));
    if (state.span < 8) {
      const inView = features.filter((feature) => visible(feature.bbox)).slice(0, 4);
      const cities = await Promise.all(inView.map((feature) => load(`cities/${feature.properties.adcode}.geojson`).catch(() => null)));
      layer = layer.concat(cities.filter(Boolean).flatMap((file) => file.features.map((feature) => ({ feature, level: "city" }))));
    }
    if (state.span < 1.5) {
      const cityFeatures = layer.filter((item) => item.level === "city");
      for (const item of cityFeatures) item.feature.bbox ??= bounds(item.feature.geometry);
      const wanted = cityFeatures.filter((item) => DISTRICT_FILES.has(item.feature.properties.adcode) && visible(item.feature.bbox));
      const districts = await Promise.all(wanted.map((item) => load(`districts/${item.feature.properties.adcode}.geojson`).catch(() => null)));
      layer = layer.concat(districts.filter(Boolean).flatMap((file) => file.features.map((feature) => ({ feature, level: "district" }))));
    }
    return layer;
  }

  let drawing = 0;
  async function draw() {
    const ticket = ++drawing;
    let layer;
    try {
      layer = await outlines();
    } catch {
      layer = [];
    }
    if (ticket !== drawing) return;
    outlineGroup.replaceChildren(...layer.map(({ feature, level }) => svg("path", {
      class: `map__area map__area--${level}`, d: path(feature.geometry), "data-adcode": feature.properties.adcode,
    }, svg("title", {}, feature.properties.name))));
    drawPoints();
  }

  function drawPoints() {
    trackGroup.replaceChildren(...(state.track.length > 1 ? [svg("polyline", {
      class: "map__track-line", fill: "none",
      points: state.track.map((point) => project(point.lon, point.lat).map((value) => value.toFixed(1)).join(",")).join(" "),
    })] : []));
    const radius = Math.max(4, Math.min(9, 7 - Math.log2(state.span)));
    pointGroup.replaceChildren(...state.layers.flatMap((layer) => layer.points.map((point) => {
      const [x, y] = project(point.lon, point.lat);
      return svg("circle", {
        cx: x.toFixed(1), cy: y.toFixed(1), r: radius, class: `map__point ${point.className ?? ""}`, tabindex: "0", role: "button",
        "data-layer": layer.id, "data-id": point.id, "aria-label": point.label,
        onClick: () => onSelect?.(point), onKeydown: (event) => { if (event.key === "Enter") onSelect?.(point); },
      }, svg("title", {}, point.label));
    })));
  }

  function zoom(factor) {
    state.span = Math.min(70, Math.max(0.05, state.span * factor));
    draw();
  }

  function pan(dx, dy) {
    state.cx += dx * state.span;
    state.cy += dy * state.span;
    draw();
  }

  // Dragging the background pans; a press on a point is a click on it.
  let drag = null;
  let frame = 0;
  root.addEventListener("pointerdown", (event) => {
    if (event.target.closest?.(".map__point")) return;
    drag = { x: event.clientX, y: event.clientY, cx: state.cx, cy: state.cy, moved: false };
  });
  root.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const box = root.getBoundingClientRect();
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) < 3 && !drag.moved) return;
    drag.moved = true;
    state.cx = drag.cx - (dx * state.span) / box.width;
    state.cy = drag.cy + (dy * state.span * scaleX()) / box.width;
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; draw(); });
  });
  const stop = () => { drag = null; };
  root.addEventListener("pointerup", stop);
  root.addEventListener("pointerleave", stop);
  root.addEventListener("wheel", (event) => { event.preventDefault(); zoom(event.deltaY > 0 ? 1.25 : 0.8); }, { passive: false });

  const button = (id, text, labelKey, action) => h("button", { type: "button", class: "button button--small button--secondary map__button", id,
    "aria-label": t(labelKey), title: t(labelKey), onClick: action }, text);
  const controls = h("div", { class: "map__controls" },
    button("map-zoom-in", "+", "map.zoom_in", () => zoom(0.6)),
    button("map-zoom-out", "−", "map.zoom_out", () => zoom(1.6)),
    button("map-west", "←", "map.west", () => pan(-0.25, 0)),
    button("map-east", "→", "map.east", () => pan(0.25, 0)),
    button("map-north", "↑", "map.north", () => pan(0, 0.25)),
    button("map-south", "↓", "map.south", () => pan(0, -0.25)));
  const element = h("div", { class: "map" }, root, controls);

  return {
    element,
    /** Replaces the point layers and redraws them. */
    setPoints(layers) {
      state.layers = layers;
      drawPoints();
    },
    /** Replaces the track (a line through the points in order) and redraws. */
    setTrack(points) {
      state.track = points;
      drawPoints();
    },
    /** Centres and zooms the view on `points` (or keeps the view when there are none), then draws. */
    fit(points) {
      if (points.length) {
        const lons = points.map((point) => point.lon);
        const lats = points.map((point) => point.lat);
        const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
        state.cx = (minLon + maxLon) / 2;
        state.cy = (minLat + maxLat) / 2;
        // Latitude shows height/width · span · cos(lat) degrees, so the latitude spread needs that much span.
        state.span = Math.max(0.2, (maxLon - minLon) * 1.3, ((maxLat - minLat) * 1.3 * state.width) / (state.height * scaleX()));
      }
      return draw();
    },
  };
}
