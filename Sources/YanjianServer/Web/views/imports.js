// 数据导入: upload one interchange file (retailers.csv, orders.csv, waybills.csv, tips.jsonl …) and read
// its quality report — rows accepted, updated, unchanged and rejected per file, every rejected row with line, field
// and reason, per-field completeness — and the reports of earlier batches (also from `yanjian import`).
import { h } from "../components/h.js";
import { dataTable } from "../components/table.js";
import { t } from "../i18n/index.js";
import { formatDateTime, formatNumber } from "../i18n/format.js";
import { errorText, importBatches, importReport, uploadImport } from "../api.js";

const FILES = ["retailers.csv", "orders.csv", "pos_sales.csv", "business_registry.csv", "waybills.csv", "persons.csv", "cases.csv",
  "case_links.csv", "payments.csv", "cameras.csv", "plate_reads.csv", "video_events.jsonl", "units.csv", "tips.jsonl"];
const when = (seconds) => (seconds ? formatDateTime(new Date(seconds * 1000)) : "—");

function reportView(report) {
  return h("div", { id: "import-report", dataset: { batch: String(report.batch_id) } },
    h("h2", { class: "card__title" }, t("imports.report", { id: report.batch_id })),
    dataTable({
      label: t("imports.files"), empty: "—", className: "import-files", rows: report.files ?? [],
      columns: [
        { key: "file", label: t("imports.file") },
        { key: "rows", label: t("imports.rows"), numeric: true, format: formatNumber },
        { key: "accepted", label: t("imports.accepted"), numeric: true, format: formatNumber },
        { key: "updated", label: t("imports.updated"), numeric: true, format: formatNumber },
        { key: "unchanged", label: t("imports.unchanged"), numeric: true, format: (value) => formatNumber(value ?? 0) },
        { key: "rejected", label: t("imports.rejected"), numeric: true, format: formatNumber },
      ],
    }),
    dataTable({
      caption: t("imports.rejects"), empty: t("imports.no_rejects"), className: "import-rejects", rows: (report.rejects ?? []).slice(0, 500),
      columns: [
        { key: "file", label: t("imports.file") },
        { key: "line", label: t("imports.line"), numeric: true },
        { key: "id", label: "ID", format: (value) => value ?? "—" },
        { key: "field", label: t("imports.field") },
        { key: "reason", label: t("imports.reason") },
      ],
    }),
    dataTable({
      caption: t("imports.fields"), empty: "—", className: "import-fields", rows: report.fields ?? [],
      columns: [
        { key: "file", label: t("imports.file") },
        { key: "field", label: t("imports.field") },
        { key: "present", label: t("imports.present"), numeric: true, format: formatNumber },
        { key: "valid", label: t("imports.valid"), numeric: true, format: formatNumber },
        { key: "normalised", label: t("imports.normalised"), numeric: true, format: formatNumber },
      ],
    }));
}

export default {
  title: "imports.title",

  async render(container, { state, status, signal, rerender }) {
    container.append(h("div", { class: "page-head" }, h("h1", { id: "page-title", tabindex: "-1" }, t("imports.title"))));
    const file = h("input", { type: "file", id: "import-file", class: "field__input", accept: ".csv,.jsonl,.txt,.xlsx" });
    const kind = h("select", { id: "import-kind", class: "select" }, FILES.map((name) => h("option", { value: name }, name)));
    file.addEventListener("change", () => {
      // retailers.csv or retailers.xlsx (an Excel workbook is read for the CSV files) picks its type.
      const chosen = file.files[0]?.name?.toLowerCase().replace(/\.xlsx$/, ".csv");
      if (chosen && FILES.includes(chosen)) kind.value = chosen;
    });
    const reportBox = h("section", { class: "card", id: "import-report-card" },
      state.report ? reportView(state.report) : h("p", { class: "note" }, t("imports.hint")));
    container.append(h("form", { class: "filters card", id: "import-form", onSubmit: async (event) => {
      event.preventDefault();
      const [chosen] = file.files;
      if (!chosen) { status.show(() => t("cases.choose_file"), "error"); return; }
      status.show(() => t("imports.uploading", { name: chosen.name }), "busy");
      try {
        state.report = await uploadImport(chosen, kind.value);
        state.data = null;
        status.show(() => t("imports.done", { accepted: formatNumber(state.report.files?.[0]?.accepted ?? 0),
          rejected: formatNumber(state.report.files?.[0]?.rejected ?? 0) }), "success");
        await rerender();
      } catch (error) {
        status.show(() => errorText(error), "error");
      }
    } },
    h("label", { class: "field field--inline field--grow", for: "import-file" }, h("span", { class: "field__label" }, t("imports.file")), file),
    h("label", { class: "field field--inline", for: "import-kind" }, h("span", { class: "field__label" }, t("imports.as")), kind),
    h("button", { type: "submit", class: "button button--primary", id: "import-submit" }, t("imports.upload"))), reportBox);

    if (!state.data) state.data = await importBatches({ signal });
    container.append(h("section", { class: "card", id: "import-batches" }, h("h2", { class: "card__title" }, t("imports.batches")), dataTable({
      label: t("imports.batches"), empty: "—", className: "import-batches", rows: state.data.items ?? [],
      columns: [
        { key: "id", label: "#", format: (id) => h("button", { type: "button", class: "link-button", dataset: { batch: String(id) }, onClick: async () => {
          try {
            state.report = await importReport(id);
            reportBox.replaceChildren(reportView(state.report));
          } catch (error) {
            status.show(() => errorText(error), "error");
          }
        } }, `#${id}`) },
        { key: "started_at", label: t("imports.started"), format: when },
        { key: "source", label: t("imports.source") },
        { key: "actor", label: t("imports.actor") },
        { key: "status", label: t("imports.status"), format: (value) => t(`imports.status.${value}`) },
        { key: "rows_accepted", label: t("imports.accepted"), numeric: true, format: formatNumber },
        { key: "rows_rejected", label: t("imports.rejected"), numeric: true, format: formatNumber },
      ],
    })));
  },
};
