import { StageModel } from './assembly';
import { Graph, GraphNode, groupByRegion } from './graph';
import { customResourceHandlers, idFor } from './naming';
import { StageIndex } from './references';
import { counted, holdings, wrapItems } from './vocabulary';

/**
 * The stacks of a stage and their deployment dependencies, from the cloud assembly manifest: one node per stack
 * artifact, labelled with what its template holds, and an edge from each stack to every stack that the manifest
 * says depends on it (the order `cdk deploy` follows), cross-region dependencies included. Stacks are grouped by the
 * region they deploy to (a stage with a standby region has two groups). Termination-protected stacks are drawn with a
 * heavy outline.
 */
export function stacksGraph(stage: StageModel): Graph {
  const index = new StageIndex(stage);
  const helpers = customResourceHandlers(index);
  const nodeId = (stackId: string) => idFor('stack', stackId);
  const nodes = stage.stacks.map((stack): { region?: string; item: GraphNode } => {
    const resources = Object.values(stack.template.Resources ?? {});
    const helperCount = index.all().filter((l) => l.stack === stack && helpers.has(l.key)).length;
    const item: GraphNode = {
      type: 'node',
      id: nodeId(stack.id),
      lines: [
        stack.terminationProtection ? `${stack.id} · termination-protected` : stack.id,
        ...wrapItems(holdings(resources, helperCount)),
        counted(resources.length, 'resource', 'resources') + ' in all',
      ],
      shape: 'rounded',
      className: stack.terminationProtection ? 'protected' : undefined,
      role: 'stack',
      resources: [stack.id],
    };
    return { region: stack.region, item };
  });
  return {
    direction: 'LR',
    items: groupByRegion(stage.regions, nodes),
    edges: stage.stacks.flatMap((stack) => stack.dependencies.map((dependency) => ({ from: nodeId(dependency), to: nodeId(stack.id) }))),
    classes: { protected: { strokeWidth: 3, stroke: '#b3261e' } },
  };
}
