// A warning-level badge (red, orange, yellow, blue): colour plus an icon plus the text,
// so the level never depends on colour alone.
import { h } from "./h.js";
import { t } from "../i18n/index.js";

const ICONS = { red: "▲", orange: "◆", yellow: "●", blue: "■" };

/** A badge for `level` ("red" | "orange" | "yellow" | "blue"). */
export function levelBadge(level) {
  return h("span", { class: `level level--${level}` },
    h("span", { class: "level__icon", "aria-hidden": "true" }, ICONS[level] ?? "●"),
    t(`level.${level}`));
}
