// Following a tip-off with its receipt (no account): status, the officers' questions and the
// tipster's answers, and a reward once approved. The receipt stays in this page's memory only.
import { h } from "../components/h.js";
import { t } from "../i18n/index.js";
import { formatDateTime, formatNumber } from "../i18n/format.js";
import { errorText, followTip, replyTip } from "../api.js";

export default {
  title: "tip.follow_title",

  render(container, { state, status, rerender }) {
    const receipt = h("input", { id: "follow-receipt", class: "field__input receipt-input", type: "text", autocomplete: "off",
      autocapitalize: "characters", spellcheck: "false", maxlength: "24", placeholder: "XXXX-XXXX-XXXX-XXXX", value: state.receipt ?? "" });
    const load = async () => {
      try {
        status.show(() => t("status.loading"), "busy");
        state.receipt = receipt.value.trim();
        state.data = await followTip(state.receipt);
        status.show(() => t("status.loaded"), "success");
      } catch (error) {
        state.data = null;
        status.show(() => errorText(error), "error");
      }
      rerender();
    };
    const lookup = h("form", { class: "login-form", id: "follow-form", onSubmit: (event) => { event.preventDefault(); load(); } },
      h("div", { class: "field" }, h("label", { class: "field__label", for: "follow-receipt" }, t("tip.receipt")), receipt),
      h("button", { type: "submit", class: "button button--primary button--block", id: "follow-submit" }, t("tip.check")));

    let thread = null;
    if (state.data) {
      const data = state.data;
      const reply = h("textarea", { id: "follow-reply", class: "field__input", rows: "3", maxlength: "2000" });
      thread = h("section", { class: "tip-thread", id: "follow-result" },
        h("p", {}, t("tip.status_line", { status: t(`tip.status.${data.status}`), date: formatDateTime(new Date(data.received_at * 1000)) })),
        h("p", { id: "follow-status", class: "visually-hidden" }, data.status),
        data.reward ? h("p", { class: "note", id: "follow-reward" },
          t("tip.reward", { amount: formatNumber(data.reward.amount_fen / 100), status: t(`tip.reward.${data.reward.status}`) })) : null,
        h("ol", { class: "timeline", id: "follow-messages" }, (data.messages ?? []).map((message) => h("li", { class: "timeline__item", dataset: { sender: message.sender } },
          h("time", { class: "timeline__time" }, formatDateTime(new Date(message.at * 1000))), " ",
          h("strong", {}, t(`tip.sender.${message.sender}`)), " ", message.body))),
        h("form", { class: "login-form", id: "reply-form", onSubmit: async (event) => {
          event.preventDefault();
          if (!reply.value.trim()) return;
          try {
            state.data = await replyTip(state.receipt, reply.value.trim());
            status.show(() => t("tip.replied"), "success");
            rerender();
          } catch (error) {
            status.show(() => errorText(error), "error");
          }
        } },
        h("div", { class: "field" }, h("label", { class: "field__label", for: "follow-reply" }, t("tip.reply")), reply),
        h("button", { type: "submit", class: "button button--secondary", id: "reply-submit" }, t("tip.send_reply"))));
    }
    container.append(h("section", { class: "login" }, h("div", { class: "login__card card tip-card" },
      h("h1", { class: "login__heading", id: "page-title", tabindex: "-1" }, t("tip.follow_title")),
      h("p", { class: "login__intro" }, t("tip.follow_intro")),
      lookup, thread,
      h("p", {}, h("a", { href: "#/tip" }, t("tip.new"))))));
  },
};
