// The page frame around every screen: skip link, header (brand, navigation, user, language
// switch, sign-out), the live status region, <main> and the footer with the server version.
import { h } from "./components/h.js";
import { logo } from "./components/logo.js";
import { languageSwitch } from "./components/language-switch.js";
import { createStatus } from "./components/status.js";
import { t } from "./i18n/index.js";
import { currentUser } from "./session.js";

function roleText(role) {
  return role ? t(`role.${role}`) : "";
}

/**
 * Builds the frame inside `root`.
 * - onLogout: called when the sign-out button is pressed.
 * Returns { main, status, update({ navItems, activePath, signedIn }), refresh(), setHealth(health) }.
 */
export function createShell({ root, onLogout }) {
  const status = createStatus();
  const main = h("main", { id: "main", class: "app-main", tabindex: "-1" });
  const header = h("header", { class: "app-header" });
  const footer = h("footer", { class: "app-footer" });
  const skip = h("a", { class: "skip-link", href: "#main", onClick: (event) => {
    event.preventDefault(); // the hash belongs to the router
    main.focus();
  } });
  let view = { navItems: [], activePath: "", signedIn: false };
  let serverHealth;

  function brand() {
    const inner = [logo(), h("span", { class: "brand__text" },
      h("span", { class: "brand__name" }, t("app.name")),
      h("span", { class: "brand__subtitle" }, t("app.subtitle")))];
    return view.signedIn
      ? h("a", { class: "brand", href: "#/overview" }, inner)
      : h("div", { class: "brand" }, inner);
  }

  // A screen's sub-routes ("/findings/:kind") keep its navigation item current.
  function isActive(path) {
    return view.activePath === path || view.activePath.startsWith(`${path}/`);
  }

  function navigation() {
    if (!view.signedIn || view.navItems.length === 0) return null;
    return h("nav", { class: "app-nav", "aria-label": t("nav.label") },
      h("ul", {}, view.navItems.map((item) => h("li", {},
        h("a", { href: `#${item.path}`, "aria-current": isActive(item.path) ? "page" : null },
          t(item.label))))));
  }

  function userArea() {
    const user = currentUser();
    if (!view.signedIn || !user) return null;
    // Personal data is masked unless the user stated a purpose (#/unmask); the header says which.
    const privacy = user.unmasked
      ? h("span", { class: "badge privacy-badge privacy-badge--clear", id: "privacy-state" }, t("header.unmasked"))
      : ["admin", "analyst", "investigator"].includes(user.role)
        ? h("a", { href: "#/unmask", class: "privacy-link", id: "privacy-state" }, t("header.unmask"))
        : null;
    return h("div", { class: "user-chip" },
      h("span", { class: "visually-hidden" }, t("header.user")),
      h("span", { class: "user-chip__name" }, user.display_name || user.username),
      h("span", { class: "user-chip__role" }, roleText(user.role)), privacy);
  }

  function renderHeader() {
    // Keep keyboard focus on the language button across the re-render it triggers.
    const focusedLang = header.contains(document.activeElement) ? document.activeElement.dataset.lang : null;
    const logoutButton = view.signedIn
      ? h("button", { type: "button", class: "button button--ghost", id: "logout", onClick: onLogout },
        t("header.logout"))
      : null;
    const nav = navigation();
    // Global search: one box for a phone, ID number, name, plate, waybill, licence or case number.
    const searchInput = h("input", { type: "search", id: "global-search", class: "field__input global-search__input", maxlength: "100",
      placeholder: t("search.placeholder"), "aria-label": t("search.label") });
    const search = view.signedIn ? h("form", { class: "global-search", role: "search", onSubmit: (event) => {
      event.preventDefault();
      const query = searchInput.value.trim();
      if (query) window.location.hash = `#/search?q=${encodeURIComponent(query)}`;
    } }, searchInput) : null;
    header.replaceChildren(
      h("div", { class: "app-header__bar" }, brand(),
        h("div", { class: "app-header__tools" }, search, userArea(), languageSwitch(), logoutButton)),
      ...(nav ? [nav] : []));
    if (focusedLang) header.querySelector(`[data-lang="${focusedLang}"]`)?.focus();
  }

  function renderFooter() {
    const version = serverHealth
      ? t("footer.version", { version: serverHealth.version, schema: serverHealth.schema_version })
      : serverHealth === null ? t("footer.unknown") : "";
    footer.replaceChildren(
      h("span", { class: "app-footer__version", id: "version" }, version),
      h("span", { class: "app-footer__notice" }, t("footer.notice")));
  }

  skip.textContent = t("app.skip");
  root.replaceChildren(skip, header, status.element, main, footer);

  return {
    main,
    status,
    update(next) {
      view = { ...view, ...next };
      skip.textContent = t("app.skip");
      renderHeader();
      renderFooter();
    },
    refresh() {
      renderHeader();
    },
    setHealth(health) {
      serverHealth = health ?? null;
      renderFooter();
    },
  };
}
