// Tip-offs for officers (举报线索): every tip, newest first, with the channel; a tip opens its page
// with the score and reasons, the anonymous thread with the tipster, and rewards.
import { h } from "../components/h.js";
import { dataTable } from "../components/table.js";
import { t } from "../i18n/index.js";
import { formatDateTime } from "../i18n/format.js";
import { tipRecords } from "../api.js";

const PER_PAGE = 50;

export default {
  title: "tips.title",

  async render(container, { state, status, signal, rerender, navigate }) {
    state.page ??= 1;
    const body = h("div", { class: "tips", "aria-busy": "true" }, h("p", { class: "loading" }, t("status.loading")));
    container.append(h("div", { class: "page-head" }, h("h1", { id: "page-title", tabindex: "-1" }, t("tips.title")),
      h("a", { href: "#/tip", class: "button button--secondary", id: "public-form" }, t("tips.public_form"))), body);
    if (!state.data) {
      status.show(() => t("status.loading"), "busy");
      state.data = await tipRecords({ page: state.page, perPage: PER_PAGE, signal });
      status.show(() => t("status.loaded"), "success");
    }
    const page = state.data;
    const go = (delta) => { state.page += delta; state.data = null; rerender(); };
    body.replaceChildren(
      h("section", { class: "card", id: "tip-list" }, dataTable({
        label: t("tips.title"), empty: t("tips.none"), className: "tips-table", rows: page.items ?? [],
        columns: [
          { key: "tip_id", label: t("tips.id"), format: (value) => h("a", {
            href: `#/tips/${encodeURIComponent(value)}`, class: "tip-link", dataset: { tip: value },
            onClick: (event) => { event.preventDefault(); navigate(`/tips/${encodeURIComponent(value)}`); } }, value) },
          { key: "received_at", label: t("tips.received"), format: (value) => formatDateTime(new Date(value * 1000)) },
          { key: "channel", label: t("tips.channel") },
          { key: "text", label: t("tips.text") },
        ],
      })),
      h("div", { class: "pager" },
        h("button", { type: "button", class: "button button--secondary", id: "prev-page", disabled: state.page <= 1, onClick: () => go(-1) }, t("findings.prev")),
        h("span", { class: "pager__page" }, t("findings.page", { page: state.page })),
        h("button", { type: "button", class: "button button--secondary", id: "next-page", disabled: !page.has_more, onClick: () => go(1) }, t("findings.next"))));
    body.removeAttribute("aria-busy");
  },
};
