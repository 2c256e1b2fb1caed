import { ArnFormat, CfnOutput, DefaultStackSynthesizer, Duration, Fn, RemovalPolicy, Stack, Stage, Token } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { Construct, IConstruct } from 'constructs';
import { acknowledge, Exception, HIPAA, inPacks, NIST, PCI, wildcardResource } from '../compliance/acknowledge';
import { GRANT_POLICY, NO_OBJECT_LOCK } from '../compliance/common-exceptions';
import { EncryptedLogGroup } from '../shared/encrypted-log-group';
import { LogBucket } from '../shared/log-bucket';
import { rotatingKey } from '../shared/rotating-key';
import { requirePattern } from '../shared/validate';
import { acknowledgeAutoDeleteProvider, sendEventsToEventBridge, privateBucketProps } from '../shared/buckets';

/** A stage the pipeline deploys, in the order given. */
export interface DeliveryStage {
  /** The stage: every stack of it is deployed, in dependency order. */
  readonly stage: Stage;
  /**
   * Wait for a person to approve the deployment in the CodePipeline console before deploying the stage.
   *
   * @default false
   */
  readonly manualApproval?: boolean;
}

/** Properties of a `DeliveryPipeline`. */
export interface DeliveryPipelineProps {
  /** The GitHub repository to deploy, as `<owner>/<repo>`. */
  readonly repository: string;
  /**
   * The branch whose every push runs the pipeline.
   *
   * @default 'main'
   */
  readonly branch?: string;
  /**
   * ARN of the AWS CodeConnections connection authorised (in the console) to read the repository: `codeconnections`
   * or, for a connection created before July 2024, `codestar-connections`.
   */
  readonly connectionArn: string;
  /**
   * The context the synth step passes to the app (`-c key=value`), so that the pipeline synthesizes the app, itself
   * included, exactly as it was deployed: without the pipeline's own keys, the synthesized app would have no
   * pipeline, and self-mutation would find nothing to update.
   */
  readonly synthContext: Readonly<Record<string, string>>;
  /** The CDK CLI version the generated steps (self-mutation) install: the project's own, so both synths agree. */
  readonly cliVersion: string;
  /** The stages to deploy, one after the other. */
  readonly stages: readonly DeliveryStage[];
  /** How long the build logs are kept (at least a year where they are retained: they record what was deployed). */
  readonly logRetention: logs.RetentionDays;
  /**
   * What happens to the logs (the build logs, the artifact bucket's access logs) and their keys when the pipeline's
   * stack is deleted. The artifacts themselves are always deleted with it: every run makes them again from the
   * repository.
   */
  readonly logRemovalPolicy: RemovalPolicy;
}

/** The project's commands, as the README's quick start gives them: install exactly the locked dependencies, … */
export const INSTALL_COMMAND = 'npm ci';
/** … type-check and run every test, … */
export const TEST_COMMAND = 'npm test';
/**
 * … with at most this many jest workers in the synth step: jest.config.js starts 1.5 per vCPU, 6 on the synth's 4
 * vCPUs, and the suite's peak of ~2.7 GB was measured with 3, which keeps it well inside the machine's 8 GiB.
 */
export const TEST_WORKERS = 3;
/** … and synthesize every stage through the compliance gate (an unacknowledged error fails it). */
export const SYNTH_COMMAND = 'npm run synth';

/** The Node.js major version the builds run (the project's `engines`: Node 20 or later). */
export const BUILD_NODE_VERSION = '20';

/**
 * The cdk-assets version the asset-publishing steps install (`npm install -g cdk-assets@…`): pinned, as the CLI is,
 * so that a new release cannot change a run between two pushes. No dependency of the project installs it, so the
 * version lives here (latest on the registry when pinned, 2026-12-01; engines: Node 18 or later).
 */
export const CDK_ASSETS_VERSION = '4.7.3';

/** How long artifacts of a run are kept: long enough to retry or inspect a run, and they are made again on the next. */
export const ARTIFACT_EXPIRATION = Duration.days(30);

/** A shell word: single-quoted unless it is made of characters no shell treats specially. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * A delivery pipeline (CI/CD, CDK Pipelines on CodePipeline V2): every push to the branch runs the tests and the
 * gated synth, updates the pipeline itself, publishes the assets and deploys the stages in order, each after a manual
 * approval where asked for.
 *
 * Secure defaults: the artifacts are kept in a private, TLS-only, versioned bucket encrypted with a rotating
 * customer-managed key (which the CodeBuild projects encrypt their output with too), whose access is logged and
 * whose objects expire; every build logs to an encrypted CloudWatch Logs group; assets are published by one project
 * per asset type; no build runs privileged (no Docker: the app bundles with esbuild).
 *
 * The source action's role gets `codeconnections:UseConnection` on the connection when its ARN carries the
 * `codeconnections` service name: the CDK grants only `codestar-connections:UseConnection`, and IAM matches an action
 * only to a resource of its own service prefix.
 *
 * @see https://docs.aws.amazon.com/dtconsole/latest/userguide/rename.html
 */
export class DeliveryPipeline extends Construct {
  /** The CDK pipeline. */
  public readonly pipeline: pipelines.CodePipeline;
  /** The bucket the pipeline keeps its artifacts in. */
  public readonly artifactBucket: s3.IBucket;
  /** The role the source action reads the repository with. */
  public readonly sourceRole: iam.IRole;
  /** The projects that turn termination protection on after a stage is deployed, one per stage that needs it. */
  public readonly protectionProjects: readonly codebuild.IProject[];
  /** The stacks that keep the artifacts of the actions in other regions than the pipeline's, one per region. */
  public readonly replicationStacks: readonly ArtifactReplicationStack[];
  /** The buckets of `replicationStacks` as the pipeline's stack sees them (through the stacks' outputs), in that order. */
  public readonly replicaBuckets: readonly s3.IBucket[];

  constructor(scope: Construct, id: string, props: DeliveryPipelineProps) {
    super(scope, id);
    requirePattern('DeliveryPipeline', 'cliVersion', props.cliVersion, /^\d+\.\d+\.\d+$/, 'an exact version such as 2.1148.1');
    if (props.stages.length === 0) throw new Error('DeliveryPipeline stages must name at least one stage to deploy, got none');

    const pipelineStack = Stack.of(this);
    const { bucket: artifactBucket } = artifactStore(this, props.logRemovalPolicy);
    this.artifactBucket = artifactBucket;
    // CodePipeline hands an action in another region its artifacts through a bucket in that region. The CDK would add
    // a support stack for each such region itself, but only for a pipeline whose account is known at synth (offline,
    // the synth would fail), and with a bucket the compliance packs refuse (no access logs, no versioning, no
    // expiry): each region gets a stack of ours instead, with a store like the pipeline's own.
    const environments = [
      ...new Map(props.stages.flatMap(({ stage }) => stackEnvironments(stage, pipelineStack)).map((e) => [`${e.account}/${e.region}`, e])).values(),
    ];
    const otherRegions = [...new Set(environments.map((e) => e.region))].filter((region) => region !== pipelineStack.region).sort();
    this.replicationStacks = otherRegions.map(
      (region) =>
        new ArtifactReplicationStack(this, `Artifacts-${region}`, {
          pipelineStack,
          region,
          deployRoleArns: environments.filter((e) => e.region === region).map((e) => deployRoleArn(pipelineStack, e)),
          logRemovalPolicy: props.logRemovalPolicy,
        }),
    );
    // The pipeline reaches each of them through the stack's outputs (`Fn::GetStackOutput`, no account needed at synth):
    // its role is granted exactly that bucket and that key.
    const replicas = this.replicationStacks.map((stack) => ({ region: stack.region, bucket: stack.importInto(this, `Artifacts-${stack.region}-Import`) }));
    this.replicaBuckets = replicas.map(({ bucket }) => bucket);

    const buildLogs = new EncryptedLogGroup(this, 'BuildLogs', { retention: props.logRetention, removalPolicy: props.logRemovalPolicy });

    const context = Object.entries(props.synthContext).flatMap(([key, value]) => ['-c', shellWord(`${key}=${value}`)]);
    // A fixed action name keeps the construct tree (and the exceptions on the source role) the same for every repository.
    const source = pipelines.CodePipelineSource.connection(props.repository, props.branch ?? 'main', {
      connectionArn: props.connectionArn,
      actionName: 'GitHub',
    });
    this.pipeline = new pipelines.CodePipeline(this, 'Pipeline', {
      pipelineType: codepipeline.PipelineType.V2,
      // One store per region (ours, each with its key, which is all CodePipeline needs to deploy to another account),
      // or the pipeline's own alone when every stage is in its region.
      ...(this.replicationStacks.length === 0
        ? { artifactBucket }
        : {
            crossRegionReplicationBuckets: Object.fromEntries<s3.IBucket>([
              [pipelineStack.region, artifactBucket],
              ...replicas.map(({ region, bucket }): [string, s3.IBucket] => [region, bucket]),
            ]),
          }),
      // Should a region ever lack a store of ours, the bucket the CDK adds there gets a rotating key too.
      crossAccountKeys: true,
      enableKeyRotation: true,
      cliVersion: props.cliVersion,
      cdkAssetsCliVersion: CDK_ASSETS_VERSION,
      // One project per asset type instead of one per asset: fewer projects to create, the same uploads.
      publishAssetsInParallel: false,
      synth: new pipelines.ShellStep('Synth', {
        input: source,
        installCommands: [INSTALL_COMMAND],
        commands: [`${TEST_COMMAND} -- --maxWorkers=${TEST_WORKERS}`, [SYNTH_COMMAND, '--', ...context].join(' ')],
        primaryOutputDirectory: 'cdk.out',
      }),
      // The synth step runs the whole test suite (about 2.7 GB at its peak with 3 jest workers, which TEST_COMMAND
      // caps): MEDIUM (4 vCPUs, 8 GiB) leaves headroom that SMALL (2 vCPUs, 4 GiB) does not; the other steps are light.
      synthCodeBuildDefaults: { buildEnvironment: { computeType: codebuild.ComputeType.MEDIUM } },
      codeBuildDefaults: {
        buildEnvironment: { buildImage: codebuild.LinuxBuildImage.STANDARD_7_0, computeType: codebuild.ComputeType.SMALL, privileged: false },
        partialBuildSpec: codebuild.BuildSpec.fromObject({ phases: { install: { 'runtime-versions': { nodejs: BUILD_NODE_VERSION } } } }),
        logging: { cloudWatch: { logGroup: buildLogs.logGroup } },
      },
    });

    // Each stage is a step of its own, after the previous one: a stage deploys only once the one before it succeeded.
    const protectionSteps: pipelines.CodeBuildStep[] = [];
    for (const { stage, manualApproval } of props.stages) {
      const protect = protectionStep(stage, Stack.of(this));
      if (protect) protectionSteps.push(protect);
      this.pipeline.addStage(stage, {
        pre: manualApproval ? [new pipelines.ManualApprovalStep(`Approve-${stage.stageName}`, { comment: `Deploy ${stage.stageName}?` })] : [],
        post: protect ? [protect] : [],
      });
    }
    // The stores of the other regions exist before the pipeline that names them.
    for (const stack of this.replicationStacks) pipelineStack.addStackDependency(stack, 'the pipeline keeps the artifacts of that region there');
    this.pipeline.buildPipeline();
    this.sourceRole = sourceActionRole(this.pipeline.pipeline);
    if (props.connectionArn.split(':')[2] === 'codeconnections') {
      this.sourceRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['codeconnections:UseConnection'], resources: [props.connectionArn] }));
    }
    this.protectionProjects = protectionSteps.map((step) => step.project);
    this.acknowledgeGeneratedRoles(artifactBucket, protectionSteps);
  }

  /**
   * The CDK generates the pipeline's roles and their policies; what the packs report on them, and why it stays. Each
   * role is named by its place in the CDK's construct tree, so a CDK upgrade that moves one fails the synth here
   * rather than leaving an exception on nothing.
   */
  private acknowledgeGeneratedRoles(artifactBucket: s3.IBucket, protectionSteps: readonly pipelines.CodeBuildStep[]): void {
    const codePipeline = this.pipeline.pipeline;
    const pipelineRole = codePipeline.role;
    const synthRole = this.pipeline.synthProject.role!;
    const selfMutationRole = this.pipeline.selfMutationProject.role!;
    const actionRole = generated(this.pipeline, 'CodeBuildActionRole');
    const assets = this.pipeline.node.tryFindChild('Assets');
    const assetRole = assets?.node.tryFindChild('FileRole');

    /** The CDK's read (and, for the roles that write artifacts, write) grant on the artifact bucket and its key. */
    const artifactAccess = (role: IConstruct, access: 'read-write' | 'read' | 'read-without-key-wildcards'): Exception => ({
      id: [
        'AwsSolutions-IAM5[Action::s3:GetObject*]',
        'AwsSolutions-IAM5[Action::s3:GetBucket*]',
        'AwsSolutions-IAM5[Action::s3:List*]',
        ...(access === 'read-write' ? ['AwsSolutions-IAM5[Action::s3:Abort*]', 'AwsSolutions-IAM5[Action::s3:DeleteObject*]'] : []),
        ...(access === 'read-without-key-wildcards' ? [] : ['AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]']),
        wildcardResource(role, artifactBucket.arnForObjects('*')),
      ],
      reason:
        "CDK grants on the pipeline's own artifact bucket and its key: the action wildcards are the CDK's read (and write) sets, and the object wildcard covers the keys CodePipeline generates for each run's artifacts.",
    });
    /** What CodeBuild grants every project: its default log group and report groups, both named after the project. */
    const projectDefaults = (role: IConstruct, project: codebuild.IProject, what: string): Exception => {
      const stack = Stack.of(role);
      const logGroup = stack.formatArn({
        service: 'logs',
        resource: 'log-group',
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        resourceName: `/aws/codebuild/${project.projectName}`,
      });
      return {
        id: [
          wildcardResource(role, stack.formatArn({ service: 'codebuild', resource: 'report-group', resourceName: `${project.projectName}-*` })),
          wildcardResource(role, `${logGroup}:*`),
        ],
        reason: `The CDK grants the ${what} CodeBuild project its default log group and the test-report groups named after the project; its builds log to the pipeline's encrypted log group instead.`,
      };
    };

    acknowledge(pipelineRole, GRANT_POLICY, artifactAccess(pipelineRole, 'read-write'));
    for (const replica of this.replicaBuckets) {
      acknowledge(pipelineRole, {
        id: wildcardResource(pipelineRole, replica.arnForObjects('*')),
        reason: `CDK grant on the pipeline's artifact store in ${replica.env.region} (a stack of the pipeline's own): CodePipeline copies there the artifacts of the actions it runs in that region, under keys it generates for each run.`,
      });
    }
    acknowledge(this.sourceRole, GRANT_POLICY, artifactAccess(this.sourceRole, 'read-write'));
    acknowledge(synthRole, GRANT_POLICY, artifactAccess(synthRole, 'read-write'), projectDefaults(synthRole, this.pipeline.synthProject, 'synth'));
    acknowledge(actionRole, GRANT_POLICY);
    acknowledge(
      selfMutationRole,
      GRANT_POLICY,
      artifactAccess(selfMutationRole, 'read'),
      projectDefaults(selfMutationRole, this.pipeline.selfMutationProject, 'self-mutation'),
      {
        id: wildcardResource(selfMutationRole, `arn:*:iam::${Stack.of(selfMutationRole).account}:role/*`),
        reason:
          'Self-mutation assumes the CDK bootstrap roles (deploy, file and image publishing) to update the pipeline; the statement admits only roles tagged as bootstrap roles (iam:ResourceTag/aws-cdk:bootstrap-role).',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Self-mutation runs the CDK CLI, which reads the bootstrap stack (cloudformation:DescribeStacks) and lists its asset bucket (s3:ListBucket), both found only at run time; the statement allows these two read-only actions.',
      },
    );
    for (const step of protectionSteps) {
      const role = step.project.role!;
      acknowledge(role, GRANT_POLICY, artifactAccess(role, 'read'), projectDefaults(role, step.project, 'termination-protection'));
    }
    if (assetRole) {
      const stack = Stack.of(assetRole);
      acknowledge(assetRole, GRANT_POLICY, artifactAccess(assetRole, 'read-without-key-wildcards'), {
        id: [
          'AwsSolutions-IAM5[Resource::*]',
          wildcardResource(assetRole, stack.formatArn({ service: 'codebuild', resource: 'report-group', resourceName: '*' })),
          wildcardResource(
            assetRole,
            stack.formatArn({ service: 'logs', resource: 'log-group', arnFormat: ArnFormat.COLON_RESOURCE_NAME, resourceName: '/aws/codebuild/*' }),
          ),
        ],
        reason:
          "The CDK shares one role among the asset-publishing projects, which it names only when it builds them: the role's build, log and report-group permissions name every project of this account and region.",
      });
    }
    const sourceless: Exception = {
      id: inPacks('CodeBuildProjectSourceRepoUrl', HIPAA, PCI),
      reason:
        'The project has no repository of its own (source type CODEPIPELINE): CodePipeline hands it the source through the encrypted artifact bucket, read through the CodeConnections connection, so there is no OAuth credential to configure.',
    };
    for (const project of [
      this.pipeline.synthProject,
      this.pipeline.selfMutationProject,
      assets?.node.tryFindChild('FileAsset'),
      ...protectionSteps.map((step) => step.project),
    ]) {
      if (project) acknowledge(project, sourceless);
    }
  }
}

/** An account and region the pipeline deploys to. */
interface Environment {
  readonly account: string;
  readonly region: string;
}

/** The environment of each stack of a stage: a stack without an account of its own deploys to the pipeline's account. */
function stackEnvironments(stage: Stage, pipelineStack: Stack): (Environment & { readonly stack: Stack })[] {
  return stage.node
    .findAll()
    .filter(Stack.isStack)
    .map((stack) => ({
      stack,
      account: Token.isUnresolved(stack.account) ? pipelineStack.account : stack.account,
      region: Token.isUnresolved(stack.region) ? pipelineStack.region : stack.region,
    }));
}

/**
 * The CDK bootstrap deploy role of an environment: the role CDK Pipelines deploys a stack there with (in another
 * account it trusts the pipeline's through `cdk bootstrap --trust`).
 */
function deployRoleArn(pipelineStack: Stack, { account, region }: Environment): string {
  return `arn:${pipelineStack.partition}:iam::${account}:role/cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-deploy-role-${account}-${region}`;
}

/**
 * The pipeline's artifact store in the scope's region: a private, TLS-only, versioned bucket encrypted with a rotating
 * key, its access logged, its objects expiring. The artifacts are intermediate (every run makes them again from the
 * repository): deleted with the stack, and expired after a while meanwhile.
 */
function artifactStore(scope: Construct, logRemovalPolicy: RemovalPolicy): { bucket: s3.Bucket } {
  const accessLogs = new LogBucket(scope, 'AccessLogs', { removalPolicy: logRemovalPolicy });
  const artifactKey = rotatingKey(scope, 'ArtifactKey', 'Encrypts the delivery pipeline artifacts and build output', RemovalPolicy.DESTROY);
  const bucket = new s3.Bucket(scope, 'ArtifactBucket', {
    ...privateBucketProps(artifactKey, accessLogs.bucket, 'artifacts/'),
    lifecycleRules: [{ expiration: ARTIFACT_EXPIRATION, noncurrentVersionExpiration: Duration.days(1), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    removalPolicy: RemovalPolicy.DESTROY,
    autoDeleteObjects: true,
  });
  sendEventsToEventBridge(bucket);
  acknowledgeAutoDeleteProvider(bucket);
  acknowledge(bucket, NO_OBJECT_LOCK, {
    id: inPacks('S3BucketReplicationEnabled', NIST, HIPAA, PCI),
    reason:
      'The artifact bucket holds only what a pipeline run produces from the repository (source archives, the synthesized app); a replica elsewhere would protect nothing the next run does not make again.',
  });
  return { bucket };
}

/** Properties of an `ArtifactReplicationStack`. */
export interface ArtifactReplicationStackProps {
  /** The pipeline's stack: the store is in its account, and named after it. */
  readonly pipelineStack: Stack;
  /** The region of the store: one where the pipeline deploys a stack, other than the pipeline's. */
  readonly region: string;
  /** The deploy roles that read the artifacts there: those of the environments the pipeline deploys to in the region. */
  readonly deployRoleArns: readonly string[];
  /** What happens to the store's access logs when the stack is deleted (the artifacts themselves are deleted). */
  readonly logRemovalPolicy: RemovalPolicy;
}

/**
 * The pipeline's artifact store in another region (`<pipeline stack name>-artifacts-<region>`), deployed with the
 * pipeline's stack (which depends on it): CodePipeline copies there the artifacts of the actions it runs in that
 * region, and the deploy roles of that region read them there (the bucket's and the key's policies name them).
 *
 * The pipeline's stack reads the bucket's name and the key's ARN from this stack's outputs, as CloudFormation
 * `Fn::GetStackOutput` references, which need no account at synth (the CDK's own support stack for a region needs
 * one), and which let the pipeline's role be granted exactly this bucket and this key (the CDK grants a role on a key
 * of another region's stack on every key, `*`).
 */
export class ArtifactReplicationStack extends Stack {
  /** The bucket CodePipeline keeps this region's artifacts in. */
  public readonly bucket: s3.IBucket;
  /** The outputs the pipeline's stack reads. */
  private readonly bucketNameOutput: CfnOutput;
  private readonly keyArnOutput: CfnOutput;

  constructor(scope: Construct, id: string, props: ArtifactReplicationStackProps) {
    const { pipelineStack, region } = props;
    super(scope, id, {
      env: { account: Token.isUnresolved(pipelineStack.account) ? undefined : pipelineStack.account, region },
      stackName: `${pipelineStack.stackName}-artifacts-${region}`,
      description: `Artifacts of the delivery pipeline ${pipelineStack.stackName} for its actions in ${region}`,
      crossRegionReferences: true,
    });
    const { bucket } = artifactStore(this, props.logRemovalPolicy);
    this.bucket = bucket;
    props.deployRoleArns.forEach((arn, i) => {
      // `addGrantsToResources`: the grant goes to the bucket's and the key's policies (the role is the bootstrap's).
      bucket.grantRead(iam.Role.fromRoleArn(this, `DeployRole${i}`, arn, { mutable: false, addGrantsToResources: true }));
    });
    this.bucketNameOutput = new CfnOutput(this, 'ArtifactBucketName', { value: bucket.bucketName, description: 'The bucket of the artifacts' });
    this.keyArnOutput = new CfnOutput(this, 'ArtifactKeyArn', { value: bucket.encryptionKey!.keyArn, description: 'The key of the artifacts' });
  }

  /** The bucket as another stack of the same account sees it: through this stack's outputs. */
  public importInto(scope: Construct, id: string): s3.IBucket {
    const output = (o: CfnOutput) => Fn.getStackOutput(this.stackName, o.node.id, this.region);
    return s3.Bucket.fromBucketAttributes(scope, id, {
      bucketName: output(this.bucketNameOutput),
      region: this.region,
      encryptionKey: kms.Key.fromKeyArn(scope, `${id}Key`, output(this.keyArnOutput)),
    });
  }
}

/** The name of the step that turns termination protection on after a stage is deployed. */
export const PROTECT_STEP = 'ProtectStatefulStacks';

/**
 * The step that gives a stage's stacks the termination protection they declare: CodePipeline's CloudFormation action
 * deploys a stack without it (only `cdk deploy` sets it; aws/aws-cdk#17871), so after the stage's stacks are deployed
 * this step turns it on for each stack that asks for it, through the bootstrap deploy role of the stack's environment
 * (the role CDK Pipelines deploys with, which may update termination protection; in another account it trusts this
 * one through `cdk bootstrap --trust`). `undefined` when no stack of the stage asks for it (the sandbox).
 */
function protectionStep(stage: Stage, pipelineStack: Stack): pipelines.CodeBuildStep | undefined {
  const protectedStacks = stackEnvironments(stage, pipelineStack).filter(({ stack }) => stack.terminationProtection);
  if (protectedStacks.length === 0) return undefined;
  // One assume-role per environment, then each of its stacks in its own region (production's standby is in another).
  const environments = new Map<string, { environment: Environment; stackNames: string[] }>();
  for (const { stack, account, region } of protectedStacks) {
    const key = `${account}/${region}`;
    const entry = environments.get(key) ?? { environment: { account, region }, stackNames: [] };
    entry.stackNames.push(stack.stackName);
    environments.set(key, entry);
  }
  const commands = [...environments.values()].flatMap(({ environment, stackNames }) => [
    // The role's credentials for this environment (CodeBuild runs a phase's commands in one shell, so the variable stays);
    // the query is quoted: unquoted brackets are a glob to the shell.
    `CREDENTIALS=$(aws sts assume-role --role-arn ${deployRoleArn(pipelineStack, environment)} --role-session-name protect-stateful-stacks --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)`,
    ...stackNames.map(
      (stackName) =>
        `env AWS_ACCESS_KEY_ID=$(echo $CREDENTIALS | cut -d' ' -f1) AWS_SECRET_ACCESS_KEY=$(echo $CREDENTIALS | cut -d' ' -f2) AWS_SESSION_TOKEN=$(echo $CREDENTIALS | cut -d' ' -f3) aws cloudformation update-termination-protection --enable-termination-protection --region ${environment.region} --stack-name ${stackName}`,
    ),
  ]);
  return new pipelines.CodeBuildStep(PROTECT_STEP, {
    commands,
    rolePolicyStatements: [
      new iam.PolicyStatement({
        actions: ['sts:AssumeRole'],
        resources: [...environments.values()].map(({ environment }) => deployRoleArn(pipelineStack, environment)),
      }),
    ],
  });
}

/** A construct the CDK generates under `scope`, by its path of ids; fails loudly if a CDK upgrade moved it. */
function generated(scope: IConstruct, ...ids: string[]): IConstruct {
  let current = scope;
  for (const id of ids) {
    const child = current.node.tryFindChild(id);
    if (!child) throw new Error(`no construct ${ids.join('/')} under ${scope.node.path}: has the CDK moved it?`);
    current = child;
  }
  return current;
}

/** The role the pipeline's source action runs with: the one CodePipeline generates for it in the Source stage. */
function sourceActionRole(codePipeline: codepipeline.Pipeline): iam.IRole {
  const [sourceStage] = codePipeline.stages;
  const [action] = sourceStage?.actions ?? [];
  const role = codePipeline.node
    .tryFindChild(sourceStage?.stageName ?? '')
    ?.node.tryFindChild(action?.actionProperties.actionName ?? '')
    ?.node.tryFindChild('CodePipelineActionRole');
  if (!role || !iam.Role.isRole(role)) {
    throw new Error(`no role generated for the source action ${action?.actionProperties.actionName} under ${codePipeline.node.path}: has the CDK moved it?`);
  }
  return role;
}
