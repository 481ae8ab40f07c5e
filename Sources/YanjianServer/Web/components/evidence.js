// Evidence files, shown the same way for a case and for a warning's field evidence: name, kind,
// size, the SHA-256 it is addressed by, who added it and when, and a download button. A download
// states a purpose, which the server records with the read.
import { h } from "./h.js";
import { dataTable } from "./table.js";
import { t } from "../i18n/index.js";
import { formatDateTime, formatNumber } from "../i18n/format.js";
import { errorText } from "../api.js";

const when = (seconds) => (seconds ? formatDateTime(new Date(seconds * 1000)) : "—");

/** Saves a blob as a file in the browser's downloads. */
export function saveBlob(blob, filename) {
  const link = h("a", { href: URL.createObjectURL(blob), download: filename });
  document.body.append(link);
  link.click();
  link.remove();
}

/**
 * A table of evidence items. `load(row, purpose)` returns `{ blob }`; `purpose()` gives the stated
 * purpose; `kindLabel(kind)` names a kind; `extra` are more columns (e.g. the GPS position).
 */
export function evidenceTable({ rows, className, empty, load, purpose, status, kindLabel, extra = [] }) {
  const download = async (row) => {
    try {
      const { blob } = await load(row, purpose());
      saveBlob(blob, row.filename);
      status.show(() => t("cases.downloaded"), "success");
    } catch (error) {
      status.show(() => errorText(error), "error");
    }
  };
  return dataTable({
    label: t("cases.evidence"), empty, className, rows,
    columns: [
      { key: "filename", label: t("cases.file") },
      { key: "kind", label: t("cases.evidence_kind"), format: kindLabel },
      { key: "size", label: t("cases.size"), numeric: true, format: (value) => formatNumber(value) },
      { key: "sha256", label: "SHA-256", format: (value) => h("code", { class: "hash", title: value }, `${value.slice(0, 16)}…`) },
      ...extra,
      { key: "added_by", label: t("cases.added_by") },
      { key: "added_at", label: t("cases.added_at"), format: when },
      { key: "id", label: "", format: (_, row) => h("button", { type: "button", class: "button button--small button--secondary",
        dataset: { evidence: String(row.id) }, onClick: () => download(row) }, t("cases.download")) },
    ],
  });
}
