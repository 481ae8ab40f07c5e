// A small DOM builder: h("p", { class: "note" }, "text", child).
// Text always goes in through text nodes (textContent), never innerHTML, so data cannot
// become markup; event handlers are attached with addEventListener (CSP forbids inline ones).

const SVG_NS = "http://www.w3.org/2000/svg";
const FORBIDDEN = new Set(["style", "innerHTML", "outerHTML"]);

function apply(element, attrs) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (FORBIDDEN.has(name)) throw new Error(`h(): "${name}" is not allowed; use a CSS class`);
    if (value == null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === "value" && "value" in element) {
      element.value = String(value);
    } else if (name === "dataset") {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * Creates an HTML element.
 * - attrs: attribute → value (`true` = present, `false`/null = absent); `onClick`-style keys
 *   take listeners; `value` sets the property; `dataset` takes an object.
 * - children: nodes, strings or numbers (as text), arrays of them; null/false are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  apply(element, attrs);
  append(element, children);
  return element;
}

/** The same as `h` for SVG elements (charts, icons). */
export function svg(tag, attrs = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  apply(element, attrs);
  append(element, children);
  return element;
}
