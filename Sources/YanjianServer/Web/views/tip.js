// The public tip-off page (举报): no account needed. What happened, optionally where (address, or the
// browser's position), a phone for a call-back unless anonymous, a photo. The answer is a receipt
// code, shown once: with it the tipster follows the tip on #/tip/follow and answers questions
// without revealing who they are.
import { h } from "../components/h.js";
import { t } from "../i18n/index.js";
import { errorText, submitTip } from "../api.js";

const MAX_PHOTO = 5 * 1024 * 1024;

function readBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",")[1] ?? "");
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function field(id, labelKey, control, hintKey) {
  return h("div", { class: "field" },
    h("label", { class: "field__label", for: id }, t(labelKey)), control,
    hintKey ? h("p", { class: "field__hint", id: `${id}-hint` }, t(hintKey)) : null);
}

export default {
  title: "tip.title",

  render(container, { state, status, rerender }) {
    if (state.receipt) {
      container.append(h("section", { class: "login" }, h("div", { class: "login__card card tip-card" },
        h("h1", { class: "login__heading", id: "page-title", tabindex: "-1" }, t("tip.thanks")),
        h("p", {}, t("tip.receipt_intro")),
        h("p", { class: "receipt", id: "tip-receipt" }, state.receipt),
        h("p", { class: "field__hint" }, t("tip.receipt_keep")),
        h("a", { href: "#/tip/follow", class: "button button--primary", id: "to-follow" }, t("tip.follow")))));
      return;
    }
    const text = h("textarea", { id: "tip-text", class: "field__input tip-text", rows: "5", maxlength: "2000", required: true,
      "aria-describedby": "tip-text-hint" });
    const address = h("input", { id: "tip-address", class: "field__input", type: "text", maxlength: "200" });
    const lat = h("input", { id: "tip-lat", class: "field__input field__input--short", type: "number", step: "any", min: "-90", max: "90" });
    const lon = h("input", { id: "tip-lon", class: "field__input field__input--short", type: "number", step: "any", min: "-180", max: "180" });
    const phone = h("input", { id: "tip-phone", class: "field__input", type: "tel", maxlength: "20", autocomplete: "tel" });
    const anonymous = h("input", { id: "tip-anonymous", type: "checkbox", checked: true,
      onChange: () => { phone.disabled = anonymous.checked; } });
    phone.disabled = true;
    const photo = h("input", { id: "tip-photo", class: "field__input", type: "file", accept: "image/*" });
    const locate = h("button", { type: "button", class: "button button--secondary", id: "tip-locate", onClick: () => {
      if (!navigator.geolocation) { status.show(() => t("tip.no_location"), "error"); return; }
      navigator.geolocation.getCurrentPosition((position) => {
        lat.value = position.coords.latitude.toFixed(5);
        lon.value = position.coords.longitude.toFixed(5);
      }, () => status.show(() => t("tip.no_location"), "error"));
    } }, t("tip.use_location"));
    const submit = h("button", { type: "submit", class: "button button--primary button--block", id: "tip-submit" }, t("tip.submit"));
    const form = h("form", { class: "login-form", novalidate: true, onSubmit: async (event) => {
      event.preventDefault();
      const fields = { text: text.value.trim(), anonymous: anonymous.checked };
      if (fields.text.length < 10) {
        text.setAttribute("aria-invalid", "true");
        status.show(() => t("tip.too_short"), "error");
        text.focus();
        return;
      }
      text.removeAttribute("aria-invalid");
      if (address.value.trim()) fields.address = address.value.trim();
      if (lat.value !== "" && lon.value !== "") { fields.lat = Number(lat.value); fields.lon = Number(lon.value); }
      if (!anonymous.checked && phone.value.trim()) fields.phone = phone.value.trim();
      const file = photo.files?.[0];
      if (file) {
        if (file.size > MAX_PHOTO) { status.show(() => t("tip.photo_too_large"), "error"); return; }
        fields.photo = { media_type: file.type || "image/jpeg", base64: await readBase64(file) };
      }
      submit.disabled = true;
      status.show(() => t("tip.sending"), "busy");
      try {
        const answer = await submitTip(fields);
        state.receipt = answer.receipt;
        status.show(() => t("tip.sent"), "success");
        rerender();
      } catch (error) {
        status.show(() => errorText(error), "error");
      } finally {
        submit.disabled = false;
      }
    } },
    field("tip-text", "tip.text", text, "tip.text_hint"),
    field("tip-address", "tip.address", address),
    h("div", { class: "filters" },
      h("label", { class: "field field--inline", for: "tip-lat" }, h("span", { class: "field__label" }, t("tip.lat")), lat),
      h("label", { class: "field field--inline", for: "tip-lon" }, h("span", { class: "field__label" }, t("tip.lon")), lon),
      locate),
    h("label", { class: "field field--inline field--check", for: "tip-anonymous" }, anonymous, h("span", {}, t("tip.anonymous"))),
    field("tip-phone", "tip.phone", phone, "tip.phone_hint"),
    field("tip-photo", "tip.photo", photo),
    submit);
    container.append(h("section", { class: "login" }, h("div", { class: "login__card card tip-card" },
      h("h1", { class: "login__heading", id: "page-title", tabindex: "-1" }, t("tip.heading")),
      h("p", { class: "login__intro" }, t("tip.intro")),
      form,
      h("p", {}, h("a", { href: "#/tip/follow", id: "have-receipt" }, t("tip.have_receipt"))))));
  },
};
