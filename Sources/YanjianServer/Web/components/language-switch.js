// The 中文 / English switch: two toggle buttons, each labelled in its own language.
import { h } from "./h.js";
import { t, language, languages, setLanguage } from "../i18n/index.js";

/** A button group that switches the interface language. */
export function languageSwitch() {
  return h("div", { class: "lang-switch", role: "group", "aria-label": t("lang.switch") },
    languages.map((lang) => h("button", {
      type: "button", class: "lang-switch__button", lang, "data-lang": lang,
      "aria-pressed": String(lang === language()),
      onClick: () => setLanguage(lang),
    }, t(`lang.${lang}`))));
}
