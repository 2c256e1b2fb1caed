import * as fs from 'fs';
import * as path from 'path';
import { App, RemovalPolicy, Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { addAtlasStages, PIPELINE_STACK_ID } from '../../lib/atlas-app';
import { configureStage, CONNECTION_ARN, GITHUB_REPOSITORY, PRESETS, projectCdkCliVersion, STAGE_NAMES } from '../../lib/config';
import {
  CDK_ASSETS_VERSION,
  DeliveryPipeline,
  DeliveryStage,
  INSTALL_COMMAND,
  PROTECT_STEP,
  SYNTH_COMMAND,
  TEST_COMMAND,
} from '../../lib/management/delivery-pipeline';
import { PipelineStack } from '../../lib/stacks/pipeline-stack';
import { unitTestApp } from '../support/app';
import { stackIds, stackTemplateJson } from '../support/assembly';
import { ROOT, tempDir } from '../support/context';
import { readDoc, section, shellLines } from '../support/readme';
import { joinedText, referencedIds, refTarget, referrersOf, resourceOf, resourcesOfType, TemplateResource } from '../support/select';

const REPOSITORY = 'corp-lab/aws-service-atlas';
const CONNECTION = 'arn:aws:codeconnections:ap-northeast-2:123456789012:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789';
const OLD_CONNECTION = 'arn:aws:codestar-connections:ap-northeast-2:123456789012:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789';
const DOMAIN = 'atlas.corp-lab.net';
const ALARM_EMAIL = "o'neil+ops@corp-lab.net";

/** The version of the CDK CLI that package.json pins, read here as the pipeline reads it. */
const pinnedCli = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies[
  'aws-cdk'
];

// The whole app with the pipeline switched on, built once for the file (both stages, no compliance gate).
const app = unitTestApp();
addAtlasStages(app, { compliance: false, pipelineRepository: REPOSITORY, pipelineConnectionArn: CONNECTION, domain: DOMAIN, alarmEmail: ALARM_EMAIL });
const pipelineStack = app.node.findChild(PIPELINE_STACK_ID) as PipelineStack;
const { deliveryPipeline } = pipelineStack;
const template = Template.fromStack(pipelineStack);
const codePipeline = resourceOf(template, deliveryPipeline.pipeline.pipeline, 'AWS::CodePipeline::Pipeline');

interface PipelineAction {
  Name: string;
  ActionTypeId: { Category: string; Provider: string };
  Configuration?: Record<string, unknown>;
  RoleArn?: unknown;
  RunOrder: number;
}
interface PipelineStage {
  Name: string;
  Actions: PipelineAction[];
}
const pipelineStages = (pipeline: TemplateResource) => pipeline.Properties.Stages as PipelineStage[];
const stageNamed = (pipeline: TemplateResource, name: string) => pipelineStages(pipeline).find((s) => s.Name === name)!;

/** A template string value, with every `Ref` inside an `Fn::Join` shown as `<name>` (e.g. `<AWS::AccountId>`). */
const rendered = (value: unknown): string =>
  joinedText(value, (part) => {
    const ref = (part as { Ref?: string }).Ref;
    if (ref) return `<${ref}>`;
    throw new Error(`not a string, Fn::Join or Ref: ${JSON.stringify(part)}`);
  });

/** The build spec of a CodeBuild project, parsed (a spec that names the account or partition is an Fn::Join). */
const buildSpecOf = (project: TemplateResource) =>
  JSON.parse(rendered((project.Properties.Source as { BuildSpec: unknown }).BuildSpec)) as {
    phases: Record<string, { commands?: string[]; 'runtime-versions'?: Record<string, string> }>;
    artifacts?: Record<string, unknown>;
  };

/** Every statement of the policies attached to a role. */
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}
function statementsOf(tpl: Template, role: TemplateResource): Statement[] {
  return referrersOf(tpl, role, 'AWS::IAM::Policy', 'Roles').flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}
const actionsOf = (statement: { Action: string | string[] }) => [statement.Action].flat();

/** A small stage to deploy: one stack with one topic, in an account of its own when given. */
function tinyStage(scope: App, id: string, account?: string): Stage {
  const stage = new Stage(scope, id, { env: account ? { account, region: 'ap-northeast-2' } : undefined });
  new sns.Topic(new Stack(stage, 'Topics'), 'Topic');
  return stage;
}

/** A `DeliveryPipeline` alone, in a stack of a unit-test app, deploying the given stages. */
function pipelineOf(
  connectionArn: string,
  build: (app: App) => { account?: string; stages: DeliveryStage[] },
): { pipeline: DeliveryPipeline; template: Template } {
  const scratch = unitTestApp();
  const { account, stages: deliveryStages } = build(scratch);
  const stack = new Stack(scratch, 'Scratch', { env: { account, region: 'ap-northeast-2' } });
  const pipeline = new DeliveryPipeline(stack, 'DeliveryPipeline', {
    repository: REPOSITORY,
    connectionArn,
    synthContext: {},
    cliVersion: '2.1148.1',
    stages: deliveryStages,
    logRetention: RetentionDays.ONE_WEEK,
    logRemovalPolicy: RemovalPolicy.DESTROY,
  });
  return { pipeline, template: Template.fromStack(stack) };
}

describe('delivery pipeline: on and off', () => {
  test('without its context the app has no pipeline stack, only the stages', () => {
    const plain = unitTestApp();
    addAtlasStages(plain, { compliance: false });
    expect(plain.node.tryFindChild(PIPELINE_STACK_ID)).toBeUndefined();
    expect(
      plain.node.children
        .filter((c) => Stage.isStage(c) || Stack.isStack(c))
        .map((c) => c.node.id)
        .sort(),
    ).toEqual([...STAGE_NAMES].sort());
  });

  test('switching it on adds the pipeline stack and changes no template of the stages', () => {
    const withPipeline = unitTestApp();
    const built = addAtlasStages(withPipeline, { compliance: false, pipelineRepository: REPOSITORY, pipelineConnectionArn: CONNECTION });
    expect(
      withPipeline.node.children
        .filter((c) => Stage.isStage(c) || Stack.isStack(c))
        .map((c) => c.node.id)
        .sort(),
    ).toEqual([PIPELINE_STACK_ID, ...STAGE_NAMES].sort());
    // The baseline is the global setup's plain synth of every stage (no pipeline), which the snapshots pin.
    const assembly = withPipeline.synth();
    for (const stage of built) {
      const nested = assembly.getNestedAssembly(stage.artifactId);
      const ids = nested.stacks.map((s) => s.hierarchicalId.slice(stage.stageName.length + 1));
      expect([...ids].sort()).toEqual(stackIds(stage.config.stageName));
      nested.stacks.forEach((stack, i) => {
        expect([stack.hierarchicalId, stack.template]).toEqual([stack.hierarchicalId, stackTemplateJson(stage.config.stageName, ids[i])]);
      });
    }
  });

  test("a CodePipeline of type V2, in the first stage's region", () => {
    expect(codePipeline.Properties.PipelineType).toBe('V2');
    expect(pipelineStack.region).toBe(PRESETS[STAGE_NAMES[0]].region);
    // Selected by its id (`Pipeline`); named after the project in CloudFormation, so no other app's `Pipeline` meets it.
    expect([pipelineStack.node.id, pipelineStack.stackName]).toEqual(['Pipeline', 'aws-service-atlas-Pipeline']);
  });

  test('the generated steps install the CDK CLI version package.json pins', () => {
    expect(pinnedCli).toMatch(/^\d+\.\d+\.\d+$/);
    expect(projectCdkCliVersion()).toBe(pinnedCli);
    const selfMutation = resourceOf(template, deliveryPipeline.pipeline.selfMutationProject, 'AWS::CodeBuild::Project');
    expect(buildSpecOf(selfMutation).phases.install.commands).toEqual([`npm install -g aws-cdk@${pinnedCli}`]);
  });

  test('the asset-publishing step installs an exact cdk-assets version, not the latest', () => {
    const fileAssets = resourceOf(template, deliveryPipeline.pipeline.node.findChild('Assets').node.findChild('FileAsset'), 'AWS::CodeBuild::Project');
    // One project per asset type: its build spec is a file of the cloud assembly, named in the project's source.
    const specFile = path.join(app.outdir, (fileAssets.Properties.Source as { BuildSpec: string }).BuildSpec);
    const spec = JSON.parse(fs.readFileSync(specFile, 'utf8')) as { phases: { install: { commands: string[] } } };
    expect(spec.phases.install.commands).toEqual([`npm install -g cdk-assets@${CDK_ASSETS_VERSION}`]);
    expect(CDK_ASSETS_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test('fails when package.json pins the CLI to a range instead of a version', () => {
    const file = path.join(tempDir('atlas-package'), 'package.json');
    fs.writeFileSync(file, JSON.stringify({ devDependencies: { 'aws-cdk': `^${pinnedCli}` } }));
    expect(() => projectCdkCliVersion(file)).toThrow(
      `${file} must pin devDependencies['aws-cdk'] to an exact version (the pipeline installs the same CLI), got '^${pinnedCli}'`,
    );
  });
});

describe('delivery pipeline: source, synth and stages', () => {
  test("the source is the repository's main branch, read through the connection", () => {
    const [source, ...rest] = pipelineStages(codePipeline);
    expect(source.Actions).toHaveLength(1);
    expect(source.Actions[0]).toMatchObject({
      ActionTypeId: { Category: 'Source', Provider: 'CodeStarSourceConnection' },
      Configuration: { ConnectionArn: CONNECTION, FullRepositoryId: REPOSITORY, BranchName: 'main' },
    });
    expect(rest.flatMap((s) => s.Actions).filter((a) => a.ActionTypeId.Category === 'Source')).toEqual([]);
  });

  test("the synth step runs the README's install, the tests, then the gated synth with the context the pipeline was deployed with", () => {
    const build = stageNamed(codePipeline, 'Build');
    expect(build.Actions.map((a) => a.Name)).toEqual(['Synth']);
    const project = refTarget(template, build.Actions[0].Configuration!.ProjectName, 'AWS::CodeBuild::Project');
    expect(project.id).toBe(resourceOf(template, deliveryPipeline.pipeline.synthProject).id);
    const spec = buildSpecOf(project);
    expect(spec.phases.install).toEqual({ 'runtime-versions': { nodejs: '20' }, commands: [INSTALL_COMMAND] });
    expect(spec.phases.build.commands).toEqual([
      // At most 3 jest workers: the suite's measured peak (~2.7 GB) with 3, on a machine where jest would start 6.
      'npm test -- --maxWorkers=3',
      `${SYNTH_COMMAND} -- -c pipelineRepository=${REPOSITORY} -c pipelineConnectionArn=${CONNECTION} -c domain=${DOMAIN} -c 'alarmEmail=o'\\''neil+ops@corp-lab.net'`,
    ]);
    expect(spec.artifacts).toMatchObject({ 'base-directory': 'cdk.out' });
    // The whole test suite runs here: the larger build machine; the other steps take the small one.
    expect(project.Properties.Environment).toMatchObject({ ComputeType: 'BUILD_GENERAL1_MEDIUM', Image: 'aws/codebuild/standard:7.0' });
    expect(resourceOf(template, deliveryPipeline.pipeline.selfMutationProject).Properties.Environment).toMatchObject({ ComputeType: 'BUILD_GENERAL1_SMALL' });
    // The commands are the README's: the quick start installs with npm ci and tests with npm test, and npm run synth is
    // the gated synth (package.json).
    const quickStart = shellLines(section(readDoc('README.md'), '## Quick start')).join('\n');
    expect(quickStart).toContain(INSTALL_COMMAND);
    expect(quickStart).toContain(TEST_COMMAND);
    expect(quickStart).toContain(SYNTH_COMMAND);
  });

  test('sandbox is deployed before production, each stage with every stack of it', () => {
    const names = pipelineStages(codePipeline).map((s) => s.Name);
    expect(names).toEqual(['Source', 'Build', 'UpdatePipeline', 'Assets', 'sandbox', 'production']);
    for (const stage of STAGE_NAMES) {
      const deployed = stageNamed(codePipeline, stage)
        .Actions.filter((a) => a.ActionTypeId.Provider === 'CloudFormation' && a.Name.endsWith('.Deploy'))
        .map((a) => a.Name.replace(/\.Deploy$/, ''));
      expect(deployed.sort()).toEqual(stackIds(stage));
    }
  });

  test('production waits for a manual approval before its first stack; sandbox does not', () => {
    const production = stageNamed(codePipeline, 'production').Actions;
    const approvals = production.filter((a) => a.ActionTypeId.Category === 'Approval');
    expect(approvals).toHaveLength(1);
    expect(approvals[0]).toMatchObject({ ActionTypeId: { Provider: 'Manual' }, RunOrder: 1 });
    expect(production.filter((a) => a !== approvals[0]).every((a) => a.RunOrder > approvals[0].RunOrder)).toBe(true);
    expect(stageNamed(codePipeline, 'sandbox').Actions.filter((a) => a.ActionTypeId.Category === 'Approval')).toEqual([]);
  });

  test("after production's stacks are deployed, their termination protection is turned on (CodePipeline's deploy does not set it); sandbox needs none", () => {
    const production = stageNamed(codePipeline, 'production').Actions;
    const protect = production.filter((a) => a.Name === PROTECT_STEP);
    expect(protect).toHaveLength(1);
    const lastDeploy = Math.max(...production.filter((a) => a.ActionTypeId.Provider === 'CloudFormation').map((a) => a.RunOrder));
    expect(protect[0].RunOrder).toBeGreaterThan(lastDeploy);
    const project = refTarget(template, protect[0].Configuration!.ProjectName, 'AWS::CodeBuild::Project');
    expect([project.id]).toEqual(deliveryPipeline.protectionProjects.map((p) => resourceOf(template, p).id));
    // Exactly the stacks that declare it, by name, in their region.
    const productionStage = app.node.findChild('production');
    const declared = productionStage.node.children.filter(Stack.isStack).filter((stack) => stack.terminationProtection);
    expect(declared.map((stack) => stack.node.id).sort()).toEqual(['Audit', 'Data', 'Edge']);
    const commands = buildSpecOf(project).phases.build.commands!;
    const protectedNames = commands.flatMap(
      (c) => /update-termination-protection --enable-termination-protection --region (\S+) --stack-name (\S+)$/.exec(c)?.slice(1) ?? [],
    );
    expect(protectedNames).toEqual(declared.flatMap((stack) => [stack.region, stack.stackName]));
    // Through the deploy role of the stage's environment, which may update termination protection; nothing else.
    expect(commands[0]).toMatch(
      /^CREDENTIALS=\$\(aws sts assume-role --role-arn arn:aws:iam::<AWS::AccountId>:role\/cdk-hnb659fds-deploy-role-<AWS::AccountId>-ap-northeast-2 /,
    );
    const statements = statementsOf(template, refTarget(template, project.Properties.ServiceRole, 'AWS::IAM::Role'));
    expect(statements.filter((st) => actionsOf(st).includes('sts:AssumeRole'))).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: {
          'Fn::Join': ['', ['arn:aws:iam::', { Ref: 'AWS::AccountId' }, ':role/cdk-hnb659fds-deploy-role-', { Ref: 'AWS::AccountId' }, '-ap-northeast-2']],
        },
      },
    ]);
    expect(stageNamed(codePipeline, 'sandbox').Actions.filter((a) => a.Name === PROTECT_STEP)).toEqual([]);
  });

  test('the artifacts and every build are encrypted with the pipeline key, and every build logs to the encrypted log group', () => {
    const store = codePipeline.Properties.ArtifactStore as { Location: unknown; EncryptionKey: { Id: unknown; Type: string } };
    const bucket = refTarget(template, store.Location, 'AWS::S3::Bucket');
    expect(bucket.id).toBe(resourceOf(template, deliveryPipeline.artifactBucket).id);
    const key = refTarget(template, store.EncryptionKey.Id, 'AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(bucket.Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [key.id, 'Arn'] } } },
      ],
    });
    // Access to the artifacts is logged, to another bucket.
    const logging = bucket.Properties.LoggingConfiguration as { DestinationBucketName: unknown };
    expect(refTarget(template, logging.DestinationBucketName, 'AWS::S3::Bucket').id).not.toBe(bucket.id);
    const projects = resourcesOfType(template, 'AWS::CodeBuild::Project');
    expect(projects.map((p) => p.id).sort()).toEqual(
      [
        deliveryPipeline.pipeline.synthProject,
        deliveryPipeline.pipeline.selfMutationProject,
        deliveryPipeline.pipeline.node.findChild('Assets').node.findChild('FileAsset'),
        ...deliveryPipeline.protectionProjects,
      ]
        .map((p) => resourceOf(template, p).id)
        .sort(),
    );
    const logGroups = new Set<string>();
    for (const project of projects) {
      expect(refTarget(template, project.Properties.EncryptionKey, 'AWS::KMS::Key').id).toBe(key.id);
      expect(project.Properties.Environment).toMatchObject({ PrivilegedMode: false });
      const logs = project.Properties.LogsConfig as { CloudWatchLogs: { GroupName: unknown; Status: string } };
      expect(logs.CloudWatchLogs.Status).toBe('ENABLED');
      const logGroup = refTarget(template, logs.CloudWatchLogs.GroupName, 'AWS::Logs::LogGroup');
      expect(refTarget(template, logGroup.Properties.KmsKeyId, 'AWS::KMS::Key').Properties.EnableKeyRotation).toBe(true);
      logGroups.add(logGroup.id);
    }
    expect(logGroups.size).toBe(1);
  });
});

describe('delivery pipeline: the connection permission', () => {
  /** The role the source action runs with, followed from the action's RoleArn. */
  const sourceRoleOf = (pipeline: DeliveryPipeline, tpl: Template) => {
    const resource = resourceOf(tpl, pipeline.pipeline.pipeline, 'AWS::CodePipeline::Pipeline');
    const role = refTarget(tpl, pipelineStages(resource)[0].Actions[0].RoleArn, 'AWS::IAM::Role');
    expect(role.id).toBe(resourceOf(tpl, pipeline.sourceRole).id);
    return role;
  };

  test('the source role may use a codeconnections connection: codeconnections:UseConnection on exactly that ARN, and no other role may', () => {
    const role = sourceRoleOf(deliveryPipeline, template);
    const allowing = (action: string) =>
      statementsOf(template, role)
        .filter((s) => s.Effect === 'Allow' && actionsOf(s).includes(action))
        .map((s) => s.Resource);
    expect(allowing('codeconnections:UseConnection')).toEqual([CONNECTION]);
    // The CDK's own grant stays beside it.
    expect(allowing('codestar-connections:UseConnection')).toEqual([CONNECTION]);
    const others = resourcesOfType(template, 'AWS::IAM::Role').filter((r) => r.id !== role.id);
    expect(others.filter((r) => statementsOf(template, r).some((s) => actionsOf(s).some((a) => a.startsWith('codeconnections:'))))).toEqual([]);
  });

  test('with a codestar-connections ARN the CDK grant matches the connection already: nothing is added', () => {
    const { pipeline, template: tpl } = pipelineOf(OLD_CONNECTION, (scratch) => ({ stages: [{ stage: tinyStage(scratch, 'Only') }] }));
    const statements = statementsOf(tpl, sourceRoleOf(pipeline, tpl)).filter((s) => actionsOf(s).some((a) => a.endsWith(':UseConnection')));
    expect(statements.map((s) => [actionsOf(s), s.Resource])).toEqual([[['codestar-connections:UseConnection'], OLD_CONNECTION]]);
  });
});

describe('delivery pipeline: accounts', () => {
  test("a stage keeps the account its preset names; otherwise it goes to the credentials' account", () => {
    expect(configureStage('sandbox', { account: '111111111111' }).account).toBe('111111111111');
    const replaced = jest.replaceProperty(PRESETS, 'production', { ...PRESETS.production, account: '222222222222' });
    try {
      expect(configureStage('production', { account: '111111111111' }).account).toBe('222222222222');
    } finally {
      replaced.restore();
    }
  });

  test("a stage in another account is deployed there, through that account's bootstrap deploy role", () => {
    const { template: tpl, pipeline } = pipelineOf(CONNECTION, (scratch) => ({
      account: '111111111111',
      stages: [{ stage: tinyStage(scratch, 'Near', '111111111111') }, { stage: tinyStage(scratch, 'Far', '222222222222'), manualApproval: true }],
    }));
    const resource = resourceOf(tpl, pipeline.pipeline.pipeline, 'AWS::CodePipeline::Pipeline');
    /** The roles of a stage's CloudFormation actions: the action's own (the bootstrap deploy role) and the execution role it passes. */
    const rolesOf = (name: string) =>
      stageNamed(resource, name)
        .Actions.filter((a) => a.ActionTypeId.Provider === 'CloudFormation')
        .map((a) => JSON.stringify([a.RoleArn, a.Configuration?.RoleArn ?? null]));
    expect(rolesOf('Near').length).toBeGreaterThan(0);
    expect(rolesOf('Near').every((r) => r.includes('cdk-hnb659fds-deploy-role-111111111111-ap-northeast-2') && !r.includes('222222222222'))).toBe(true);
    expect(rolesOf('Far').length).toBeGreaterThan(0);
    expect(rolesOf('Far').every((r) => r.includes('cdk-hnb659fds-deploy-role-222222222222-ap-northeast-2') && !r.includes('111111111111'))).toBe(true);
    expect(rolesOf('Far').some((r) => r.includes('cdk-hnb659fds-cfn-exec-role-222222222222-ap-northeast-2'))).toBe(true);
    // The other account's deploy role reads the artifacts: the key admits it.
    const key = refTarget(tpl, (resource.Properties.ArtifactStore as { EncryptionKey: { Id: unknown } }).EncryptionKey.Id, 'AWS::KMS::Key');
    expect(JSON.stringify(key.Properties.KeyPolicy)).toContain('cdk-hnb659fds-deploy-role-222222222222-ap-northeast-2');
  });

  test('a stage in another region gets a replication bucket there, encrypted with a rotating key', () => {
    const { pipeline } = pipelineOf(CONNECTION, (scratch) => {
      const far = new Stage(scratch, 'Tokyo', { env: { account: '111111111111', region: 'ap-northeast-1' } });
      new sns.Topic(new Stack(far, 'Topics'), 'Topic');
      return { account: '111111111111', stages: [{ stage: far }] };
    });
    const support = pipeline.pipeline.pipeline.crossRegionSupport['ap-northeast-1'];
    expect(support.stack.region).toBe('ap-northeast-1');
    expect(support.stack).not.toBe(Stack.of(pipeline));
    const supportTemplate = Template.fromStack(support.stack);
    const bucket = resourcesOfType(supportTemplate, 'AWS::S3::Bucket');
    expect(bucket).toHaveLength(1);
    const encryption = bucket[0].Properties.BucketEncryption as {
      ServerSideEncryptionConfiguration: { ServerSideEncryptionByDefault: { KMSMasterKeyID: unknown } }[];
    };
    // The bucket names its key by an alias (a replication bucket's key must be found by name in its region).
    const [aliasId] = [...referencedIds(encryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID)];
    const alias = resourceOf(supportTemplate, aliasId, 'AWS::KMS::Alias');
    const key = refTarget(supportTemplate, alias.Properties.TargetKeyId, 'AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
  });
});

describe('delivery pipeline: its own checks', () => {
  test('fails on a CLI version that is not exact', () => {
    expect(
      () =>
        new DeliveryPipeline(new Stack(unitTestApp(), 'Scratch'), 'DeliveryPipeline', {
          repository: REPOSITORY,
          connectionArn: CONNECTION,
          synthContext: {},
          cliVersion: 'latest',
          stages: [],
          logRetention: RetentionDays.ONE_WEEK,
          logRemovalPolicy: RemovalPolicy.DESTROY,
        }),
    ).toThrow("DeliveryPipeline cliVersion must be an exact version such as 2.1148.1, got 'latest'");
  });

  test.each<[string, boolean]>([
    ['corp/atlas', true],
    ['co-rp/.github', true],
    [`${'a'.repeat(39)}/x`, true],
    [`${'a'.repeat(40)}/x`, false],
    ['-corp/atlas', false],
    ['corp-/atlas', false],
    ['co--rp/atlas', false],
    ['corp/..', false],
    ['corp/at las', false],
    ['corp/atlas/extra', false],
  ])('GitHub repository %p accepted: %p', (repository, accepted) => {
    expect(GITHUB_REPOSITORY.test(repository)).toBe(accepted);
  });

  test.each<[string, boolean]>([
    [CONNECTION, true],
    [OLD_CONNECTION, true],
    ['arn:aws-cn:codeconnections:cn-north-1:123456789012:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789', true],
    ['arn:aws:codeconnections:ap-northeast-2:12345678901:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789', false],
    ['arn:aws:codeconnections:ap-northeast-2:123456789012:host/0a1b2c3d-4e5f-6789-abcd-ef0123456789', false],
    ['arn:aws:codeconnections:ap-northeast-2:123456789012:connection/not-a-uuid', false],
    ['arn:aws:codeconnections::123456789012:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789', false],
  ])('connection ARN %p accepted: %p', (arn, accepted) => {
    expect(CONNECTION_ARN.test(arn)).toBe(accepted);
  });
});
