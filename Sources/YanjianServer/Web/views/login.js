// The sign-in screen: username and password, and a one-time code when the server asks for it
// (auth.totp_required). Errors come back localised from api.js and go to the live region.
import { h } from "../components/h.js";
import { t } from "../i18n/index.js";
import { login, errorText } from "../api.js";
import { startSession, takeNotice, takeNext } from "../session.js";

function field({ id, label, hint, onInput, ...attrs }) {
  const hintId = hint ? `${id}-hint` : null;
  const input = h("input", { id, name: id, class: "field__input", "aria-describedby": hintId, onInput, ...attrs });
  const wrapper = h("div", { class: "field" },
    h("label", { class: "field__label", for: id }, label),
    input,
    hint ? h("p", { class: "field__hint", id: hintId }, hint) : null);
  return { wrapper, input };
}

function markInvalid(inputs, invalid) {
  for (const input of inputs) {
    if (invalid.includes(input)) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }
}

export default {
  title: "login.title",

  render(container, { state, status, navigate }) {
    const notice = takeNotice();
    if (notice) status.show(() => t(notice), "info");
    state.values ??= { username: "", password: "", totp: "" };
    const keep = (name) => (event) => { state.values[name] = event.target.value; };

    const username = field({ id: "username", label: t("login.username"), type: "text",
      autocomplete: "username", autocapitalize: "none", spellcheck: "false", required: true,
      value: state.values.username, onInput: keep("username") });
    const password = field({ id: "password", label: t("login.password"), type: "password",
      autocomplete: "current-password", required: true, value: state.values.password, onInput: keep("password") });
    const totp = field({ id: "totp", label: t("login.totp"), hint: t("login.totp_hint"), type: "text",
      inputmode: "numeric", autocomplete: "one-time-code", maxlength: "6", pattern: "[0-9]{6}",
      required: Boolean(state.needTotp), value: state.values.totp, onInput: keep("totp") });
    totp.wrapper.hidden = !state.needTotp;
    const inputs = [username.input, password.input, totp.input];

    const submit = h("button", { type: "submit", class: "button button--primary button--block", id: "login-submit" },
      t("login.submit"));
    const form = h("form", { class: "login-form", novalidate: true, "aria-labelledby": "login-heading" },
      username.wrapper, password.wrapper, totp.wrapper, submit);

    function needTotp() {
      state.needTotp = true;
      totp.wrapper.hidden = false;
      totp.input.required = true;
    }

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const values = { username: username.input.value.trim(), password: password.input.value,
        totp: totp.input.value.trim() };
      const missing = [username.input, password.input].filter((input) => input.value === "");
      if (state.needTotp && values.totp === "") missing.push(totp.input);
      markInvalid(inputs, missing);
      if (missing.length > 0) {
        status.show(() => t(missing[0] === totp.input ? "auth.totp_required" : "login.missing"), "error");
        missing[0].focus();
        return;
      }

      submit.disabled = true;
      form.setAttribute("aria-busy", "true");
      status.show(() => t("login.submitting"), "busy");
      try {
        const session = await login({ username: values.username, password: values.password,
          totp: state.needTotp ? values.totp : undefined });
        startSession(session);
        state.values = null;
        status.show(() => t("login.success"), "success");
        navigate(takeNext() ?? "/overview");
      } catch (error) {
        if (error?.code === "auth.totp_required") {
          needTotp();
          markInvalid(inputs, []);
          totp.input.focus();
        } else if (error?.code === "auth.totp_invalid") {
          totp.input.value = "";
          state.values.totp = "";
          markInvalid(inputs, [totp.input]);
          totp.input.focus();
        } else if (error?.code === "auth.invalid_credentials") {
          password.input.value = "";
          state.values.password = "";
          markInvalid(inputs, [username.input, password.input]);
          password.input.focus();
        }
        status.show(() => errorText(error), "error");
      } finally {
        submit.disabled = false;
        form.removeAttribute("aria-busy");
      }
    });

    container.append(h("section", { class: "login" },
      h("div", { class: "login__card card" },
        h("h1", { class: "login__heading", id: "login-heading", tabindex: "-1" }, t("login.heading")),
        h("p", { class: "login__intro" }, t("login.intro")),
        form,
        h("p", { class: "login__tip" }, h("a", { href: "#/tip", id: "tip-link" }, t("login.tip_link"))))));
  },
};
