// 关系分析: search an entity (phone, ID number, licence, account, plate, person, case, waybill) and see
// its links as a graph — expand a node (double-click or the panel's button), hide link kinds, slide
// through time, find what connects two entities, open a gang in tiers (source on top, sellers at
// the bottom) — and export what is shown (GraphML, GEXF, i2 CSV, PNG). `#/graph?entity=phone:138…`,
// `#/graph?gang=GANG-1`; `#/graph?demo=2000` draws a generated graph of that size (the frame-rate
// benchmark, no server data).
import { h } from "../components/h.js";
import { dataTable } from "../components/table.js";
import { NODE_COLOURS, createGraph } from "../components/graph.js";
import { toGEXF, toGraphML, toI2 } from "../components/graph-export.js";
import { saveBlob } from "../components/evidence.js";
import { t } from "../i18n/index.js";
import { formatDateTime, formatNumber } from "../i18n/format.js";
import { errorText, gangGraph, graphNeighbourhood, graphPath } from "../api.js";
import { label } from "./warnings.js";
import { identitySection } from "./graph-identity.js";

const KINDS = ["phone", "id_no", "licence_no", "account", "plate", "person", "case", "waybill_no", "credit_code"];
const LINKS = ["parcel", "paid", "retailer_has", "person_has", "case_names", "company_has", "waybill_phone", "convoy"];
const day = (seconds) => (seconds ? formatDateTime(new Date(seconds * 1000)).split(" ")[0] : "—");

/** A dot in the node kind's colour (set through the CSSOM: the CSP refuses style attributes). */
function swatch(kind) {
  const dot = h("span", { class: "graph-swatch", "aria-hidden": "true" });
  dot.style.background = NODE_COLOURS[kind] ?? "#444";
  return dot;
}

function params() {
  return new URLSearchParams(window.location.hash.split("?")[1] ?? "");
}

/** A generated graph of `size` nodes: small communities joined by a few bridges (for the benchmark). */
function demoGraph(size) {
  const nodes = [], edges = [];
  for (let i = 0; i < size; i++) nodes.push({ id: `d${i}`, kind: KINDS[i % 5], label: `#${i}` });
  for (let i = 1; i < size; i++) {
    const group = Math.floor(i / 20) * 20;
    edges.push({ kind: LINKS[i % 4], source: `d${i}`, target: `d${group + ((i * 7) % 20 === i - group ? 0 : (i * 7) % 20)}`, count: 1 + (i % 5) });
    if (i % 20 === 0) edges.push({ kind: "parcel", source: `d${i}`, target: `d${Math.floor(i / 2)}`, count: 1 });
  }
  return { nodes, edges: edges.filter((edge) => edge.source !== edge.target) };
}

export default {
  title: "graph.title",

  async render(container, { state, status, signal }) {
    const query = params();
    const panel = h("aside", { class: "graph-panel card", id: "graph-panel", "aria-live": "polite" }, h("p", { class: "note" }, t("graph.select_hint")));
    const view = createGraph({
      label: t("graph.title"),
      onSelect: (node) => showPanel(node),
      onExpand: (node) => expand(node),
    });
    state.graph?.destroy();
    state.graph = view;

    const kind = h("select", { id: "graph-kind", class: "select" }, KINDS.map((value) => h("option", { value }, label("graph.kind", value))));
    const value = h("input", { type: "text", id: "graph-value", class: "field__input", maxlength: "64", placeholder: t("graph.value_hint") });
    const hops = h("select", { id: "graph-hops", class: "select" }, [1, 2].map((n) => h("option", { value: String(n) }, t("graph.hops", { n }))));
    const from = h("input", { type: "text", id: "path-from", class: "field__input", placeholder: "phone:138…" });
    const to = h("input", { type: "text", id: "path-to", class: "field__input", placeholder: "licence_no:…" });
    const hidden = new Set();
    const slider = h("input", { type: "range", id: "graph-time", min: "0", max: "100", value: "100", "aria-label": t("graph.time") });
    const sliderText = h("span", { id: "graph-time-text", class: "muted" }, t("graph.all_time"));
    const counts = h("p", { class: "muted", id: "graph-counts" });
    const tableBox = h("div", { id: "graph-table" });

    const refresh = () => {
      const { nodes, edges } = view.data();
      counts.textContent = t("graph.counts", { nodes: formatNumber(nodes.length), edges: formatNumber(edges.length) });
      const byId = new Map(nodes.map((node) => [node.id, node]));
      tableBox.replaceChildren(h("details", {}, h("summary", {}, t("graph.as_table")), dataTable({
        label: t("graph.links"), empty: "—", className: "graph-links", rows: edges.slice(0, 500),
        columns: [
          { key: "source", label: t("graph.from"), format: (id) => h("button", { type: "button", class: "link-button", dataset: { expand: id },
            title: t("graph.expand"), onClick: () => byId.get(id) && expand(byId.get(id)) }, byId.get(id)?.label ?? id) },
          { key: "kind", label: t("graph.link"), format: (code) => label("graph.link", code) },
          { key: "target", label: t("graph.to"), format: (id) => byId.get(id)?.label ?? id },
          { key: "count", label: t("graph.count"), numeric: true, format: formatNumber },
          { key: "first", label: t("graph.first"), format: day },
          { key: "last", label: t("graph.last"), format: day },
        ],
      })));
      const times = view.data().edges.flatMap((edge) => [edge.first, edge.last]).filter(Boolean);
      state.timeRange = times.length ? [Math.min(...times), Math.max(...times)] : null;
    };

    const load = async (call, anchor) => {
      status.show(() => t("status.loading"), "busy");
      try {
        const data = await call();
        if (anchor) view.merge(data, anchor); else view.setData(data);
        state.centre = data.centre;
        view.highlight(new Set(anchor ? [] : data.centre ?? []));
        refresh();
        status.show(() => t("graph.loaded", { nodes: data.nodes.length, edges: data.edges.length }), "success");
        return data;
      } catch (error) {
        status.show(() => errorText(error), "error");
        return null;
      }
    };
    const expand = (node) => load(() => graphNeighbourhood(node.id, { hops: 1 }), node.id);

    function showPanel(node) {
      if (!node) { panel.replaceChildren(h("p", { class: "note" }, t("graph.select_hint"))); return; }
      const link = { licence_no: `#/retailers/${encodeURIComponent(node.id.replace(/^licence_no:/, ""))}`,
        plate: `#/vehicles/${encodeURIComponent(node.id.replace(/^plate:/, ""))}`,
        case: `#/cases/${encodeURIComponent(node.id.replace(/^case:/, ""))}` }[node.kind];
      panel.replaceChildren(
        h("h2", { class: "card__title" }, swatch(node.kind), " ", node.label),
        h("dl", { class: "profile__facts" },
          h("div", { class: "profile__item" }, h("dt", {}, t("graph.kind_label")), h("dd", { id: "panel-kind" }, label("graph.kind", node.kind))),
          node.gang ? h("div", { class: "profile__item" }, h("dt", {}, t("dossier.gang")), h("dd", {}, `${node.gang} · ${label("findings.label", node.tier)}`)) : null,
          node.risk != null ? h("div", { class: "profile__item" }, h("dt", {}, t("findings.score")), h("dd", {}, formatNumber(node.risk))) : null,
          node.truncated ? h("div", { class: "profile__item" }, h("dt", {}, t("graph.truncated")), h("dd", {}, formatNumber(node.truncated))) : null),
        h("div", { class: "actions" },
          h("button", { type: "button", class: "button button--primary button--small", id: "panel-expand", onClick: () => expand(node) }, t("graph.expand")),
          h("button", { type: "button", class: "button button--secondary button--small", id: "panel-from", onClick: () => { from.value = node.id; } }, t("graph.set_from")),
          h("button", { type: "button", class: "button button--secondary button--small", id: "panel-to", onClick: () => { to.value = node.id; } }, t("graph.set_to")),
          link ? h("a", { href: link, class: "button button--secondary button--small", id: "panel-open" }, t("graph.open")) : null));
    }

    const filters = h("fieldset", { class: "graph-filters" }, h("legend", {}, t("graph.links")),
      LINKS.map((code) => h("label", { class: "graph-filter" }, h("input", { type: "checkbox", checked: true, dataset: { link: code }, onChange: (event) => {
        if (event.target.checked) hidden.delete(code); else hidden.add(code);
        view.setFilter({ hiddenKinds: hidden });
        refresh();
      } }), " ", label("graph.link", code))),
      h("label", { class: "graph-filter", for: "graph-time" }, t("graph.time"), " ", slider, " ", sliderText));
    slider.addEventListener("input", () => {
      const range = state.timeRange;
      if (!range || slider.value === "100") { view.setFilter({ until: null }); sliderText.textContent = t("graph.all_time"); refresh(); return; }
      const until = range[0] + ((range[1] - range[0]) * Number(slider.value)) / 100;
      view.setFilter({ until });
      sliderText.textContent = t("graph.until", { day: day(until) });
      refresh();
    });

    const download = (name, text, type) => saveBlob(new Blob([text], { type }), name);
    const exports = h("div", { class: "actions graph-exports" },
      h("button", { type: "button", class: "button button--secondary button--small", id: "export-graphml",
        onClick: () => download("yanjian-graph.graphml", toGraphML(view.data()), "application/xml") }, "GraphML"),
      h("button", { type: "button", class: "button button--secondary button--small", id: "export-gexf",
        onClick: () => download("yanjian-graph.gexf", toGEXF(view.data()), "application/xml") }, "GEXF"),
      h("button", { type: "button", class: "button button--secondary button--small", id: "export-i2", onClick: () => {
        const { entities, links } = toI2(view.data());
        download("yanjian-i2-entities.csv", `\ufeff${entities}`, "text/csv");
        download("yanjian-i2-links.csv", `\ufeff${links}`, "text/csv");
      } }, "i2 CSV"),
      h("button", { type: "button", class: "button button--secondary button--small", id: "export-png",
        onClick: () => view.canvas.toBlob((blob) => blob && saveBlob(blob, "yanjian-graph.png")) }, "PNG"));

    container.append(
      h("div", { class: "page-head" }, h("h1", { id: "page-title", tabindex: "-1" }, t("graph.title"))),
      h("form", { class: "filters", id: "graph-search", onSubmit: (event) => {
        event.preventDefault();
        const entity = `${kind.value}:${value.value.trim()}`;
        if (!value.value.trim()) return;
        load(() => graphNeighbourhood(entity, { hops: Number(hops.value) }));
      } },
      h("label", { class: "field field--inline", for: "graph-kind" }, h("span", { class: "field__label" }, t("graph.kind_label")), kind),
      h("label", { class: "field field--inline field--grow", for: "graph-value" }, h("span", { class: "field__label" }, t("graph.value")), value),
      h("label", { class: "field field--inline", for: "graph-hops" }, h("span", { class: "field__label" }, t("graph.depth")), hops),
      h("button", { type: "submit", class: "button button--primary", id: "graph-go" }, t("graph.show"))),
      h("form", { class: "filters", id: "graph-path", onSubmit: async (event) => {
        event.preventDefault();
        if (!from.value.trim() || !to.value.trim()) return;
        const found = await load(() => graphPath(from.value.trim(), to.value.trim()), state.graph.stats().nodes ? from.value.trim() : null);
        if (found) view.highlight(new Set(found.nodes.map((node) => node.id)));
      } },
      h("label", { class: "field field--inline field--grow", for: "path-from" }, h("span", { class: "field__label" }, t("graph.from")), from),
      h("label", { class: "field field--inline field--grow", for: "path-to" }, h("span", { class: "field__label" }, t("graph.to")), to),
      h("button", { type: "submit", class: "button button--secondary", id: "path-go" }, t("graph.find_path"))),
      identitySection({ from, to, status }),
      filters,
      h("div", { class: "graph-layout" }, h("section", { class: "card graph-card", id: "graph-card" }, view.element, counts, exports), panel),
      tableBox);

    // What to show first: a gang in tiers, a generated graph, or an entity from the address.
    const gang = query.get("gang"), demo = Number(query.get("demo") ?? 0), entity = query.get("entity");
    if (demo > 0) {
      view.setData(demoGraph(Math.min(5000, demo)));
      refresh();
    } else if (gang) {
      status.show(() => t("status.loading"), "busy");
      try {
        const data = await gangGraph(gang, { signal });
        // One node per person (a member's entities share its actor number), by tier; their links appear
        // when a member is expanded (nothing is drawn that the data do not say).
        // A person is shown by a phone if they have one (the most familiar handle), else their first entity.
        const preference = ["phone", "id_no", "licence_no", "plate", "account"];
        const rank = (member) => { const index = preference.indexOf(member.label.split(":")[0]); return index < 0 ? 9 : index; };
        const actors = new Map();
        for (const member of data.members) {
          const key = member.actor ?? member.id;
          const known = actors.get(key);
          if (!known) { actors.set(key, { ...member, count: 1 }); continue; }
          known.count += 1;
          known.key_suspect ||= member.key_suspect;
          if (rank(member) < rank(known)) Object.assign(known, { id: member.id, label: member.label });
        }
        const nodes = [...actors.values()].map((member) => ({ id: member.id, kind: member.label.split(":")[0],
          label: `${member.key_suspect ? "★ " : ""}${member.label.split(":").slice(1).join(":")}${member.count > 1 ? ` +${member.count - 1}` : ""}`,
          gang, tier: member.role, tierLevel: member.tier ?? 4 }));
        const edges = [];
        view.setData({ nodes, edges });
        view.layoutTiers();
        refresh();
        status.show(() => t("graph.gang_loaded", { gang, n: nodes.length }), "success");
      } catch (error) {
        status.show(() => errorText(error), "error");
      }
    } else if (entity) {
      const colon = entity.indexOf(":");
      if (colon > 0 && KINDS.includes(entity.slice(0, colon))) {
        kind.value = entity.slice(0, colon);
        value.value = entity.slice(colon + 1);
      }
      await load(() => graphNeighbourhood(entity, { hops: 1, signal }));
    }
    signal.addEventListener("abort", () => view.destroy());
  },
};
