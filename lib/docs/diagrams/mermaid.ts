import { Graph, GraphEdge, GraphItem, NodeClass, Shape } from './graph';

/**
 * Mermaid `flowchart` text of a graph: what GitHub and common Markdown editors render, with Mermaid's own layout.
 * Uses only long-standing flowchart syntax (quoted labels, `<br/>` line breaks, subgraphs with `direction`, `~~~`
 * invisible links, `classDef`), and refuses identifiers Mermaid would misread.
 */

const ID = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Words the flowchart grammar reserves; as an id they break the diagram. */
const RESERVED = new Set(['end', 'subgraph', 'graph', 'flowchart', 'direction', 'style', 'class', 'classdef', 'click', 'linkstyle', 'call', 'href']);

/** Throws when an id cannot be used as a Mermaid node or subgraph id. */
export function checkMermaidId(id: string): string {
  if (!ID.test(id) || RESERVED.has(id.toLowerCase())) throw new Error(`'${id}' is not a safe Mermaid id: use letters, digits and _, starting with a letter, and no keyword`);
  return id;
}

/** Text inside a quoted Mermaid label: quotes and angle brackets as entity codes, so only our `<br/>` is markup. */
export function escapeMermaid(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

const OPEN_CLOSE: Record<Shape, [string, string]> = {
  box: ['["', '"]'],
  rounded: ['("', '")'],
  stadium: ['(["', '"])'],
  cylinder: ['[("', '")]'],
  circle: ['(("', '"))'],
  hexagon: ['{{"', '"}}'],
};

function nodeText(lines: readonly string[], shape: Shape = 'box'): string {
  const [open, close] = OPEN_CLOSE[shape];
  return `${open}${lines.map(escapeMermaid).join('<br/>')}${close}`;
}

function itemLines(item: GraphItem, depth: number): string[] {
  const indent = '  '.repeat(depth);
  if (item.type === 'node') return [`${indent}${checkMermaidId(item.id)}${nodeText(item.lines, item.shape)}`];
  return [
    `${indent}subgraph ${checkMermaidId(item.id)}["${escapeMermaid(item.label)}"]`,
    ...(item.direction ? [`${indent}  direction ${item.direction}`] : []),
    ...item.children.flatMap((child) => itemLines(child, depth + 1)),
    `${indent}end`,
  ];
}

function edgeLine(edge: GraphEdge): string {
  const style = edge.style ?? 'solid';
  const directed = edge.directed ?? true;
  const label = edge.label ? `|"${escapeMermaid(edge.label)}"|` : '';
  if (style === 'invisible') return `  ${checkMermaidId(edge.from)} ~~~ ${checkMermaidId(edge.to)}`;
  const arrow = style === 'dotted' ? (directed ? '-.->' : '-.-') : directed ? '-->' : '---';
  return `  ${checkMermaidId(edge.from)} ${arrow}${label} ${checkMermaidId(edge.to)}`;
}

function classLine(name: string, style: NodeClass): string {
  const parts = [
    style.stroke ? `stroke:${style.stroke}` : undefined,
    style.strokeWidth ? `stroke-width:${style.strokeWidth}px` : undefined,
  ].filter((p): p is string => p !== undefined);
  return `  classDef ${checkMermaidId(name)} ${parts.join(',')}`;
}

/** The Mermaid flowchart text of a graph (without the Markdown code fence). */
export function toMermaid(graph: Graph): string {
  const classes = Object.entries(graph.classes ?? {});
  const members = (name: string) => {
    const ids: string[] = [];
    const walk = (items: readonly GraphItem[]) => items.forEach((i) => (i.type === 'node' ? i.className === name && ids.push(i.id) : walk(i.children)));
    walk(graph.items);
    return ids;
  };
  return [
    `flowchart ${graph.direction}`,
    ...graph.items.flatMap((item) => itemLines(item, 1)),
    ...graph.edges.map(edgeLine),
    ...classes.map(([name, style]) => classLine(name, style)),
    ...classes.filter(([name]) => members(name).length > 0).map(([name]) => `  class ${members(name).join(',')} ${name}`),
  ].join('\n');
}
