// A data table with a caption, column headers (th scope="col") and an empty-state row,
// wrapped so that a wide table scrolls inside its card instead of widening the page.
import { h } from "./h.js";

/**
 * - caption: visible caption text (or null to label the table with `label` instead).
 * - columns: [{ key, label, numeric?, format?(value, row) }]; format returns text or a node.
 * - rows: plain objects; empty: the text shown when there are none.
 */
export function dataTable({ caption, label, columns, rows, empty, className }) {
  const head = h("thead", {},
    h("tr", {}, columns.map((column) =>
      h("th", { scope: "col", class: column.numeric ? "num" : null }, column.label))));
  const body = h("tbody", {});
  if (rows.length === 0) {
    body.append(h("tr", { class: "empty" }, h("td", { colspan: columns.length }, empty ?? "")));
  }
  for (const row of rows) {
    body.append(h("tr", {}, columns.map((column) => {
      const value = row[column.key];
      const shown = column.format ? column.format(value, row) : value;
      return h("td", { class: column.numeric ? "num" : null }, shown ?? "");
    })));
  }
  const table = h("table", { class: ["data-table", className].filter(Boolean).join(" "),
    "aria-label": caption ? null : label },
    caption ? h("caption", {}, caption) : null, head, body);
  // Focusable so that a keyboard user can scroll a table wider than a narrow screen.
  return h("div", { class: "table-wrap", role: "region", tabindex: "0", "aria-label": caption ?? label }, table);
}
