// The link-analysis graph: nodes and links on a <canvas>, laid out by a force simulation (springs
// along links, repulsion between nodes found through a grid, so thousands of nodes stay smooth), or in
// tiers top to bottom for a gang. Pan by dragging the background, zoom with the wheel or buttons,
// drag a node to pin it, click to select, double-click to expand. On the keyboard (the canvas takes
// focus): arrow keys step through the nodes, most connected first, Enter expands the selected one,
// Escape clears the selection, + − and 0 zoom and fit; each step is announced to screen readers. Nodes
// and links can be hidden by kind and by time (a link shows from its first record on). Everything
// drawn is also listed in the table the view puts next to it.
import { h } from "./h.js";
import { t } from "../i18n/index.js";

export const NODE_COLOURS = {
  phone: "#1d4f91", id_no: "#7b3fa0", account: "#2e7d32", plate: "#e8590c", licence_no: "#c62828",
  person: "#00838f", case: "#5d4037", waybill_no: "#607d8b", credit_code: "#9e7700",
};

/**
 * Creates a graph view. Options: label (accessible name), onSelect(node|null), onExpand(node).
 * Returns { element, canvas, setData({ nodes, edges }), merge({ nodes, edges }), setFilter({ hiddenKinds:Set, until }),
 * layoutTiers(), highlight(ids:Set), stats(), destroy() }.
 */
let graphCount = 0;

export function createGraph({ label, onSelect, onExpand }) {
  const hint = h("p", { class: "visually-hidden", id: `graph-keys-${++graphCount}` }, t("graph.keys_hint"));
  const canvas = h("canvas", { class: "graph__canvas", role: "img", "aria-label": label, tabindex: "0", "aria-describedby": hint.id });
  const announcer = h("p", { class: "visually-hidden", id: "graph-announce", "aria-live": "polite" });
  const element = h("div", { class: "graph" }, canvas, hint, announcer);
  const state = {
    nodes: [], edges: [], byId: new Map(), scale: 1, ox: 0, oy: 0, selected: null, highlight: new Set(),
    hiddenKinds: new Set(), until: null, alpha: 1, running: false, frames: 0, tiers: false,
  };
  let raf = 0;
  let destroyed = false;

  const resize = () => {
    const box = element.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.max(300, Math.round(box.width * ratio));
    canvas.height = Math.max(300, Math.round((box.height || 520) * ratio));
    canvas.style.height = `${box.height || 520}px`;
  };
  const observer = typeof ResizeObserver === "function" ? new ResizeObserver(() => { resize(); draw(); }) : null;
  observer?.observe(element);

  const visibleEdge = (edge) => !state.hiddenKinds.has(edge.kind) && (state.until == null || edge.first == null || edge.first <= state.until);
  const visibleEdges = () => state.edges.filter(visibleEdge);

  function place(node, near) {
    const angle = Math.random() * Math.PI * 2;
    const radius = near ? 40 + Math.random() * 40 : Math.sqrt(state.nodes.length + 1) * 30 * Math.random();
    node.x = (near?.x ?? 0) + Math.cos(angle) * radius;
    node.y = (near?.y ?? 0) + Math.sin(angle) * radius;
    node.vx = 0;
    node.vy = 0;
  }

  function add({ nodes, edges }, anchor) {
    for (const node of nodes) {
      const known = state.byId.get(node.id);
      if (known) { Object.assign(known, node, { x: known.x, y: known.y, vx: known.vx, vy: known.vy }); continue; }
      const fresh = { ...node };
      place(fresh, anchor ? state.byId.get(anchor) : null);
      state.nodes.push(fresh);
      state.byId.set(fresh.id, fresh);
    }
    const keys = new Set(state.edges.map((edge) => `${edge.kind}|${edge.source}|${edge.target}`));
    for (const edge of edges) {
      const key = `${edge.kind}|${edge.source}|${edge.target}`;
      if (keys.has(key) || !state.byId.has(edge.source) || !state.byId.has(edge.target)) continue;
      keys.add(key);
      state.edges.push({ ...edge });
    }
    state.degree = new Map();
    for (const edge of state.edges) {
      state.degree.set(edge.source, (state.degree.get(edge.source) ?? 0) + 1);
      state.degree.set(edge.target, (state.degree.get(edge.target) ?? 0) + 1);
    }
  }

  // One step of the simulation: grid-bucketed repulsion, springs along visible links, gravity.
  function tick() {
    const nodes = state.nodes;
    const cell = 80;
    const grid = new Map();
    for (const node of nodes) {
      const key = `${Math.floor(node.x / cell)},${Math.floor(node.y / cell)}`;
      (grid.get(key) ?? grid.set(key, []).get(key)).push(node);
    }
    for (const node of nodes) {
      const gx = Math.floor(node.x / cell), gy = Math.floor(node.y / cell);
      for (let dx = -1; dx <= 1; dx++) {
        for (let dy = -1; dy <= 1; dy++) {
          for (const other of grid.get(`${gx + dx},${gy + dy}`) ?? []) {
            if (other === node) continue;
            let ddx = node.x - other.x, ddy = node.y - other.y;
            let d2 = ddx * ddx + ddy * ddy;
            if (d2 < 0.01) { ddx = Math.random() - 0.5; ddy = Math.random() - 0.5; d2 = 0.5; }
            if (d2 > cell * cell) continue;
            const force = (900 / d2) * state.alpha;
            node.vx += ddx * force * 0.05;
            node.vy += ddy * force * 0.05;
          }
        }
      }
    }
    for (const edge of visibleEdges()) {
      const a = state.byId.get(edge.source), b = state.byId.get(edge.target);
      const dx = b.x - a.x, dy = b.y - a.y;
      const distance = Math.sqrt(dx * dx + dy * dy) || 1;
      const pull = ((distance - 60) / distance) * 0.04 * state.alpha;
      a.vx += dx * pull; a.vy += dy * pull;
      b.vx -= dx * pull; b.vy -= dy * pull;
    }
    for (const node of nodes) {
      if (node.pinned) { node.vx = 0; node.vy = 0; continue; }
      node.vx = (node.vx - node.x * 0.002 * state.alpha) * 0.6;
      node.vy = (node.vy - node.y * 0.002 * state.alpha) * 0.6;
      node.x += Math.max(-20, Math.min(20, node.vx));
      node.y += Math.max(-20, Math.min(20, node.vy));
    }
    state.alpha *= 0.985;
  }

  function toScreen(node) {
    return [canvas.width / 2 + (node.x + state.ox) * state.scale, canvas.height / 2 + (node.y + state.oy) * state.scale];
  }

  function draw() {
    if (destroyed) return;
    const context = canvas.getContext("2d");
    const ratio = window.devicePixelRatio || 1;
    context.clearRect(0, 0, canvas.width, canvas.height);
    context.lineWidth = Math.max(0.5, ratio * Math.min(1.5, state.scale));
    for (const edge of visibleEdges()) {
      const [x1, y1] = toScreen(state.byId.get(edge.source));
      const [x2, y2] = toScreen(state.byId.get(edge.target));
      const lit = state.highlight.has(edge.source) && state.highlight.has(edge.target);
      context.strokeStyle = lit ? "#e8590c" : "rgba(80, 96, 120, 0.45)";
      context.lineWidth = (lit ? 3 : 1) * ratio * Math.min(1.5, Math.max(0.4, state.scale)) + Math.min(4, Math.log2(edge.count || 1)) * 0.5;
      context.beginPath();
      context.moveTo(x1, y1);
      context.lineTo(x2, y2);
      context.stroke();
    }
    const showLabels = state.nodes.length <= 250 || state.scale > 1.5;
    context.font = `${12 * ratio}px system-ui, sans-serif`;
    for (const node of state.nodes) {
      const [x, y] = toScreen(node);
      if (x < -20 || y < -20 || x > canvas.width + 20 || y > canvas.height + 20) continue;
      const radius = (5 + Math.min(8, Math.sqrt(state.degree?.get(node.id) ?? 1) * 1.5)) * ratio * Math.min(1.6, Math.max(0.5, state.scale));
      context.fillStyle = NODE_COLOURS[node.kind] ?? "#444";
      context.beginPath();
      context.arc(x, y, radius, 0, Math.PI * 2);
      context.fill();
      if (node.gang || node.risk >= 50 || state.highlight.has(node.id) || node === state.selected) {
        context.strokeStyle = node === state.selected ? "#0b57d0" : node.gang ? "#000" : "#c62828";
        context.lineWidth = 2.5 * ratio;
        context.stroke();
      }
      if (showLabels) {
        context.fillStyle = "#17202b";
        context.fillText(node.label ?? node.id, x + radius + 3 * ratio, y + 4 * ratio);
      }
    }
  }

  function frame() {
    raf = 0;
    if (destroyed) return;
    state.frames += 1;
    // Exposed for the frame-rate benchmark and the browser tests.
    canvas.dataset.frames = String(state.frames);
    canvas.dataset.nodes = String(state.nodes.length);
    if (!state.tiers && state.alpha > 0.02) tick();
    draw();
    if (!state.tiers && state.alpha > 0.02) raf = requestAnimationFrame(frame);
    else state.running = false;
  }

  function kick(alpha = 1) {
    state.alpha = Math.max(state.alpha, alpha);
    if (!raf) { state.running = true; raf = requestAnimationFrame(frame); }
  }

  function nodeAt(clientX, clientY) {
    const box = canvas.getBoundingClientRect();
    const ratio = canvas.width / box.width;
    const px = (clientX - box.left) * ratio, py = (clientY - box.top) * ratio;
    let best = null, bestDistance = (14 * ratio) ** 2;
    for (const node of state.nodes) {
      const [x, y] = toScreen(node);
      const d = (x - px) ** 2 + (y - py) ** 2;
      if (d < bestDistance) { best = node; bestDistance = d; }
    }
    return best;
  }

  let drag = null;
  canvas.addEventListener("pointerdown", (event) => {
    const node = nodeAt(event.clientX, event.clientY);
    drag = { x: event.clientX, y: event.clientY, ox: state.ox, oy: state.oy, node, moved: false };
    canvas.setPointerCapture?.(event.pointerId);
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const box = canvas.getBoundingClientRect();
    const ratio = canvas.width / box.width;
    const dx = ((event.clientX - drag.x) * ratio) / state.scale, dy = ((event.clientY - drag.y) * ratio) / state.scale;
    if (Math.abs(dx) + Math.abs(dy) > 2) drag.moved = true;
    if (drag.node) {
      const [x, y] = [(event.clientX - box.left) * ratio, (event.clientY - box.top) * ratio];
      drag.node.x = (x - canvas.width / 2) / state.scale - state.ox;
      drag.node.y = (y - canvas.height / 2) / state.scale - state.oy;
      drag.node.pinned = true;
      kick(0.3);
    } else {
      state.ox = drag.ox + dx;
      state.oy = drag.oy + dy;
      draw();
    }
  });
  canvas.addEventListener("pointerup", () => {
    if (drag && !drag.moved) {
      state.selected = drag.node ?? null;
      onSelect?.(state.selected);
      draw();
    }
    drag = null;
  });
  canvas.addEventListener("dblclick", (event) => {
    const node = nodeAt(event.clientX, event.clientY);
    if (node) onExpand?.(node);
  });
  canvas.addEventListener("wheel", (event) => {
    event.preventDefault();
    zoom(event.deltaY > 0 ? 0.85 : 1.18);
  }, { passive: false });

  // Keyboard: arrows walk the nodes in a stable order (most connected first, then by label), and the
  // view follows the selection when it leaves the screen.
  function keyOrder() {
    return [...state.nodes].sort((a, b) => (state.degree?.get(b.id) ?? 0) - (state.degree?.get(a.id) ?? 0)
      || String(a.label ?? a.id).localeCompare(String(b.label ?? b.id)));
  }
  function select(node) {
    state.selected = node;
    if (node) {
      const [x, y] = toScreen(node);
      if (x < 0 || y < 0 || x > canvas.width || y > canvas.height) { state.ox = -node.x; state.oy = -node.y; }
      announcer.textContent = t("graph.selected_announce", {
        label: node.label ?? node.id, kind: t(`graph.kind.${node.kind}`), degree: state.degree?.get(node.id) ?? 0,
      });
    } else {
      announcer.textContent = t("graph.selection_cleared");
    }
    onSelect?.(node);
    draw();
  }
  canvas.addEventListener("keydown", (event) => {
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (step && state.nodes.length) {
      const order = keyOrder();
      const at = state.selected ? order.indexOf(state.selected) : -1;
      select(order[at < 0 ? (step > 0 ? 0 : order.length - 1) : (at + step + order.length) % order.length]);
    } else if (event.key === "Enter" && state.selected) {
      onExpand?.(state.selected);
    } else if (event.key === "Escape" && state.selected) {
      select(null);
    } else if (event.key === "+" || event.key === "=") {
      zoom(1.3);
    } else if (event.key === "-") {
      zoom(0.77);
    } else if (event.key === "0") {
      fit();
    } else {
      return;
    }
    event.preventDefault();
  });

  function zoom(factor) {
    state.scale = Math.min(6, Math.max(0.08, state.scale * factor));
    draw();
  }

  function fit() {
    resize();
    if (!state.nodes.length) return;
    const xs = state.nodes.map((node) => node.x), ys = state.nodes.map((node) => node.y);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    state.ox = -(minX + maxX) / 2;
    state.oy = -(minY + maxY) / 2;
    state.scale = Math.min(3, 0.9 * Math.min(canvas.width / Math.max(50, maxX - minX), canvas.height / Math.max(50, maxY - minY)));
    draw();
  }

  const button = (id, text, key, action) => h("button", { type: "button", class: "button button--small button--secondary", id,
    "aria-label": t(key), title: t(key), onClick: action }, text);
  element.append(h("div", { class: "graph__controls" },
    button("graph-zoom-in", "+", "map.zoom_in", () => zoom(1.3)),
    button("graph-zoom-out", "−", "map.zoom_out", () => zoom(0.77)),
    button("graph-fit", "⤢", "graph.fit", fit)));
  resize();

  return {
    element,
    canvas,
    setData(data) {
      state.nodes = [];
      state.edges = [];
      state.byId = new Map();
      state.tiers = false;
      add(data);
      kick(1);
      setTimeout(fit, 600);
    },
    merge(data, anchor) {
      add(data, anchor);
      state.tiers = false;
      kick(0.6);
    },
    setFilter({ hiddenKinds, until }) {
      state.hiddenKinds = hiddenKinds ?? state.hiddenKinds;
      state.until = until === undefined ? state.until : until;
      draw();
    },
    /** Lays a gang out in tiers, top to bottom (tier 1 source, 2 distributor, 3 seller). */
    layoutTiers() {
      state.tiers = true;
      const rows = new Map();
      for (const node of state.nodes) {
        const tier = node.tierLevel ?? 4;
        (rows.get(tier) ?? rows.set(tier, []).get(tier)).push(node);
      }
      // Each tier is a band of up to 6 nodes per row; bands go top to bottom by tier.
      let top = 0;
      for (const tier of [...rows.keys()].sort((a, b) => a - b)) {
        const nodes = rows.get(tier);
        const columns = Math.min(6, nodes.length);
        nodes.forEach((node, index) => {
          node.x = ((index % columns) - (columns - 1) / 2) * 180;
          node.y = top + Math.floor(index / columns) * 45;
          node.pinned = true;
        });
        top += Math.ceil(nodes.length / columns) * 45 + 90;
      }
      fit();
    },
    highlight(ids) {
      state.highlight = ids;
      draw();
    },
    fit,
    stats() {
      return { nodes: state.nodes.length, edges: state.edges.length, visibleEdges: visibleEdges().length, frames: state.frames, running: state.running };
    },
    data() {
      return { nodes: state.nodes, edges: state.edges.filter(visibleEdge) };
    },
    destroy() {
      destroyed = true;
      observer?.disconnect();
      if (raf) cancelAnimationFrame(raf);
    },
  };
}
