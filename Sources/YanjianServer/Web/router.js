// The hash router: "#/overview", "#/dossier/:licence". Screens are registered with one call;
// the router guards screens that need a session, keeps per-screen state across re-renders
// (a language switch re-renders in place without refetching), aborts stale loads and moves
// focus to the new page heading after a navigation.
import { t, onLanguageChange } from "./i18n/index.js";
import { errorText } from "./api.js";
import { currentToken, currentUser, rememberNext } from "./session.js";

function compile(pattern) {
  const keys = [];
  const source = pattern.split("/").map((part) => {
    if (!part.startsWith(":")) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    keys.push(part.slice(1));
    return "([^/]+)";
  }).join("/");
  return { regex: new RegExp(`^${source}/?$`), keys };
}

function currentPath() {
  const hash = window.location.hash.replace(/^#/, "");
  const path = hash.split("?")[0];
  return path === "" ? "/" : path;
}

/**
 * Creates the router.
 * - shell: the frame from shell.js (main, status, update).
 * - home: where "/" and a signed-in visit to a guest-only screen go; login: the sign-in route.
 * - notFound: the view shown for unknown paths.
 * A view is `{ title: i18nKey, render(container, ctx) }`; ctx has params, state (kept while the
 * screen stays open), signal (aborted when it is left), status, navigate(path), rerender(), reason.
 */
export function createRouter({ shell, home, login, notFound }) {
  const routes = [];
  let current = null;
  let controller = null;
  let generation = 0;

  function match(path) {
    for (const route of routes) {
      const found = route.regex.exec(path);
      if (!found) continue;
      try {
        const params = Object.fromEntries(route.keys.map((key, index) => [key, decodeURIComponent(found[index + 1])]));
        return { route, params };
      } catch {
        return null; // a malformed %-escape: no screen
      }
    }
    return null;
  }

  function allowed(route, user) {
    return !route.roles || (user != null && route.roles.includes(user.role));
  }

  function navItems(user) {
    // Only screens without parameters can be reached from the navigation.
    return routes.filter((route) => route.nav && route.keys.length === 0 && allowed(route, user))
      .map((route) => ({ path: route.pattern, label: route.nav }));
  }

  function redirect(path, reason) {
    window.history.replaceState(null, "", `#${path}`);
    return show(reason === "initial" ? "initial" : "navigate");
  }

  function navigate(path) {
    if (currentPath() === path) show("navigate");
    else window.location.hash = `#${path}`;
  }

  async function show(reason) {
    const path = currentPath();
    const signedIn = currentToken() != null;
    const user = signedIn ? currentUser() : null;
    if (path === "/") return redirect(signedIn ? home : login, reason);
    const found = match(path);
    if (found && !found.route.public && !signedIn) {
      rememberNext(path);
      return redirect(login, reason);
    }
    if (found?.route.guestOnly && signedIn) return redirect(home, reason);

    const view = found && allowed(found.route, user) ? found.route.view : notFound;
    const params = found?.params ?? {};
    const keepState = (reason === "language" || reason === "refresh") && current?.path === path;
    if (!keepState) current = { path, state: {} };
    controller?.abort();
    controller = new AbortController();
    const mine = ++generation;
    if (reason === "navigate") shell.status.clear();

    shell.update({ navItems: signedIn ? navItems(user) : [], activePath: found?.route.pattern ?? "", signedIn });
    shell.main.replaceChildren();
    document.title = `${t(view.title)} · ${t("app.name")}`;
    const ctx = {
      params, path, reason, state: current.state, signal: controller.signal, status: shell.status,
      navigate, rerender: () => show("refresh"),
    };
    try {
      await view.render(shell.main, ctx);
    } catch (error) {
      if (mine !== generation || error?.name === "AbortError") return;
      shell.status.show(() => errorText(error), "error");
    }
    if (reason === "navigate" && mine === generation) shell.main.querySelector("h1")?.focus();
  }

  return {
    /**
     * Adds a screen. options: public (no session needed), guestOnly (signed-in users go home),
     * nav (i18n key: show in the navigation), roles (role codes allowed; default everyone).
     */
    register(pattern, view, options = {}) {
      routes.push({ pattern, view, ...options, ...compile(pattern) });
      return this;
    },
    navigate,
    /** Starts listening and shows the screen for the current address. */
    start() {
      window.addEventListener("hashchange", () => show("navigate"));
      onLanguageChange(() => show("language"));
      show("initial");
    },
  };
}
