// 显示个人信息: personal data (names, phones, ID numbers, addresses, accounts) is masked everywhere.
// A user whose role allows it states a purpose and a duration; the server grants clear text for
// that time and writes the purpose to the audit log. The header then says until when.
import { h } from "../components/h.js";
import { t } from "../i18n/index.js";
import { errorText, me, unmask } from "../api.js";
import { updateUser } from "../session.js";

export default {
  title: "unmask.title",

  async render(container, { status, navigate }) {
    const purpose = h("input", { type: "text", id: "unmask-purpose", class: "field__input", minlength: "4", maxlength: "200", required: true,
      placeholder: t("unmask.purpose_hint") });
    const minutes = h("select", { id: "unmask-minutes", class: "select" }, [15, 30, 60, 120].map((value) =>
      h("option", { value: String(value), selected: value === 30 }, t("unmask.minutes", { n: value }))));
    container.append(
      h("div", { class: "page-head" }, h("h1", { id: "page-title", tabindex: "-1" }, t("unmask.title"))),
      h("p", { class: "note" }, t("unmask.explain")),
      h("form", { class: "card form", id: "unmask-form", onSubmit: async (event) => {
        event.preventDefault();
        try {
          const answer = await unmask(purpose.value.trim(), Number(minutes.value));
          updateUser(await me());
          status.show(() => t("unmask.granted", { until: answer.unmasked_until }), "success");
          window.history.length > 1 ? window.history.back() : navigate("/overview");
        } catch (error) {
          status.show(() => errorText(error), "error");
        }
      } },
      h("label", { class: "field", for: "unmask-purpose" }, h("span", { class: "field__label" }, t("unmask.purpose")), purpose),
      h("label", { class: "field", for: "unmask-minutes" }, h("span", { class: "field__label" }, t("unmask.duration")), minutes),
      h("button", { type: "submit", class: "button button--primary", id: "unmask-submit" }, t("unmask.submit"))));
  },
};
