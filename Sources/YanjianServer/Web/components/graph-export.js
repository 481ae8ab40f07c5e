// Exports of what the graph view shows: GraphML and GEXF (open in Gephi or yEd) and the two CSV
// tables (entities, links) that i2 Analyst's Notebook imports. Labels are exported as shown, so a
// masked view exports masked data.

const xml = (text) => String(text ?? "").replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" }[c]));
const csv = (text) => {
  const value = String(text ?? "");
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
};

export function toGraphML({ nodes, edges }) {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
    '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
    '  <key id="gang" for="node" attr.name="gang" attr.type="string"/>',
    '  <key id="link" for="edge" attr.name="kind" attr.type="string"/>',
    '  <key id="count" for="edge" attr.name="count" attr.type="int"/>',
    '  <graph id="yanjian" edgedefault="directed">',
  ];
  nodes.forEach((node, index) => lines.push(`    <node id="n${index}"><data key="label">${xml(node.label)}</data><data key="kind">${xml(node.kind)}</data><data key="gang">${xml(node.gang ?? "")}</data></node>`));
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  edges.forEach((edge, i) => lines.push(`    <edge id="e${i}" source="n${index.get(edge.source)}" target="n${index.get(edge.target)}"><data key="link">${xml(edge.kind)}</data><data key="count">${edge.count ?? 1}</data></edge>`));
  lines.push("  </graph>", "</graphml>");
  return lines.join("\n");
}

export function toGEXF({ nodes, edges }) {
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
    '  <graph defaultedgetype="directed">',
    '    <attributes class="node"><attribute id="0" title="kind" type="string"/><attribute id="1" title="gang" type="string"/></attributes>',
    "    <nodes>",
    ...nodes.map((node, i) => `      <node id="n${i}" label="${xml(node.label)}"><attvalues><attvalue for="0" value="${xml(node.kind)}"/><attvalue for="1" value="${xml(node.gang ?? "")}"/></attvalues></node>`),
    "    </nodes>",
    "    <edges>",
    ...edges.map((edge, i) => `      <edge id="e${i}" source="n${index.get(edge.source)}" target="n${index.get(edge.target)}" label="${xml(edge.kind)}" weight="${edge.count ?? 1}"/>`),
    "    </edges>",
    "  </graph>",
    "</gexf>",
  ].join("\n");
}

/** i2 ANB import tables: entities (id, type, label) and links (from, to, type, count, first, last). */
export function toI2({ nodes, edges }) {
  const index = new Map(nodes.map((node, i) => [node.id, `E${i + 1}`]));
  const entities = ["Entity ID,Entity Type,Label,Gang,Tier", ...nodes.map((node) =>
    [index.get(node.id), node.kind, node.label, node.gang ?? "", node.tier ?? ""].map(csv).join(","))].join("\r\n");
  const day = (seconds) => (seconds ? new Date(seconds * 1000).toISOString().slice(0, 10) : "");
  const links = ["From,To,Link Type,Count,First,Last", ...edges.map((edge) =>
    [index.get(edge.source), index.get(edge.target), edge.kind, edge.count ?? 1, day(edge.first), day(edge.last)].map(csv).join(","))].join("\r\n");
  return { entities, links };
}
