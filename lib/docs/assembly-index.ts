import * as fs from 'fs';
import * as path from 'path';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { readStages, StageModel } from './diagrams/assembly';

/**
 * A readable index of a cloud assembly (`cdk.out/index.md`): per stage, which template file is which stack, under
 * which CloudFormation name, with how many resources and whether it is termination-protected; then which hashed
 * `asset.*` entry holds what. Written by `bin/atlas.ts` after every synth, so nobody decodes hashed names.
 */

/** The file the index is written to, inside the outdir. */
export const ASSEMBLY_INDEX_FILE = 'index.md';

/** What `manifest.json`, `tree.json`, … are, for the files an assembly may hold beside the stages. */
const KNOWN_FILES: Record<string, string> = {
  'manifest.json': 'the cloud assembly manifest: the stages (nested assemblies) this index is read from',
  'tree.json': 'the construct tree of the app',
  'validation-report.json': 'the findings of the compliance gate (every pack and plugin), acknowledged ones with their reason',
};

interface AssetUse {
  readonly entry: string;
  readonly what: Set<string>;
  readonly usedBy: Set<string>;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The `asset.*` entries of the outdir, with what they hold (the asset's display name) and the stacks using them. */
function assetsOf(assembly: cxapi.CloudAssembly): AssetUse[] {
  const outdir = assembly.directory;
  const uses = new Map<string, AssetUse>();
  const nested = [assembly, ...assembly.nestedAssemblies.map((n) => n.nestedAssembly)];
  for (const stageAssembly of nested) {
    for (const stack of stageAssembly.stacks) {
      for (const manifest of stack.dependencies.filter(cxapi.AssetManifestArtifact.isAssetManifestArtifact)) {
        const { files = {}, dockerImages = {} } = manifest.contents;
        for (const asset of [...Object.values(files), ...Object.values(dockerImages)]) {
          const source = (asset.source as { path?: string; directory?: string }).path ?? (asset.source as { directory?: string }).directory;
          if (!source) continue;
          const entry = path.relative(outdir, path.resolve(stageAssembly.directory, source));
          if (!/^asset\.[^/\\]+$/.test(entry)) continue;
          const use = uses.get(entry) ?? { entry, what: new Set<string>(), usedBy: new Set<string>() };
          if (asset.displayName) use.what.add((asset.displayName.startsWith(`${stack.hierarchicalId}/`) ? asset.displayName.slice(stack.hierarchicalId.length + 1) : asset.displayName));
          use.usedBy.add(stack.hierarchicalId);
          uses.set(entry, use);
        }
      }
    }
  }
  return [...uses.values()].sort((a, b) => a.entry.localeCompare(b.entry));
}

function stageTable(stage: StageModel): string[] {
  const link = (file: string) => (stage.directory === '.' ? file : `${stage.directory}/${file}`);
  return [
    `## ${stage.name || 'app'}`,
    '',
    `${stage.region ? `Region ${stage.region}` : 'Region-agnostic'} · \`${stage.directory === '.' ? '.' : `${stage.directory}/`}\``,
    '',
    '| stack | deployed as | template | resources | termination protection | deploys after |',
    '|---|---|---|---:|---|---|',
    ...stage.stacks.map((stack) => [
      `\`${stack.path}\``,
      `\`${stack.stackName}\``,
      `[${stack.templateFile}](${link(stack.templateFile)})`,
      String(Object.keys(stack.template.Resources ?? {}).length),
      stack.terminationProtection ? '**yes**' : 'no',
      stack.dependencies.join(', '),
    ].map(cell).join(' | ')).map((row) => `| ${row} |`),
    '',
  ];
}

/**
 * The index of a cloud assembly, as Markdown.
 *
 * @param assembly the assembly `app.synth()` returned, or the directory it was written to
 * @param appPath how a command run from the working directory names the assembly (`cdk.out`)
 */
export function assemblyIndexMarkdown(assembly: cxapi.CloudAssembly | string, appPath?: string): string {
  const cloudAssembly = typeof assembly === 'string' ? new cxapi.CloudAssembly(path.resolve(assembly)) : assembly;
  const stages = readStages(cloudAssembly);
  const relative = path.relative(process.cwd(), cloudAssembly.directory);
  const app = appPath ?? (relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : cloudAssembly.directory);
  // The example reads the largest template of the first stage: the one most worth reading as YAML.
  const size = (resources?: object) => Object.keys(resources ?? {}).length;
  const example = [...(stages[0]?.stacks ?? [])].sort((a, b) => size(b.template.Resources) - size(a.template.Resources))[0]?.path ?? '<stage>/<stack>';
  const assets = assetsOf(cloudAssembly);
  const files = Object.keys(KNOWN_FILES).filter((f) => fs.existsSync(path.join(cloudAssembly.directory, f)));
  return [
    `# ${path.basename(cloudAssembly.directory)}`,
    '',
    'Which file is which stack of which stage. Written after every synth by `bin/atlas.ts` (`lib/docs/assembly-index.ts`);',
    'stacks in manifest order, "deploys after" lists the stacks each one depends on.',
    '',
    'To print one stack\'s template as YAML from this assembly, without synthesizing again (offline, no credentials):',
    '',
    '```sh',
    `npx cdk synth --app ${app} ${example}`,
    `npx cdk ls --app ${app}     # every stack: <stage>/<stack> (<deployed name>)`,
    '```',
    '',
    ...stages.flatMap(stageTable),
    ...(assets.length > 0
      ? [
        '## Assets',
        '',
        'Staged files the templates deploy (Lambda code, the sample site, …), named by the hash of their content.',
        '',
        '| entry | holds | used by |',
        '|---|---|---|',
        ...assets.map((a) => `| ${[`[${a.entry.replace(/^(asset\.[0-9a-f]{12})[0-9a-f]{52}/, '$1…')}](${a.entry})`, [...a.what].sort().join(', '), [...a.usedBy].sort().join(', ')].map(cell).join(' | ')} |`),
        '',
      ]
      : []),
    ...(files.length > 0 ? ['## Other files', '', ...files.map((f) => `- [${f}](${f}): ${KNOWN_FILES[f]}`), ''] : []),
  ].join('\n');
}

/**
 * Writes `<outdir>/index.md` for a synthesized assembly and returns its path.
 *
 * @param assembly the assembly `app.synth()` returned, or the directory it was written to
 */
export function writeAssemblyIndex(assembly: cxapi.CloudAssembly | string, appPath?: string): string {
  const directory = typeof assembly === 'string' ? path.resolve(assembly) : assembly.directory;
  const file = path.join(directory, ASSEMBLY_INDEX_FILE);
  fs.writeFileSync(file, assemblyIndexMarkdown(assembly, appPath));
  return file;
}
