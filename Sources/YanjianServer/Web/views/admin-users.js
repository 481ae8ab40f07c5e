// 用户管理 (admin): every account with its role, department and jurisdiction; create an account,
// disable or enable one, reset a password. Each change is one API call, checked and audited by the
// server (an admin can only create accounts inside their own jurisdiction).
import { h } from "../components/h.js";
import { dataTable } from "../components/table.js";
import { actionRunner } from "../components/action.js";
import { t } from "../i18n/index.js";
import { changeUser, createUser, users } from "../api.js";
import { label } from "./warnings.js";
import { DEPARTMENTS } from "./case-detail.js";

const ROLES = ["admin", "analyst", "investigator", "liaison", "auditor", "partner"];

export default {
  title: "admin.users_title",

  async render(container, { state, status, signal, rerender }) {
    container.append(h("div", { class: "page-head" }, h("h1", { id: "page-title", tabindex: "-1" }, t("admin.users_title"))));
    if (!state.data) {
      status.show(() => t("status.loading"), "busy");
      state.data = await users({ signal });
      status.show(() => t("status.loaded"), "success");
    }
    const act = actionRunner({ state, status, rerender });
    const input = (id, type = "text", extra = {}) => h("input", { id, type, class: "field__input", autocomplete: "off", ...extra });
    const fields = {
      username: input("new-username", "text", { maxlength: "64", required: true, pattern: "[A-Za-z0-9._\\-]{3,64}" }),
      display_name: input("new-display-name", "text", { maxlength: "64" }),
      password: input("new-password", "password", { minlength: "12", required: true, autocomplete: "new-password" }),
      role: h("select", { id: "new-role", class: "select" }, ROLES.map((value) => h("option", { value }, label("role", value)))),
      department: h("select", { id: "new-department", class: "select" }, DEPARTMENTS.map((value) => h("option", { value }, label("department", value)))),
      jurisdiction: input("new-jurisdiction", "text", { maxlength: "6", placeholder: "* / 37 / 3707 / 370702", required: true }),
    };
    const labelled = (key, field, id) => h("label", { class: "field field--inline", for: id }, h("span", { class: "field__label" }, t(key)), field);
    const form = h("form", { class: "filters", id: "user-create", onSubmit: (event) => {
      event.preventDefault();
      const body = Object.fromEntries(Object.entries(fields).map(([key, field]) => [key, field.value.trim()]));
      if (!body.display_name) delete body.display_name;
      act(() => createUser(body), "admin.user_created");
    } },
    labelled("admin.username", fields.username, "new-username"),
    labelled("admin.display_name", fields.display_name, "new-display-name"),
    labelled("admin.password", fields.password, "new-password"),
    labelled("admin.role", fields.role, "new-role"),
    labelled("admin.department", fields.department, "new-department"),
    labelled("admin.jurisdiction", fields.jurisdiction, "new-jurisdiction"),
    h("button", { type: "submit", class: "button button--primary", id: "user-create-submit" }, t("admin.create")));

    const resetCell = (row) => {
      const password = h("input", { type: "password", class: "field__input field__input--short", id: `reset-${row.username}`,
        minlength: "12", autocomplete: "new-password", "aria-label": t("admin.new_password") });
      return h("div", { class: "actions" }, password, h("button", {
        type: "button", class: "button button--small button--secondary", dataset: { user: row.username, action: "reset" },
        onClick: () => { if (password.value) act(() => changeUser(row.username, { password: password.value }), "admin.password_reset"); },
      }, t("admin.reset")));
    };
    const table = dataTable({
      label: t("admin.users_title"), empty: "—", className: "user-list", rows: state.data.items,
      columns: [
        { key: "username", label: t("admin.username") },
        { key: "display_name", label: t("admin.display_name") },
        { key: "role", label: t("admin.role"), format: (value) => label("role", value) },
        { key: "department", label: t("admin.department"), format: (value) => label("department", value) },
        { key: "jurisdiction", label: t("admin.jurisdiction") },
        { key: "totp", label: "2FA", format: (value) => (value ? "✓" : "—") },
        { key: "disabled", label: t("admin.state"), format: (value, row) => h("div", { class: "actions" },
          h("span", { class: value ? "badge badge--off" : "badge" }, t(value ? "admin.disabled" : "admin.enabled")),
          h("button", { type: "button", class: "button button--small button--secondary", dataset: { user: row.username, action: value ? "enable" : "disable" },
            onClick: () => act(() => changeUser(row.username, { disabled: !value }), "warnings.saved") }, t(value ? "admin.enable" : "admin.disable"))) },
        { key: "id", label: t("admin.password"), format: (_, row) => resetCell(row) },
      ],
    });
    container.append(h("section", { class: "card", id: "users-card" }, table),
      h("section", { class: "card", id: "user-new" }, h("h2", { class: "card__title" }, t("admin.new_user")), form));
  },
};
