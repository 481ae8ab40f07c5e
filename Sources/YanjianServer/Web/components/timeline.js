// A timeline (a warning's or a case's): time, what happened, the new status, who, and the note.
import { h } from "./h.js";
import { formatDateTime } from "../i18n/format.js";

/** An <ol> of `events` ({ at, actor, action, to, note }); `describe(event)` gives the action's words. */
export function timelineList(id, events, describe) {
  return h("ol", { class: "timeline", id }, events.map((event) => h("li", { class: "timeline__item", dataset: { action: event.action } },
    h("time", { class: "timeline__time" }, event.at ? formatDateTime(new Date(event.at * 1000)) : "—"), " ",
    h("strong", {}, describe(event)), " ",
    h("span", { class: "timeline__actor" }, event.actor), event.note ? ` — ${event.note}` : "")));
}
