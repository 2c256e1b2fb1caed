import { StackModel, StageModel } from './assembly';
import { Graph, GraphGroup, groupsOf, hasPath, nodesOf, REGION_ROLE } from './graph';
import { toMermaid } from './mermaid';
import { networkGraph } from './network-view';
import { pipelineGraph } from './pipeline-view';
import { requestPathsGraph } from './request-paths-view';
import { stacksGraph } from './stacks-view';

/** The three views of a stage, and the delivery pipeline's. */
export type ViewName = 'stacks' | 'network' | 'request-paths' | 'pipeline';

/** One derived diagram. */
export interface StageView {
  readonly stage: string;
  readonly view: ViewName;
  readonly graph: Graph;
}

/** Everything `npm run diagram` writes, as text. */
export interface GeneratedDiagrams {
  /** The content of `docs/architecture.md`. */
  readonly architecture: string;
  /** The content of the README's `diagram-sandbox` block. */
  readonly readmeBlock: string;
  /** Every view of every stage (the SVG files are rendered from these). */
  readonly views: readonly StageView[];
}

/** Where the generated Markdown lives, relative to the project root. */
export const ARCHITECTURE_FILE = 'docs/architecture.md';
/** The README block the sandbox diagram goes to. */
export const README_BLOCK = 'diagram-sandbox';
/** The stage the README shows. */
export const README_STAGE = 'sandbox';
/** The heading of the delivery pipeline's section in `docs/architecture.md`, and its anchor. */
export const PIPELINE_HEADING = 'Delivery pipeline (optional)';
export const PIPELINE_ANCHOR = 'delivery-pipeline-optional';

const fence = (graph: Graph) => ['```mermaid', toMermaid(graph), '```'].join('\n');

/** The views of one stage. */
export function stageViews(stage: StageModel): StageView[] {
  return [
    { stage: stage.name, view: 'stacks', graph: stacksGraph(stage) },
    { stage: stage.name, view: 'network', graph: networkGraph(stage) },
    { stage: stage.name, view: 'request-paths', graph: requestPathsGraph(stage) },
  ];
}

/** The AZs the network view found (its AZ groups, in order). */
function zonesOf(network: Pick<Graph, 'items'>): string[] {
  return groupsOf(network).filter((g) => g.role === 'availability-zone').map((g) => g.label);
}

/**
 * Where a stage runs: each region with the AZs the network view found in it, the primary (the region of the stage's
 * first stacks) first; `region-agnostic` when the stacks name no region.
 */
function placement(stage: StageModel, network: Graph): string {
  const regionGroups = groupsOf(network).filter((g) => g.role === REGION_ROLE);
  const inRegion = (region: string): Pick<Graph, 'items'> => ({ items: regionGroups.find((g: GraphGroup) => g.label === `Region ${region}`)?.children ?? [] });
  if (stage.regions.length === 0) {
    const zones = zonesOf(network);
    return `region-agnostic · ${zones.length} availability zones (${zones.join(', ')})`;
  }
  return stage.regions
    .map((region, i) => {
      const zones = zonesOf(inRegion(region));
      const part = stage.regions.length === 1 ? '' : i === 0 ? ' (primary)' : ' (standby)';
      return `${region}${part} · ${zones.length} availability zones (${zones.join(', ')})`;
    })
    .join('; ');
}

function stageSection(stage: StageModel, views: StageView[]): string[] {
  const [stacks, network, paths] = views.map((v) => v.graph);
  const protectedStacks = stage.stacks.filter((s) => s.terminationProtection).map((s) => s.id);
  return [
    `## ${stage.name}`,
    '',
    `${placement(stage, network)} · ${stage.stacks.length} stacks, from \`cdk.out/${stage.directory}/\`.`,
    '',
    `### ${stage.name}: stacks and deployment order`,
    '',
    `Each stack of the manifest with what its template holds, in a box per region it deploys to; an arrow leads from a stack to one that deploys after it because it depends on it (across regions too)${
      protectedStacks.length > 0 ? `; a heavy red outline marks termination protection (${protectedStacks.join(', ')})` : '; no stack is termination-protected'
    }.`,
    '',
    fence(stacks),
    '',
    `### ${stage.name}: network`,
    '',
    'Per region, each VPC with the subnet tiers in each availability zone the subnets name, listing what runs in each subnet (found by its subnet references), with the routes to the internet and NAT gateways; gateway endpoints, flow logs and hybrid gateways hang off the VPC. A single-AZ database is listed in every AZ of its subnet group: RDS picks one.',
    '',
    fence(network),
    '',
    `### ${stage.name}: request paths`,
    '',
    `Every edge follows a reference in the templates (across regions too), grouped by the stack that holds the resource and the stacks by region: DNS and CloudFront (its origin group's primary and fallback), the load balancer's listener rules to compute, security-group rules from compute to the data stores, events to functions, the audit trail, alarms to their topic.${
      nodesOf(paths).some((n) => n.role === 'cdn') && !hasPath(paths, ['dns', 'cdn']) ? ' No Route 53 record of this stage points at the CloudFront distribution: users reach it by its own domain name.' : ''
    }`,
    '',
    fence(paths),
    '',
  ];
}

function pipelineSection(pipeline: StackModel, graph: Graph): string[] {
  return [
    `## ${PIPELINE_HEADING}`,
    '',
    `The \`${pipeline.path}\` stack that \`-c pipelineRepository=… -c pipelineConnectionArn=…\` adds (drawn here with placeholders for both), from its CodePipeline's stages in order: every push to the branch runs the tests and the gated synth, updates the pipeline itself, publishes the assets, then deploys each stage, stack by stack; a hexagon is a manual approval.`,
    '',
    fence(graph),
    '',
  ];
}

/** `docs/architecture.md` and the README block, from the synthesized stages (and the pipeline's stack, if given). */
export function generateDiagrams(stages: readonly StageModel[], pipeline?: StackModel): GeneratedDiagrams {
  const pipelineView: StageView[] = pipeline ? [{ stage: 'pipeline', view: 'pipeline', graph: pipelineGraph(pipeline) }] : [];
  const views = [...stages.flatMap((stage) => stageViews(stage)), ...pipelineView];
  const readmeStage = views.find((v) => v.stage === README_STAGE && v.view === 'request-paths');
  if (!readmeStage) throw new Error(`no stage '${README_STAGE}' in the assembly (it has ${stages.map((s) => s.name).join(', ')}): the README shows that stage`);
  const architecture = [
    '# Architecture diagrams',
    '',
    '<!-- Generated by `npm run diagram` (bin/diagram.ts) from the synthesized app. Do not edit by hand: `npm test` fails when this file no longer matches the app. -->',
    '',
    'Generated from the synthesized app by `npm run diagram`, never drawn by hand: each stage\'s cloud assembly',
    '(`assembly-<stage>/manifest.json`: stacks, their dependencies, termination protection) and its templates',
    '(resource types, and the references between resources, followed across stacks). Mermaid lays the diagrams out',
    '(GitHub renders them); where Graphviz is installed, `npm run diagram` also writes them as SVG to `docs/diagrams/`.',
    '`npm test` fails when this file no longer matches the app: run `npm run diagram` and commit the result.',
    '',
    'Shapes: a cylinder stores data, a hexagon is an event source or a set of alarms, a stadium sits at the edge of',
    'the network; a dotted line observes or records rather than serves a request.',
    '',
    ...stages.map((s) => `- [${s.name}](#${s.name}): [stacks](#${s.name}-stacks-and-deployment-order) · [network](#${s.name}-network) · [request paths](#${s.name}-request-paths)`),
    ...(pipeline ? [`- [${PIPELINE_HEADING.toLowerCase()}](#${PIPELINE_ANCHOR})`] : []),
    '',
    ...stages.flatMap((stage) => stageSection(stage, views.filter((v) => v.stage === stage.name))),
    ...(pipeline ? pipelineSection(pipeline, pipelineView[0].graph) : []),
  ].join('\n');
  const readmeBlock = [
    fence(readmeStage.graph),
    '',
    `<sub>The ${README_STAGE} stage: each outer box is a stack, each edge a reference in its templates. Generated by \`npm run diagram\`; every stage, the deployment order and the network across the availability zones: [${ARCHITECTURE_FILE}](${ARCHITECTURE_FILE}).</sub>`,
  ].join('\n');
  return { architecture, readmeBlock, views };
}
