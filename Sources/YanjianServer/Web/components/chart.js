// Small SVG charts drawn with DOM calls (no library): a horizontal bar chart for categories
// and a line chart for series. Each is an <svg role="img"> whose <title> lists every value,
// so the figures are readable without sight; bars also carry their value as text.
import { h, svg } from "./h.js";
import { t } from "../i18n/index.js";
import { formatNumber } from "../i18n/format.js";

const WIDTH = 420;
let nextId = 0;

// A rough text width in viewBox units (CJK characters are about twice as wide as Latin ones).
function textWidth(text, fontSize) {
  let units = 0;
  for (const char of String(text)) units += char.codePointAt(0) > 0x2e80 ? 1 : 0.6;
  return units * fontSize;
}

function summary(title, items, format) {
  const parts = items.map((item) => t("chart.item", { label: item.label, value: format(item.value) }));
  return t("chart.summary", { title, items: parts.join(t("chart.separator")) });
}

function frame(title, items, format, height, className, content) {
  const titleId = `chart-title-${++nextId}`;
  const element = svg("svg", {
    class: `chart__svg ${className}`, viewBox: `0 0 ${WIDTH} ${height}`,
    role: "img", "aria-labelledby": titleId, preserveAspectRatio: "xMinYMin meet",
  }, svg("title", { id: titleId }, summary(title, items, format)), content);
  return h("figure", { class: "chart" }, element);
}

function empty() {
  return h("figure", { class: "chart" }, h("p", { class: "chart__empty" }, t("chart.empty")));
}

/**
 * Horizontal bars, one row per item, labels on the left and values at the bar's end.
 * - title: what the chart shows (used in the accessible summary).
 * - data: [{ label, value, className? }]; className adds a CSS class to that bar (colours).
 * - format: value → text (defaults to locale number formatting).
 */
export function barChart({ title, data, format = formatNumber }) {
  if (data.length === 0) return empty();
  const valueWidth = 64, rowHeight = 30, barHeight = 18;
  const widest = Math.max(...data.map((item) => textWidth(item.label, 13)));
  const labelWidth = Math.round(Math.min(160, Math.max(40, widest + 14)));
  const barSpace = WIDTH - labelWidth - valueWidth;
  const max = Math.max(1, ...data.map((item) => item.value));
  const height = data.length * rowHeight + 4;
  const rows = data.map((item, index) => {
    const middle = index * rowHeight + rowHeight / 2 + 2;
    const length = item.value > 0 ? Math.max(2, (item.value / max) * barSpace) : 0;
    return svg("g", { class: "chart__row" },
      svg("text", { class: "chart__label", x: labelWidth - 10, y: middle,
        "text-anchor": "end", "dominant-baseline": "central" }, item.label),
      svg("rect", { class: ["chart__bar", item.className].filter(Boolean).join(" "),
        x: labelWidth, y: middle - barHeight / 2, width: length.toFixed(1), height: barHeight, rx: 2 }),
      svg("text", { class: "chart__value", x: (labelWidth + length + 6).toFixed(1), y: middle,
        "dominant-baseline": "central" }, format(item.value)));
  });
  const axis = svg("line", { class: "chart__axis", x1: labelWidth, x2: labelWidth, y1: 0, y2: height });
  return frame(title, data, format, height, "chart__svg--bar", [axis, ...rows]);
}

/**
 * A line through points in order, with a zero-based y axis and first/middle/last x labels.
 * - title: what the chart shows; points: [{ label, value }]; format: value → text.
 */
export function lineChart({ title, points, format = formatNumber }) {
  return multiLineChart({ title, labels: points.map((point) => point.label), format, dots: true,
    series: [{ name: title, values: points.map((point) => point.value) }] });
}

/**
 * Several lines over the same labels (e.g. cartons ordered and cartons sold per month), with a
 * legend when there is more than one; each series has a CSS class for its colour and dash so the
 * lines differ without colour.
 * - title; labels: x labels in order; series: [{ name, values, className }]; format: value → text;
 *   dots: a dot (with its value as a tooltip) at every point.
 */
export function multiLineChart({ title, labels, series, format = formatNumber, dots = false }) {
  if (labels.length === 0) return empty();
  const legend = series.length > 1;
  const height = legend ? 240 : 220, left = 56, right = 16, top = 12, bottom = legend ? 52 : 32;
  const plotWidth = WIDTH - left - right, plotHeight = height - top - bottom;
  const max = Math.max(1, ...series.flatMap((line) => line.values));
  const x = (index) => left + (labels.length === 1 ? plotWidth / 2 : (index / (labels.length - 1)) * plotWidth);
  const y = (value) => top + plotHeight - (value / max) * plotHeight;
  const grid = [0, 0.25, 0.5, 0.75, 1].map((fraction) => svg("g", {},
    svg("line", { class: "chart__grid", x1: left, x2: WIDTH - right, y1: y(max * fraction), y2: y(max * fraction) }),
    svg("text", { class: "chart__tick", x: left - 6, y: y(max * fraction), "text-anchor": "end",
      "dominant-baseline": "central" }, format(Math.round(max * fraction)))));
  const labelled = [...new Set([0, Math.floor((labels.length - 1) / 2), labels.length - 1])];
  const xLabels = labelled.map((index) => svg("text", { class: "chart__tick", x: x(index), y: height - bottom + 24,
    "text-anchor": index === 0 ? "start" : index === labels.length - 1 ? "end" : "middle" }, labels[index]));
  const lines = series.map((line) => svg("polyline", { class: `chart__line ${line.className ?? ""}`, fill: "none",
    points: line.values.map((value, index) => `${x(index).toFixed(1)},${y(value).toFixed(1)}`).join(" ") }));
  const points = dots ? series.flatMap((line) => line.values.map((value, index) => svg("circle", { class: "chart__dot", cx: x(index).toFixed(1),
    cy: y(value).toFixed(1), r: 3 }, svg("title", {}, t("chart.item", { label: labels[index], value: format(value) }))))) : [];
  const key = legend ? series.map((line, index) => svg("g", {},
    svg("line", { class: `chart__line ${line.className ?? ""}`, x1: left + index * 150, x2: left + index * 150 + 24, y1: height - 8, y2: height - 8 }),
    svg("text", { class: "chart__tick", x: left + index * 150 + 30, y: height - 8, "dominant-baseline": "central" }, line.name))) : [];
  const items = series.flatMap((line) => line.values.map((value, index) => ({ label: legend ? `${line.name} ${labels[index]}` : labels[index], value })));
  return frame(title, items, format, height, "chart__svg--line", [...grid, ...lines, ...points, ...xLabels, ...key]);
}
