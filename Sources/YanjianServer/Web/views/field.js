// The field page (现场核查), made for a phone: the live dispatches of the caller's unit — the target,
// why, where (a link to the phone's map app), a checklist — and big buttons for the steps: arrived,
// then the result (confirmed, not found, other) with a note; the phone's position can be added to
// the note. Photos taken with the phone's camera are kept as field evidence of the warning, with the
// dispatch and the position (a case opened later takes them). Each step is one API call, like on the
// warning page.
import { h } from "../components/h.js";
import { levelBadge } from "../components/level-badge.js";
import { actionRunner } from "../components/action.js";
import { t } from "../i18n/index.js";
import { fieldAssignments, reportDispatch, uploadFieldEvidence } from "../api.js";
import { label } from "./warnings.js";

const CHECKS = ["field.check.licence", "field.check.stock", "field.check.invoices", "field.check.backroom", "field.check.photos"];

function card(item, act, status) {
  const { dispatch, warning } = item;
  const note = h("textarea", { class: "field__input", rows: "2", maxlength: "2000", id: `field-note-${dispatch.id}`, "aria-label": t("field.note") });
  let fix = null;
  const locate = () => {
    if (!navigator.geolocation) { status.show(() => t("tip.no_location"), "error"); return; }
    navigator.geolocation.getCurrentPosition((position) => {
      const { latitude, longitude, accuracy } = position.coords;
      fix = { lat: latitude, lon: longitude };
      note.value = `${note.value}${note.value ? " " : ""}GPS ${latitude.toFixed(5)},${longitude.toFixed(5)} ±${Math.round(accuracy)}m`;
    }, () => status.show(() => t("tip.no_location"), "error"));
  };
  const photo = h("input", { type: "file", accept: "image/*", capture: "environment", class: "visually-hidden",
    id: `field-photo-${dispatch.id}`, onChange: () => {
      const [file] = photo.files;
      if (!file) return;
      act(() => uploadFieldEvidence(warning.id, file, { kind: "photo", dispatch: dispatch.id, position: fix ?? undefined,
        description: note.value.trim() || undefined }), "field.photo_saved");
    } });
  const photoButton = h("label", { class: "button button--secondary field-step", for: `field-photo-${dispatch.id}` }, t("field.photo"), photo);
  const step = (to, result, key, primary) => h("button", {
    type: "button", class: `button ${primary ? "button--primary" : "button--secondary"} field-step`, dataset: { dispatch: String(dispatch.id), to, result: result ?? "" },
    onClick: () => act(() => reportDispatch(dispatch.id, to, result, note.value.trim() || undefined), "warnings.saved"),
  }, t(key));
  const place = warning.lat != null ? h("a", { class: "button button--secondary field-step", href: `geo:${warning.lat},${warning.lon}` }, t("field.navigate")) : null;
  const steps = dispatch.status === "dispatched"
    ? [step("arrived", undefined, "field.arrived", true)]
    : [step("reported", "confirmed", "dispatch.result.confirmed", true), step("reported", "not_found", "dispatch.result.not_found"),
      step("reported", "other", "dispatch.result.other")];
  return h("article", { class: "card field-card", dataset: { dispatch: String(dispatch.id) } },
    h("p", { class: "warning-headline" }, levelBadge(warning.level), " ", label("dispatch.status", dispatch.status)),
    h("h2", { class: "card__title" }, item.target_name ?? `${label("warning.target", warning.target_kind)} ${warning.target}`),
    item.target_address ? h("p", {}, item.target_address) : null,
    warning.target_kind === "retailer" ? h("p", {}, h("a", { href: `#/retailers/${encodeURIComponent(warning.target)}`, class: "field-dossier" },
      t("field.dossier"))) : null,
    h("p", { class: "field-reason" }, warning.reason),
    h("ul", { class: "field-checks" }, CHECKS.map((key, index) => h("li", {},
      h("label", { for: `check-${dispatch.id}-${index}` }, h("input", { type: "checkbox", id: `check-${dispatch.id}-${index}` }), " ", t(key))))),
    h("label", { class: "field", for: `field-note-${dispatch.id}` }, h("span", { class: "field__label" }, t("field.note")), note),
    h("div", { class: "field-actions" }, place,
      h("button", { type: "button", class: "button button--secondary field-step", onClick: locate }, t("field.add_gps")), photoButton, ...steps));
}

export default {
  title: "field.title",

  async render(container, { state, status, signal, rerender }) {
    container.append(h("div", { class: "page-head" }, h("h1", { id: "page-title", tabindex: "-1" }, t("field.title"))));
    if (!state.data) {
      status.show(() => t("status.loading"), "busy");
      state.data = await fieldAssignments({ signal });
      status.show(() => t("status.loaded"), "success");
    }
    const act = actionRunner({ state, status, rerender });
    const { units, items } = state.data;
    if (!units.length) {
      container.append(h("p", { class: "note", id: "field-empty" }, t("field.no_unit")));
      return;
    }
    container.append(
      h("p", { class: "field__hint", id: "field-units" }, t("field.units", { units: units.join("、") })),
      items.length ? h("div", { class: "field-list", id: "field-list" }, items.map((item) => card(item, act, status)))
        : h("p", { class: "note", id: "field-empty" }, t("field.none")));
  },
};
