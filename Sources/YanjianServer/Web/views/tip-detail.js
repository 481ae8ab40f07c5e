// One tip-off for officers: what it says, how the tip ranking scored it and why, the anonymous
// thread with the tipster (questions go out, answers come back through the receipt), the status the
// tipster sees, and rewards — proposed from the case the tip led to, approved by someone else, paid.
import { h } from "../components/h.js";
import { dataTable } from "../components/table.js";
import { actionRunner } from "../components/action.js";
import { timelineList } from "../components/timeline.js";
import { t } from "../i18n/index.js";
import { formatDateTime, formatNumber } from "../i18n/format.js";
import { decideReward, messageTipster, proposeReward, setTipStatus, tipDetail } from "../api.js";
import { currentUser } from "../session.js";
import { label } from "./warnings.js";

const STATUSES = ["received", "reviewing", "verified", "not_verified", "closed"];

export default {
  title: "tips.detail",

  async render(container, { params, state, status, signal, rerender }) {
    const tipID = params.id;
    const body = h("div", { class: "tip-detail", "aria-busy": "true" }, h("p", { class: "loading" }, t("status.loading")));
    container.append(h("div", { class: "page-head" }, h("h1", { id: "page-title", tabindex: "-1" }, t("tips.detail_title", { id: tipID })),
      h("a", { href: "#/tips", class: "button button--secondary", id: "back-to-tips" }, t("tips.back"))), body);
    if (!state.data) {
      status.show(() => t("status.loading"), "busy");
      state.data = await tipDetail(tipID, { signal });
      status.show(() => t("status.loaded"), "success");
    }
    const { tip, score, public: thread, rewards } = state.data;
    const role = currentUser()?.role;
    const mayWork = ["admin", "analyst", "investigator"].includes(role);
    const act = actionRunner({ state, status, rerender });
    const reasons = score?.details?.reasons ?? [];

    const facts = h("dl", { class: "profile__facts" },
      h("div", { class: "profile__item" }, h("dt", {}, t("tips.received")), h("dd", {}, formatDateTime(new Date(tip.received_at * 1000)))),
      h("div", { class: "profile__item" }, h("dt", {}, t("tips.channel")), h("dd", {}, tip.channel)),
      h("div", { class: "profile__item" }, h("dt", {}, t("tips.address")), h("dd", {}, tip.address ?? "—")),
      h("div", { class: "profile__item" }, h("dt", {}, t("tips.phone")), h("dd", {}, tip.phone ?? t("tips.anonymous"))),
      h("div", { class: "profile__item" }, h("dt", {}, t("tips.score")), h("dd", { id: "tip-score" },
        score ? `${formatNumber(Math.round(score.score * 100) / 100)}（${label("findings.label", score.label)}）` : t("tips.not_scored"))));

    let publicSection = null;
    if (thread) {
      const message = h("textarea", { id: "tip-message", class: "field__input", rows: "2", maxlength: "2000" });
      const statusSelect = h("select", { id: "tip-status", class: "select" },
        STATUSES.map((value) => h("option", { value, selected: value === thread.status }, t(`tip.status.${value}`))));
      publicSection = h("section", { class: "card", id: "tip-thread" },
        h("h2", { class: "card__title" }, t("tips.thread")),
        h("p", {}, t("tips.thread_hint")),
        timelineList("tip-messages", (thread.messages ?? []).map((item) => ({ at: item.at, action: item.sender, actor: "", note: item.body })),
          (item) => t(`tips.sender.${item.action}`)),
        mayWork ? h("form", { class: "filters", id: "tip-message-form", onSubmit: (event) => {
          event.preventDefault();
          if (message.value.trim()) act(() => messageTipster(tipID, message.value.trim()), "tip.replied");
        } },
        h("label", { class: "field field--grow", for: "tip-message" }, h("span", { class: "field__label" }, t("tips.ask")), message),
        h("button", { type: "submit", class: "button button--primary", id: "tip-message-send" }, t("tip.send_reply"))) : null,
        mayWork ? h("div", { class: "filters" },
          h("label", { class: "field field--inline", for: "tip-status" }, h("span", { class: "field__label" }, t("tips.status")), statusSelect),
          h("button", { type: "button", class: "button button--secondary", id: "tip-status-save",
            onClick: () => act(() => setTipStatus(tipID, statusSelect.value), "warnings.saved") }, t("tips.save_status"))) : null);
    }

    const caseNo = h("input", { type: "text", id: "reward-case", class: "field__input field__input--short", maxlength: "64" });
    const rewardTable = dataTable({
      label: t("tips.rewards"), empty: t("tips.no_rewards"), className: "reward-table", rows: rewards ?? [],
      columns: [
        { key: "case_no", label: t("cases.case_no") },
        { key: "amount_fen", label: t("tips.amount"), numeric: true, format: (value) => formatNumber(value / 100) },
        { key: "basis", label: t("tips.basis") },
        { key: "status", label: t("tips.status"), format: (value) => t(`tips.reward.${value}`) },
        { key: "id", label: "", format: (id, row) => {
          if (role !== "admin") return null;
          const button = (decision, key) => h("button", { type: "button", class: "button button--small button--secondary",
            dataset: { reward: String(id), decision }, onClick: () => act(() => decideReward(id, decision), "warnings.saved") }, t(key));
          if (row.status === "proposed") return h("div", { class: "actions" }, button("approve", "tips.approve"), button("reject", "tips.reject"));
          if (row.status === "approved") return h("div", { class: "actions" }, button("paid", "tips.mark_paid"));
          return null;
        } },
      ],
    });
    const proposeForm = mayWork ? h("form", { class: "filters", id: "reward-form", onSubmit: (event) => {
      event.preventDefault();
      if (caseNo.value.trim()) act(() => proposeReward(tipID, caseNo.value.trim()), "tips.proposed");
    } },
    h("label", { class: "field field--inline", for: "reward-case" }, h("span", { class: "field__label" }, t("tips.case_for_reward")), caseNo),
    h("button", { type: "submit", class: "button button--primary", id: "reward-propose" }, t("tips.propose"))) : null;

    body.replaceChildren(
      h("section", { class: "card", id: "tip-summary" }, h("p", { class: "warning-headline", id: "tip-text-shown" }, tip.text), facts,
        reasons.length ? h("ul", { id: "tip-reasons" }, reasons.map((reason) => h("li", {}, reason))) : null),
      publicSection,
      h("section", { class: "card", id: "tip-rewards" }, h("h2", { class: "card__title" }, t("tips.rewards")),
        h("p", { class: "field__hint" }, t("tips.reward_hint")), rewardTable, proposeForm));
    body.removeAttribute("aria-busy");
  },
};
