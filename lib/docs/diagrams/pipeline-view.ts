import { StackModel } from './assembly';
import { Graph, GraphEdge, GraphNode } from './graph';
import { idFor } from './naming';
import { asArray, asObject, literal } from './references';

/** One action of a CodePipeline stage, as the template declares it. */
interface PipelineAction {
  readonly name: string;
  readonly category: string;
  readonly provider: string;
  readonly runOrder: number;
  readonly configuration: Record<string, unknown>;
}

/** The stages of the template's CodePipeline, in order, with their actions. */
function pipelineStages(stack: StackModel): { name: string; actions: PipelineAction[] }[] {
  const pipelines = Object.values(stack.template.Resources ?? {}).filter((r) => r.Type === 'AWS::CodePipeline::Pipeline');
  if (pipelines.length !== 1) throw new Error(`stack ${stack.path} holds ${pipelines.length} CodePipeline pipelines, expected 1`);
  return asArray(pipelines[0].Properties?.Stages).map((stage) => {
    const s = asObject(stage) ?? {};
    return {
      name: literal(s.Name) ?? '?',
      actions: asArray(s.Actions).map((action) => {
        const a = asObject(action) ?? {};
        const type = asObject(a.ActionTypeId) ?? {};
        return {
          name: literal(a.Name) ?? '?',
          category: literal(type.Category) ?? '?',
          provider: literal(type.Provider) ?? '?',
          runOrder: typeof a.RunOrder === 'number' ? a.RunOrder : 1,
          configuration: asObject(a.Configuration) ?? {},
        };
      }),
    };
  });
}

/** The commands of a CodeBuild project the template defines inline (`BuildSpec` JSON), install phase first. */
function buildCommands(stack: StackModel, projectName: unknown): string[] {
  const ref = literal(asObject(projectName)?.Ref);
  const spec = literal(asObject(ref ? stack.template.Resources?.[ref]?.Properties?.Source : undefined)?.BuildSpec);
  if (spec === undefined || !spec.trim().startsWith('{')) return [];
  const phases = asObject(asObject(JSON.parse(spec) as unknown)?.phases) ?? {};
  return ['install', 'pre_build', 'build'].flatMap((phase) => asArray(asObject(phases[phase])?.commands).flatMap((c) => (typeof c === 'string' ? [c] : [])));
}

/** The CLI words of a command, without the context it passes (`npm run synth -- -c …` → `npm run synth`). */
const shortCommand = (command: string) => command.replace(/ -- .*$/, '').replace(/ -a \. /, ' ');

/**
 * The delivery pipeline, from the pipeline stack's template: one node per pipeline stage, in order (the source with
 * its repository and branch, each CodeBuild step with the commands it runs, each deployed stage with its stacks), a
 * manual approval as a node of its own before the stage it guards, and an edge from each to the next.
 */
export function pipelineGraph(stack: StackModel): Graph {
  const nodes: GraphNode[] = [];
  for (const stage of pipelineStages(stack)) {
    const approvals = stage.actions.filter((a) => a.category === 'Approval');
    for (const approval of approvals) {
      nodes.push({
        type: 'node',
        id: idFor('approve', stage.name),
        lines: [`${stage.name}: manual approval`, 'a person approves in the console'],
        shape: 'hexagon',
        role: 'pipeline-approval',
        resources: [`${stack.id}/${stage.name}/${approval.name}`],
      });
    }
    const rest = stage.actions.filter((a) => a.category !== 'Approval');
    const source = rest.find((a) => a.category === 'Source');
    const deployed = [...new Set(rest.filter((a) => a.provider === 'CloudFormation').map((a) => a.name.replace(/\.(Prepare|Deploy)$/, '')))];
    const builds = rest.filter((a) => a.provider === 'CodeBuild');
    let lines: string[];
    let role: string;
    if (source) {
      const { FullRepositoryId: repository, BranchName: branch } = source.configuration;
      lines = [`${stage.name}`, `GitHub ${literal(repository) ?? '?'} · ${literal(branch) ?? '?'}`, `through a ${source.provider === 'CodeStarSourceConnection' ? 'CodeConnections connection' : source.provider}`];
      role = 'pipeline-source';
    } else if (deployed.length > 0) {
      lines = [`${stage.name} stage`, `${deployed.length} stacks, each a change set then its execution`];
      role = 'pipeline-deploy';
    } else {
      lines = [
        `${stage.name}: ${builds.map((b) => b.name).join(', ')}`,
        ...builds.flatMap((b) => buildCommands(stack, b.configuration.ProjectName).map(shortCommand)),
        ...(builds.length > 0 ? ['CodeBuild'] : []),
      ];
      role = stage.name === 'UpdatePipeline' ? 'pipeline-self-mutation' : stage.name === 'Assets' ? 'pipeline-assets' : 'pipeline-build';
    }
    nodes.push({
      type: 'node',
      id: idFor('stage', stage.name),
      lines,
      shape: source ? 'stadium' : 'rounded',
      role,
      resources: [`${stack.id}/${stage.name}`],
    });
  }
  const edges: GraphEdge[] = nodes.slice(1).map((node, i) => ({ from: nodes[i].id, to: node.id }));
  return { direction: 'LR', items: nodes, edges };
}
