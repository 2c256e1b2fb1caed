import { StageModel } from './assembly';
import { Graph, GraphNode } from './graph';
import { customResourceHandlers, idFor } from './naming';
import { StageIndex } from './references';
import { counted, holdings, wrapItems } from './vocabulary';

/**
 * The stacks of a stage and their deployment dependencies, from the cloud assembly manifest: one node per stack
 * artifact, labelled with what its template holds, and an edge from each stack to every stack that the manifest
 * says depends on it (the order `cdk deploy` follows). Termination-protected stacks are drawn with a heavy outline.
 */
export function stacksGraph(stage: StageModel): Graph {
  const index = new StageIndex(stage);
  const helpers = customResourceHandlers(index);
  const nodeId = (stackId: string) => idFor('stack', stackId);
  const nodes = stage.stacks.map((stack): GraphNode => {
    const resources = Object.values(stack.template.Resources ?? {});
    const helperCount = index.all().filter((l) => l.stack === stack && helpers.has(l.key)).length;
    return {
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
  });
  return {
    direction: 'LR',
    items: nodes,
    edges: stage.stacks.flatMap((stack) => stack.dependencies.map((dependency) => ({ from: nodeId(dependency), to: nodeId(stack.id) }))),
    classes: { protected: { strokeWidth: 3, stroke: '#b3261e' } },
  };
}
