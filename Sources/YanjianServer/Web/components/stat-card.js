// Stat cards: a labelled number, laid out in a responsive grid (a <dl>).
import { h } from "./h.js";
import { formatNumber } from "../i18n/format.js";

/** One card: `label` above a large formatted `value`; `key` lands in data-key for tests and styling. */
export function statCard({ key, label, value }) {
  const text = formatNumber(value);
  // Long figures step down in size instead of wrapping inside a narrow card.
  const size = text.length > 11 ? " stat-card__value--longer" : text.length > 8 ? " stat-card__value--long" : "";
  return h("div", { class: "stat-card", dataset: key ? { key } : undefined },
    h("dt", { class: "stat-card__label" }, label),
    h("dd", { class: `stat-card__value${size}` }, text));
}

/** A grid of cards from `[{ key, label, value }]`. */
export function statGrid(items, attrs = {}) {
  return h("dl", { class: "stat-grid", ...attrs }, items.map(statCard));
}
