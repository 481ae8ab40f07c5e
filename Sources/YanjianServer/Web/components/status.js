// The page's live region for asynchronous status and errors (aria-live="polite").
// A message may be a function returning text, so it is re-translated when the language changes.
import { h } from "./h.js";
import { onLanguageChange } from "../i18n/index.js";

const ICONS = { error: "✗", success: "✓", info: "ℹ", busy: "…" };

/** Creates the region; `show(message, kind)` with kind "info" | "busy" | "success" | "error". */
export function createStatus() {
  const element = h("div", { id: "status", class: "status", role: "status", "aria-live": "polite" });
  let last = null;

  function render() {
    if (!last) {
      element.replaceChildren();
      return;
    }
    const text = typeof last.message === "function" ? last.message() : String(last.message);
    element.replaceChildren(h("div", { class: `status__message status__message--${last.kind}`, "data-kind": last.kind },
      h("span", { class: "status__icon", "aria-hidden": "true" }, ICONS[last.kind] ?? ""),
      h("span", { class: "status__text" }, text)));
  }

  onLanguageChange(render);
  return {
    element,
    show(message, kind = "info") {
      last = { message, kind };
      render();
    },
    clear() {
      last = null;
      render();
    },
  };
}
