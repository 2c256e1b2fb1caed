import { Graph, GraphEdge, GraphItem, groupsOf, nodesOf, Shape } from './graph';

/**
 * Graphviz DOT text of a graph, the same nodes, groups (clusters) and edges as the Mermaid text, for rendering SVG
 * with `dot` where Graphviz is installed. An edge from or to a group attaches to the group's first node and is
 * clipped at the cluster border (`compound=true` with `ltail`/`lhead`).
 */

/** A DOT double-quoted string. */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const SHAPES: Record<Shape, string> = {
  box: 'shape=box',
  rounded: 'shape=box, style="rounded"',
  stadium: 'shape=box, style="rounded"',
  cylinder: 'shape=cylinder',
  circle: 'shape=circle',
  hexagon: 'shape=hexagon',
};

const label = (lines: readonly string[]) => `"${lines.map((l) => l.replace(/\\/g, '\\\\').replace(/"/g, '\\"')).join('\\n')}"`;

/** The DOT text of a graph. */
export function toDot(graph: Graph, name = 'diagram'): string {
  const classes = graph.classes ?? {};
  const groups = new Map(groupsOf(graph).map((g) => [g.id, g]));

  const item = (i: GraphItem, depth: number): string[] => {
    const indent = '  '.repeat(depth);
    if (i.type === 'node') {
      const style = i.className ? classes[i.className] : undefined;
      const extra = [
        style?.strokeWidth ? `penwidth=${style.strokeWidth}` : undefined,
        style?.stroke ? `color=${dotString(style.stroke)}` : undefined,
      ].filter((p) => p !== undefined);
      return [`${indent}${dotString(i.id)} [${[SHAPES[i.shape ?? 'box'], `label=${label(i.lines)}`, ...extra].join(', ')}];`];
    }
    return [
      `${indent}subgraph ${dotString(`cluster_${i.id}`)} {`,
      `${indent}  label=${dotString(i.label)};`,
      ...i.children.flatMap((c) => item(c, depth + 1)),
      `${indent}}`,
    ];
  };

  const end = (id: string): { node?: string; cluster?: string } => {
    const group = groups.get(id);
    if (!group) return { node: id };
    return { node: nodesOf({ items: group.children })[0]?.id, cluster: dotString(`cluster_${id}`) };
  };

  const edge = (e: GraphEdge): string[] => {
    const from = end(e.from);
    const to = end(e.to);
    if (!from.node || !to.node) return [];
    const attributes = [
      e.label ? `label=${dotString(e.label)}` : undefined,
      e.style === 'dotted' ? 'style=dashed' : e.style === 'invisible' ? 'style=invis' : undefined,
      e.directed === false ? 'dir=none' : undefined,
      from.cluster ? `ltail=${from.cluster}` : undefined,
      to.cluster ? `lhead=${to.cluster}` : undefined,
    ].filter((a) => a !== undefined);
    return [`  ${dotString(from.node)} -> ${dotString(to.node)}${attributes.length ? ` [${attributes.join(', ')}]` : ''};`];
  };

  return [
    `digraph ${dotString(name)} {`,
    `  graph [rankdir=${graph.direction}, compound=true, fontname="Helvetica", fontsize=12];`,
    '  node [fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=10];',
    ...graph.items.flatMap((i) => item(i, 1)),
    ...graph.edges.flatMap(edge),
    '}',
    '',
  ].join('\n');
}
