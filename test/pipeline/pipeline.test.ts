import * as fs from 'fs';
import * as path from 'path';
import { App, RemovalPolicy, Stack, Stage, cx_api as cxapi } from 'aws-cdk-lib';
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
import { joinedText, refTarget, referrersOf, resourceOf, resourcesOfType, TemplateResource } from '../support/select';

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
  Region?: string;
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

/** The stack artifacts of production (both regions), from the cloud assembly of the file's app. */
const productionArtifacts = () => app.synth().getNestedAssembly((app.node.findChild('production') as Stage).artifactId).stacks;
/** A stack artifact's id in its stage (`StandbyData`). */
const idInStage = (artifact: cxapi.CloudFormationStackArtifact) => artifact.hierarchicalId.split('/').pop()!;
/**
 * The role the CLI would deploy an artifact with (its `assumeRoleArn`), as the pipeline's template renders it: the
 * partition of the pipeline's region, the account as `<AWS::AccountId>` (the stages have none of their own here).
 */
const deployRoleOf = (artifact: cxapi.CloudFormationStackArtifact) =>
  artifact.assumeRoleArn!.replace('${AWS::Partition}', 'aws').replace(/\$\{AWS::AccountId\}/g, '<AWS::AccountId>');

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

  test("production's stacks are deployed in both regions, each in its own and after every stack it depends on or reads an output of", () => {
    const actions = stageNamed(codePipeline, 'production').Actions;
    const artifacts = productionArtifacts();
    // The primary and standby regions, and us-east-1 for CloudFront's certificate where the stage issues it.
    const production = PRESETS.production;
    expect(new Set(artifacts.map((artifact) => artifact.environment.region))).toEqual(
      new Set([production.region, production.standby!.region, ...(production.dns.issueCertificates ? ['us-east-1'] : [])]),
    );
    /** The change set's preparation and its execution for a stack, by the names CDK Pipelines gives them. */
    const actionsOf = (artifact: cxapi.CloudFormationStackArtifact) => {
      const [prepare, deploy] = ['Prepare', 'Deploy'].map((step) => actions.find((a) => a.Name === `${idInStage(artifact)}.${step}`)!);
      return { prepare, deploy };
    };
    /** The stacks whose outputs a template reads (`Fn::GetStackOutput`, how values cross regions), by stack name. */
    const readFrom = (value: unknown): string[] =>
      Array.isArray(value)
        ? value.flatMap(readFrom)
        : typeof value === 'object' && value !== null
          ? Object.entries(value).flatMap(([key, inner]) => (key === 'Fn::GetStackOutput' ? [(inner as { StackName: string }).StackName] : readFrom(inner)))
          : [];
    const crossRegion: string[] = [];
    for (const artifact of artifacts) {
      const { prepare, deploy } = actionsOf(artifact);
      expect([prepare.Region ?? pipelineStack.region, deploy.Region ?? pipelineStack.region]).toEqual([
        artifact.environment.region,
        artifact.environment.region,
      ]);
      expect(deploy.RunOrder).toBeGreaterThan(prepare.RunOrder);
      const producers = [
        ...artifact.dependencies.filter((d) => artifacts.includes(d as cxapi.CloudFormationStackArtifact)),
        ...readFrom(artifact.template).map((name) => artifacts.find((a) => a.stackName === name)!),
      ] as cxapi.CloudFormationStackArtifact[];
      for (const producer of producers) {
        expect([idInStage(artifact), prepare.RunOrder > actionsOf(producer).deploy.RunOrder]).toEqual([idInStage(artifact), true]);
        if (producer.environment.region !== artifact.environment.region) crossRegion.push(`${idInStage(producer)} -> ${idInStage(artifact)}`);
      }
    }
    // The layout's cross-region edges are among them: the replicas' keys and bucket before the primary's data and edge.
    expect(crossRegion).toEqual(expect.arrayContaining(['StandbyData -> Data', 'StandbyData -> Edge']));
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
    // Exactly the stacks that declare it, by name, in their region (StandbyData is in the standby region), each through
    // the deploy role of its own environment, which may update termination protection; nothing else. Expected values
    // are read from the stacks' artifacts: the region they deploy to and the role the CLI would deploy them with.
    const declared = productionArtifacts().filter((artifact) => artifact.terminationProtection);
    expect(declared.map(idInStage).sort()).toEqual(['Audit', 'Data', 'Dns', 'Edge', 'StandbyData']);
    expect(new Set(declared.map((artifact) => artifact.environment.region)).size).toBe(2);
    const commands = buildSpecOf(project).phases.build.commands!;
    let role: string | undefined;
    const protectedStacks: { stackName: string; region: string; role?: string }[] = [];
    for (const command of commands) {
      const assumed = /^CREDENTIALS=\$\(aws sts assume-role --role-arn (\S+) /.exec(command);
      const updated = /update-termination-protection --enable-termination-protection --region (\S+) --stack-name (\S+)$/.exec(command);
      if (assumed) role = assumed[1];
      else if (updated) protectedStacks.push({ region: updated[1], stackName: updated[2], role });
      else throw new Error(`unexpected command in ${PROTECT_STEP}: ${command}`);
    }
    const byName = (a: { stackName: string }, b: { stackName: string }) => a.stackName.localeCompare(b.stackName);
    expect(protectedStacks.sort(byName)).toEqual(
      declared.map((artifact) => ({ stackName: artifact.stackName, region: artifact.environment.region, role: deployRoleOf(artifact) })).sort(byName),
    );
    const statements = statementsOf(template, refTarget(template, project.Properties.ServiceRole, 'AWS::IAM::Role'));
    const assumable = statements.filter((st) => actionsOf(st).includes('sts:AssumeRole'));
    expect(assumable.map((st) => [st.Effect, st.Action])).toEqual([['Allow', 'sts:AssumeRole']]);
    expect([assumable[0].Resource].flat().map(rendered).sort()).toEqual([...new Set(declared.map(deployRoleOf))].sort());
    expect(stageNamed(codePipeline, 'sandbox').Actions.filter((a) => a.Name === PROTECT_STEP)).toEqual([]);
  });

  test('the artifacts and every build are encrypted with the pipeline key, and every build logs to the encrypted log group', () => {
    // One store per region the pipeline deploys to (production's standby is in another); this one is the pipeline's
    // own, in its region (the other regions' are tested with their stacks below).
    const stores = codePipeline.Properties.ArtifactStores as { Region: string; ArtifactStore: { Location: unknown; EncryptionKey: { Id: unknown } } }[];
    expect(codePipeline.Properties.ArtifactStore).toBeUndefined();
    expect(stores.map((s) => s.Region).sort()).toEqual(
      [
        ...new Set(
          [...app.node.findChild('sandbox').node.children, ...app.node.findChild('production').node.children].filter(Stack.isStack).map((st) => st.region),
        ),
      ].sort(),
    );
    const store = stores.find((s) => s.Region === pipelineStack.region)!.ArtifactStore;
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

  test.each<[string, string | undefined]>([
    ['for an account', '111111111111'],
    ['offline, without an account', undefined],
  ])("a stage in another region gets an artifact store of ours there (%s): a rotating key, access logs, read by that region's deploy role", (_, account) => {
    let far: Stage | undefined;
    const { pipeline, template: tpl } = pipelineOf(CONNECTION, (scratch) => {
      far = new Stage(scratch, 'Tokyo', { env: { account, region: 'ap-northeast-1' } });
      new sns.Topic(new Stack(far, 'Topics'), 'Topic');
      return { account, stages: [{ stage: far }] };
    });
    const pipelineStackOfTest = Stack.of(pipeline);
    expect(pipeline.replicationStacks.map((stack) => [stack.region, stack.stackName])).toEqual([
      ['ap-northeast-1', `${pipelineStackOfTest.stackName}-artifacts-ap-northeast-1`],
    ]);
    const [replication] = pipeline.replicationStacks;
    // CodePipeline keeps the region's artifacts in that store (the CDK adds no support stack of its own, which would need
    // an account at synth), and the pipeline's stack is deployed after it.
    expect(pipeline.pipeline.pipeline.crossRegionSupport['ap-northeast-1'].replicationBucket).toBe(pipeline.replicaBuckets[0]);
    expect(
      pipelineStackOfTest.node.root.node
        .findAll()
        .filter(Stack.isStack)
        .map((stack) => stack.node.path)
        .sort(),
    ).toEqual([pipelineStackOfTest, replication, ...far!.node.children].map((c) => c.node.path).sort());
    expect(pipelineStackOfTest.dependencies).toContain(replication);

    const replicaTemplate = Template.fromStack(replication);
    const bucket = resourceOf(replicaTemplate, replication.bucket, 'AWS::S3::Bucket');
    const encryption = bucket.Properties.BucketEncryption as {
      ServerSideEncryptionConfiguration: { ServerSideEncryptionByDefault: { KMSMasterKeyID: unknown } }[];
    };
    const key = refTarget(replicaTemplate, encryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID, 'AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    const logging = bucket.Properties.LoggingConfiguration as { DestinationBucketName: unknown };
    expect(refTarget(replicaTemplate, logging.DestinationBucketName, 'AWS::S3::Bucket').id).not.toBe(bucket.id);

    // The pipeline's stack names that bucket and key, read from the store's stack outputs.
    const resource = resourceOf(tpl, pipeline.pipeline.pipeline, 'AWS::CodePipeline::Pipeline');
    const stores = resource.Properties.ArtifactStores as { Region: string; ArtifactStore: { Location: unknown; EncryptionKey: { Id: unknown } } }[];
    expect(stores.map((store) => store.Region).sort()).toEqual(['ap-northeast-1', 'ap-northeast-2']);
    const tokyo = stores.find((store) => store.Region === 'ap-northeast-1')!.ArtifactStore;
    const outputs = replicaTemplate.toJSON().Outputs as Record<string, { Value: unknown }>;
    const outputValue = (value: unknown) => {
      const { StackName, Region, OutputName } = (value as { 'Fn::GetStackOutput': { StackName: string; Region: string; OutputName: string } })[
        'Fn::GetStackOutput'
      ];
      expect([StackName, Region]).toEqual([replication.stackName, 'ap-northeast-1']);
      return outputs[OutputName].Value;
    };
    expect(refTarget(replicaTemplate, outputValue(tokyo.Location), 'AWS::S3::Bucket').id).toBe(bucket.id);
    expect(refTarget(replicaTemplate, outputValue(tokyo.EncryptionKey.Id), 'AWS::KMS::Key').id).toBe(key.id);
    // The pipeline's role may use that key and its own, no other ('*' is what the CDK would grant on a key of another region).
    const pipelineRole = refTarget(tpl, resource.Properties.RoleArn, 'AWS::IAM::Role');
    const kmsResources = statementsOf(tpl, pipelineRole)
      .filter((st) => actionsOf(st).some((a) => a.startsWith('kms:')))
      .flatMap((st) => [st.Resource].flat());
    expect(kmsResources).toHaveLength(2);
    expect(kmsResources).toContainEqual(tokyo.EncryptionKey.Id);
    expect(kmsResources).not.toContain('*');

    // The deploy role of the stage's stack (its artifact's) reads the artifacts: the bucket's and the key's policies name it.
    const [topics] = pipelineStackOfTest.node.root.node.findChild('Tokyo').node.children.filter(Stack.isStack);
    const artifact = (Stage.of(pipeline) as App).synth().getStackArtifact(topics.artifactId);
    const deployRole = deployRoleOf(artifact).replace(/<AWS::AccountId>/g, account ?? '<AWS::AccountId>');
    const principalsAllowed = (statements: { Effect: string; Principal?: { AWS?: unknown }; Action: string | string[] }[], action: string) =>
      statements
        .filter((st) => st.Effect === 'Allow' && actionsOf(st).includes(action) && st.Principal?.AWS !== undefined)
        .map((st) => rendered(st.Principal!.AWS));
    const [bucketPolicy] = referrersOf(replicaTemplate, bucket, 'AWS::S3::BucketPolicy', 'Bucket');
    expect(principalsAllowed((bucketPolicy.Properties.PolicyDocument as { Statement: [] }).Statement, 's3:GetObject*')).toEqual([deployRole]);
    const keyStatements = (key.Properties.KeyPolicy as { Statement: [] }).Statement;
    expect(principalsAllowed(keyStatements, 'kms:Decrypt').filter((p) => !p.endsWith(':root'))).toEqual([deployRole]);
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
