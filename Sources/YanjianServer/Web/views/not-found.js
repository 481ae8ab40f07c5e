// Shown for an address no screen claims (or one the user's role may not open).
import { h } from "../components/h.js";
import { t } from "../i18n/index.js";

export default {
  title: "notfound.title",

  render(container, { path }) {
    container.append(h("section", { class: "card notice" },
      h("h1", { tabindex: "-1" }, t("notfound.title")),
      h("p", {}, t("notfound.body", { path })),
      h("p", {}, h("a", { href: "#/overview" }, t("notfound.back")))));
  },
};
