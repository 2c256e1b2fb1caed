import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Stage } from 'aws-cdk-lib';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ASSEMBLY_INDEX_FILE, assemblyIndexMarkdown, writeAssemblyIndex } from '../../lib/docs/assembly-index';
import { cdkJsonContext, tempDir } from '../support/context';

/** A small app shaped like the real one: a stage with two stacks, one depending on the other and protected, one asset. */
function synthesizeFixture(outdir: string) {
  const app = new App({ outdir, context: cdkJsonContext(), builtinCloudFormationValidation: false });
  const stage = new Stage(app, 'alpha', { env: { region: 'ap-northeast-2' } });
  const base = new Stack(stage, 'Base');
  new sns.Topic(base, 'Topic');
  new sns.Topic(base, 'OtherTopic');
  const uses = new Stack(stage, 'Uses', { terminationProtection: true });
  new s3assets.Asset(uses, 'Readme', { path: path.join(__dirname, 'assembly-index.test.ts') });
  uses.addStackDependency(base);
  return app.synth();
}

describe('assembly index', () => {
  let outdir: string;
  let index: string;
  beforeAll(() => {
    outdir = tempDir('atlas-assembly-index');
    writeAssemblyIndex(synthesizeFixture(outdir), 'cdk.out');
    index = fs.readFileSync(path.join(outdir, ASSEMBLY_INDEX_FILE), 'utf8');
  }, 60_000);
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  /** The table rows of a stage: cells by column. */
  const rows = (markdown: string) => markdown
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.slice(2, -2).split(' | '));

  test('lists every stack of the stage with its deployed name, resource count, protection and dependencies', () => {
    expect(index).toContain('## alpha');
    expect(index).toContain('Region ap-northeast-2');
    expect(rows(index).map(([stack, name, , resources, protection, after]) => [stack, name, resources, protection, after])).toEqual([
      ['`alpha/Base`', '`alpha-Base`', '2', 'no', ''],
      ['`alpha/Uses`', '`alpha-Uses`', '0', '**yes**', 'Base'],
    ]);
  });

  test('links each template by its path relative to the index, and the file exists', () => {
    for (const [, , template] of rows(index)) {
      const [, text, target] = template.match(/^\[(.+)\]\((.+)\)$/)!;
      expect(target).toBe(`assembly-alpha/${text}`);
      expect(fs.existsSync(path.join(outdir, target))).toBe(true);
      expect(text).toMatch(/^alpha(Base|Uses)[0-9A-F]{8}\.template\.json$/);
    }
  });

  test('names each staged asset by what it holds and the stack using it', () => {
    const asset = index.split('\n').find((line) => line.startsWith('| [asset.'));
    expect(asset).toMatch(/^\| \[asset\.[0-9a-f]{12}…\.ts\]\(asset\.[0-9a-f]{64}\.ts\) \| Readme \| alpha\/Uses \|$/);
    expect(fs.existsSync(path.join(outdir, asset!.match(/\((asset\.[^)]+)\)/)![1]))).toBe(true);
  });

  test('shows how to read one template from the existing assembly, naming its largest stack', () => {
    expect(index).toContain('npx cdk synth --app cdk.out alpha/Base');
  });

  test('is the same from the directory as from the synthesized assembly, and has no timestamp', () => {
    expect(assemblyIndexMarkdown(outdir, 'cdk.out')).toBe(index);
    expect(index).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });
});
