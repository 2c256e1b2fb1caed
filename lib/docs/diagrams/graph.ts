/**
 * A small graph model between the derivations and the renderers: each view derives one `Graph` from the templates,
 * and the Mermaid and DOT texts are both written from it, so the two always show the same thing. It says what is
 * connected and what is grouped, never where anything goes: Mermaid (on GitHub) or Graphviz lays it out.
 */

/** The direction the layout engine ranks nodes in (top to bottom, left to right). */
export type Direction = 'TB' | 'LR';

/** A node's outline: what it is at a glance (a person, a store of data, an event, a compute resource, …). */
export type Shape = 'box' | 'rounded' | 'stadium' | 'cylinder' | 'circle' | 'hexagon';

/** One node. */
export interface GraphNode {
  readonly type: 'node';
  /** Identifier in the diagram text: letters, digits and `_`, starting with a letter. */
  readonly id: string;
  /** The label, one entry per line. */
  readonly lines: readonly string[];
  /** @default 'box' */
  readonly shape?: Shape;
  /** A style class of the graph (`protected`). */
  readonly className?: string;
  /** What the node stands for (`load-balancer`, `relational-database`, …): for tests and tooling, not drawn. */
  readonly role?: string;
  /** The resource keys (`<stack>/<logical id>`) the node stands for: not drawn. */
  readonly resources?: readonly string[];
}

/** A group of nodes (a Mermaid subgraph, a Graphviz cluster), possibly nested. */
export interface GraphGroup {
  readonly type: 'group';
  readonly id: string;
  readonly label: string;
  /** The layout direction inside the group; Mermaid ignores it when a member links outside the group. */
  readonly direction?: Direction;
  readonly children: readonly GraphItem[];
  /** What the group stands for (`availability-zone`, `stack`): not drawn. */
  readonly role?: string;
}

export type GraphItem = GraphNode | GraphGroup;

/** How an edge is drawn: `invisible` only steers the layout (keeps tiers in order). */
export type EdgeStyle = 'solid' | 'dotted' | 'invisible';

/** One edge, between nodes or groups. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  /** @default 'solid' */
  readonly style?: EdgeStyle;
  /** @default true */
  readonly directed?: boolean;
}

/** A style class: the few properties both renderers can express. */
export interface NodeClass {
  /** Outline width in pixels. */
  readonly strokeWidth?: number;
  /** Outline colour (`#b3261e`). */
  readonly stroke?: string;
}

/** A diagram. */
export interface Graph {
  readonly direction: Direction;
  readonly items: readonly GraphItem[];
  readonly edges: readonly GraphEdge[];
  readonly classes?: Readonly<Record<string, NodeClass>>;
}

/** Every node of a graph, depth first in drawing order. */
export function nodesOf(graph: Pick<Graph, 'items'>): GraphNode[] {
  const walk = (items: readonly GraphItem[]): GraphNode[] => items.flatMap((item) => (item.type === 'node' ? [item] : walk(item.children)));
  return walk(graph.items);
}

/** The group of a region (`regionGroup`): its label is `Region <code>`. */
export const REGION_ROLE = 'region';

/** A group per region around items, in the given region order; items of no region (undefined) stay outside. */
export function groupByRegion(regions: readonly string[], items: readonly { region?: string; item: GraphItem }[]): GraphItem[] {
  const outside = items.filter((i) => i.region === undefined || !regions.includes(i.region)).map((i) => i.item);
  const groups = regions
    .map((region): GraphGroup => ({
      type: 'group',
      id: `region_${region.replace(/[^A-Za-z0-9]+/g, '_')}`,
      label: `Region ${region}`,
      children: items.filter((i) => i.region === region).map((i) => i.item),
      role: REGION_ROLE,
    }))
    .filter((g) => g.children.length > 0);
  return [...outside, ...groups];
}

/** Every group of a graph, depth first. */
export function groupsOf(graph: Pick<Graph, 'items'>): GraphGroup[] {
  const walk = (items: readonly GraphItem[]): GraphGroup[] => items.flatMap((item) => (item.type === 'group' ? [item, ...walk(item.children)] : []));
  return walk(graph.items);
}

/** The nodes an edge end stands for: the node itself, or every node inside a group. */
export function endpointNodes(graph: Graph, id: string): GraphNode[] {
  const group = groupsOf(graph).find((g) => g.id === id);
  if (group) return nodesOf({ items: group.children });
  return nodesOf(graph).filter((n) => n.id === id);
}

/** The directed, visible edges of a graph between nodes: an edge from or to a group counts for each member. */
export function nodeEdges(graph: Graph): { from: GraphNode; to: GraphNode; label?: string; style: EdgeStyle }[] {
  return graph.edges
    .filter((e) => e.style !== 'invisible' && e.directed !== false)
    .flatMap((e) => endpointNodes(graph, e.from).flatMap((from) => endpointNodes(graph, e.to).map((to) => ({ from, to, label: e.label, style: e.style ?? 'solid' }))));
}

/**
 * Whether the graph has a path through nodes of the given roles, in order, each step one directed edge (`['user',
 * 'load-balancer', 'instances', 'relational-database']`).
 */
export function hasPath(graph: Graph, roles: readonly string[]): boolean {
  const edges = nodeEdges(graph);
  let frontier = nodesOf(graph).filter((n) => n.role === roles[0]);
  for (const role of roles.slice(1)) {
    const next = new Map<string, GraphNode>();
    for (const edge of edges) {
      if (edge.to.role === role && frontier.some((n) => n.id === edge.from.id)) next.set(edge.to.id, edge.to);
    }
    frontier = [...next.values()];
  }
  return frontier.length > 0;
}
