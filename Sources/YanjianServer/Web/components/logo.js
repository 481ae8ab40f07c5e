// The Yanjian mark: a shield with a check, drawn in SVG so no image file is needed.
import { svg } from "./h.js";

/** The decorative logo (hidden from assistive technology; the name beside it is the label). */
export function logo() {
  return svg("svg", { class: "logo", viewBox: "0 0 32 32", "aria-hidden": "true", focusable: "false" },
    svg("path", { class: "logo__shield", d: "M16 2 L28 6 V15 C28 22.5 22.8 28 16 30 C9.2 28 4 22.5 4 15 V6 Z" }),
    svg("path", { class: "logo__check", d: "M10 16 L14.5 20.5 L22.5 11.5", fill: "none" }));
}
