// Printable case documents (文书), filled from the case, its warning and dispatches, its evidence and
// transfers: 立案审批表 (filing approval), 现场检查笔录 (on-site inspection record), 移送函 (transfer
// letter). On screen a print button; on paper (print.css) only the document, in black on white.
// Signature and seal lines stay blank: they are signed on paper.
import { h } from "../components/h.js";
import { t } from "../i18n/index.js";
import { formatDateTime, formatNumber } from "../i18n/format.js";
import { caseDetail, warning as fetchWarning } from "../api.js";
import { yuan } from "./cases.js";

const DOCS = ["approval", "inspection", "transfer"];
const DEPARTMENT_NAMES = { 烟草专卖: "烟草专卖局", 公安: "公安局", 市场监管: "市场监督管理局", 税务: "税务局", 交通运输: "交通运输局", 邮政管理: "邮政管理局" };
const when = (seconds) => (seconds ? formatDateTime(new Date(seconds * 1000)) : "　　年　月　日");

function row(labelText, value, id) {
  return h("tr", {}, h("th", { scope: "row" }, labelText), h("td", { id }, value ?? "—"));
}

function evidenceList(evidence) {
  if (!evidence.length) return h("p", {}, "无");
  return h("ol", { class: "doc__list", id: "doc-evidence" }, evidence.map((item) =>
    h("li", {}, `${item.filename}（${item.media_type}，${formatNumber(item.size)} 字节，SHA-256：${item.sha256}）`)));
}

function signatures(...roles) {
  return h("div", { class: "doc__signatures" }, roles.map((role) => h("p", {}, `${role}：＿＿＿＿＿＿＿＿　日期：　　年　月　日`)));
}

function approval(data) {
  const item = data.case;
  return [
    h("h2", { class: "doc__title" }, "立 案 审 批 表"),
    h("table", { class: "doc__table" }, h("tbody", {},
      row("案件编号", item.case_no, "doc-case-no"), row("案件类别", item.kind), row("立案日期", item.opened_on),
      row("承办部门", DEPARTMENT_NAMES[item.department] ?? item.department), row("区划代码", item.adcode),
      row("案件来源", item.warning_id ? `预警 #${item.warning_id}（现场核查属实）` : "—"),
      row("简要案情", item.summary), row("案值（元）", yuan(item.value_fen)),
      row("数量（支）", item.sticks == null ? "—" : formatNumber(item.sticks)),
      row("追诉标准", data.thresholds.reasons.length ? data.thresholds.reasons.join("；") : "未达到"))),
    h("h3", {}, "证据"), evidenceList(data.evidence),
    signatures("承办人意见", "部门负责人审批"),
  ];
}

function inspection(data, source) {
  const item = data.case;
  const reports = (source?.dispatches ?? []).filter((dispatch) => dispatch.status === "reported");
  return [
    h("h2", { class: "doc__title" }, "现 场 检 查 笔 录"),
    h("table", { class: "doc__table" }, h("tbody", {},
      row("案件编号", item.case_no, "doc-case-no"),
      row("检查对象", source ? `${source.warning.target_kind === "retailer" ? "零售户" : source.warning.target_kind} ${source.warning.target}` : "—"),
      row("检查时间", reports.length ? when(reports[0].updated_at) : "—"),
      row("检查单位", (source?.dispatches ?? []).map((dispatch) => dispatch.unit_id).join("、") || "—"),
      row("预警原因", source?.warning.reason),
      row("检查情况", reports.map((dispatch) => dispatch.note).filter(Boolean).join("；") || item.summary),
      row("核查结论", reports.some((dispatch) => dispatch.result === "confirmed") ? "属实" : "—"))),
    h("h3", {}, "现场取证"), evidenceList(data.evidence),
    h("p", {}, "以上笔录经当事人核对无误。"),
    signatures("检查人员", "当事人", "见证人"),
  ];
}

function transferLetter(data) {
  const item = data.case;
  const transfer = [...data.transfers].reverse().find((candidate) => candidate.status !== "returned");
  const receiver = transfer ? (DEPARTMENT_NAMES[transfer.to_department] ?? transfer.to_department) : "＿＿＿＿";
  return [
    h("h2", { class: "doc__title" }, "案 件 移 送 函"),
    h("p", { id: "doc-addressee" }, `${receiver}：`),
    h("p", {}, `我局在查处案件 ${item.case_no}（${item.kind}）中发现：${item.summary ?? ""}。`
      + `案值 ${yuan(item.value_fen)} 元，数量 ${item.sticks == null ? "不详" : formatNumber(item.sticks)} 支。`
      + (data.thresholds.reasons.length ? `经初步核算，${data.thresholds.reasons.join("；")}，涉嫌犯罪。` : "")
      + `依据有关规定，现将该案移送你单位依法处理。${transfer ? `移送理由：${transfer.reason}。` : ""}`),
    h("h3", {}, "随附证据材料"), evidenceList(data.evidence),
    h("p", {}, "证据材料均以 SHA-256 校验值登记，接收时可逐项核对；调阅记录留存于保管链。"),
    h("p", { class: "doc__sign" }, `${DEPARTMENT_NAMES[item.department] ?? item.department}（盖章）`),
    h("p", { class: "doc__sign" }, `${when(transfer?.created_at)}`),
    signatures("接收单位签收"),
  ];
}

export default {
  title: "print.title",

  async render(container, { params, status, signal }) {
    const doc = DOCS.includes(params.doc) ? params.doc : "approval";
    status.show(() => t("status.loading"), "busy");
    const data = await caseDetail(params.no, { signal });
    const source = data.case.warning_id ? await fetchWarning(data.case.warning_id, { signal }).catch(() => null) : null;
    status.show(() => t("status.loaded"), "success");
    const body = doc === "inspection" ? inspection(data, source) : doc === "transfer" ? transferLetter(data) : approval(data);
    container.append(
      h("div", { class: "page-head doc-tools" },
        h("h1", { id: "page-title", tabindex: "-1" }, t(`print.${doc}`)),
        h("div", { class: "actions" },
          DOCS.map((other) => h("a", { href: `#/cases/${encodeURIComponent(params.no)}/print/${other}`, class: "button button--secondary",
            "aria-current": other === doc ? "page" : null, id: `doc-${other}` }, t(`print.${other}`))),
          h("button", { type: "button", class: "button button--primary", id: "print-button", onClick: () => window.print() }, t("print.print")),
          h("a", { href: `#/cases/${encodeURIComponent(params.no)}`, class: "button button--secondary" }, t("cases.back")))),
      h("article", { class: "doc", id: "case-document", dataset: { doc } }, body));
  },
};
