/**
 * Integration test of the sandbox stage: the stage as `bin/atlas.ts` builds it, without `domain` or `alarmEmail` (the
 * test leaves the Dns stack out, and its short-lived alarms notify nobody), plus two stacks of our own inside the
 * stage (cross-stage references are impossible, so they live beside the stacks they test):
 *
 * - `sandbox/IntegProbes`: two network probes (`assets/integ-probe`) that try a TCP connection to the database.
 * - `sandbox/IntegAssertions`: the `@aws-cdk/integ-tests-alpha` assertions. Each writes a stack output
 *   `AssertionResults<Id>` (`{"status":"success"}` or `{"status":"fail","message":…}`) that
 *   `test/integ/check-results.ts` reads.
 *
 * What the assertions prove, against a deployed account:
 * - the load balancer answers HTTP 200 with the web tier's page, and `/containers` with the Fargate task's body;
 * - CloudFront answers HTTP 200 with the sample site from the private bucket;
 * - the Lambda function handles a scheduled run and records it in the DynamoDB table (the item is deleted first,
 *   then read back with a consistent read, so a stale item cannot pass);
 * - the database accepts a TCP connection from the application subnets with the application security group, and a
 *   connection from the public subnets times out even with that same security group: the isolated tier's NACL
 *   admits the application subnets only.
 *
 * Run it with `npx tsx test/integ/run.ts` (deploy, check, destroy; README "Integration tests"). Offline,
 * `test/integ/integ-snapshots.test.ts` compares its synthesized templates with `integ.sandbox.ts.snapshot/`.
 *
 * The file layout is the one `@aws-cdk/integ-runner` expects (`integ.<name>.ts` beside `integ.<name>.ts.snapshot/`),
 * so that a runner release reading cloud-assembly schema 55 can take over.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsApiCall, ExpectedResult, HttpApiCall, IApiCall, IntegTest, LambdaInvokeFunction, Match } from '@aws-cdk/integ-tests-alpha';
import { Construct } from 'constructs';
import { itemFor } from '../../assets/functions/processor';
import { addAtlasStages } from '../../lib/atlas-app';
import { AtlasStage } from '../../lib/atlas-stage';
import { CONTAINER_PATH, CONTAINER_RESPONSE } from '../../lib/compute/container-service';
import { WEB_PAGE_HEADING } from '../../lib/compute/web-tier';
import { Network } from '../../lib/networking/network';
import { cdkJsonContext, ROOT } from '../support/context';

/** The heading of the web tier's page (written by the instances' user data, `lib/compute/web-tier.ts`). */
export const WEB_TIER_MARKER = `<h1>${WEB_PAGE_HEADING}</h1>`;
/** The body the container answers every request with (its command in `lib/compute/container-service.ts`). */
export const CONTAINER_MARKER = CONTAINER_RESPONSE;
/** The sample site's paragraph, read from `assets/site/index.html`, so the assertion follows the site. */
export const SITE_MARKER = siteMarker(path.join(ROOT, 'assets', 'site', 'index.html'));

/**
 * The scheduled event the function is invoked with. A fixed time gives a fixed table key; the assertion deletes
 * that item first, so only this run's write can satisfy it.
 */
export const SCHEDULED_EVENT = { source: 'aws.events', 'detail-type': 'Scheduled Event', time: '2000-01-01T00:00:00Z' } as const;

/** How long the HTTP assertions retry: instances boot after their stack completes, and health checks need 30 s. */
const HTTP_WAIT = { totalTimeout: Duration.minutes(10), interval: Duration.seconds(15) };

/** Properties of the probes stack. */
export interface IntegProbesStackProps extends StackProps {
  readonly network: Network;
  /** The database endpoint the probes connect to. */
  readonly targetHost: string;
  /** Its port (a token: the instance's endpoint port). */
  readonly targetPort: string;
}

/** The network probes: one in the application tier, one in the public tier, both with the application group. */
export class IntegProbesStack extends Stack {
  /** In the application subnets, with the application security group: should connect. */
  public readonly applicationTierProbe: lambda.IFunction;
  /** In the public subnets, with the same security group: only the subnet tier (its NACLs) can stop it. */
  public readonly publicTierProbe: lambda.IFunction;

  constructor(scope: Construct, id: string, props: IntegProbesStackProps) {
    super(scope, id, props);
    const { network } = props;
    const probe = (probeId: string, description: string, vpcSubnets: ec2.SubnetSelection) =>
      new nodejs.NodejsFunction(this, probeId, {
        entry: path.join(ROOT, 'assets', 'integ-probe', 'index.ts'),
        handler: 'handler',
        runtime: lambda.Runtime.NODEJS_24_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: 128,
        timeout: Duration.seconds(15),
        vpc: network.vpc,
        vpcSubnets,
        // The group the data tier admits: the probes differ only in their subnets, so the result shows the tier.
        securityGroups: [network.applicationSecurityGroup],
        allowPublicSubnet: true,
        environment: { TARGET_HOST: props.targetHost, TARGET_PORT: props.targetPort },
        logGroup: new logs.LogGroup(this, `${probeId}Logs`, { retention: logs.RetentionDays.ONE_DAY, removalPolicy: RemovalPolicy.DESTROY }),
        bundling: { forceDockerBundling: false, minify: true, target: 'node24' },
        description,
      });
    this.applicationTierProbe = probe(
      'ApplicationTierProbe',
      'Integration test: TCP connection to the database from the application tier',
      network.applicationSubnets,
    );
    this.publicTierProbe = probe('PublicTierProbe', 'Integration test: TCP connection to the database from the public tier', network.publicSubnets);
  }
}

/** Properties of the assertions stack. */
export interface IntegAssertionsStackProps extends StackProps {
  readonly stage: AtlasStage;
  readonly probes: IntegProbesStack;
}

/**
 * The assertions. Each is constructed with an id that says what it proves, so its result is the stack output
 * `AssertionResults<Id>` (through `integ.assertions.*` the ids would be content hashes).
 */
export class IntegAssertionsStack extends Stack {
  constructor(scope: Construct, id: string, props: IntegAssertionsStackProps) {
    super(scope, id, props);
    const { stage, probes } = props;
    // The stage caps every role with its permissions boundary, which leaves out Step Functions: the assertion
    // provider starts the waiter state machine of `waitForAssertions`. These roles are test tooling that exists
    // only while the integration test runs, so they go without it; the probes keep it like any workload role.
    iam.PermissionsBoundary.of(this).clear();

    // The pages are fetched from the load balancer's own name over HTTP. With a certificate, HTTP only redirects and
    // no certificate covers *.elb.amazonaws.com (the fetch checks the host name), so such a stage is refused here.
    if (stage.config.webTier.certificateArn !== undefined) {
      throw new Error(
        'the integration test checks the load balancer over HTTP by its own name: run it on a stage without webTier.certificateArn (the sandbox preset)',
      );
    }
    const loadBalancerDns = stage.computeStack.webTier.loadBalancer.loadBalancerDnsName;
    this.httpPage('LoadBalancerServesWebTierPage', `http://${loadBalancerDns}/`, WEB_TIER_MARKER);
    this.httpPage('LoadBalancerServesContainerPage', `http://${loadBalancerDns}${CONTAINER_PATH}`, CONTAINER_MARKER);
    this.httpPage('CloudFrontServesSite', `https://${stage.edgeStack.contentDelivery.distribution.distributionDomainName}/`, SITE_MARKER);

    // The function records the scheduled run in the table: delete the item, invoke, read it back.
    const table = stage.dataStack.keyValue.table;
    const expected = itemFor({ kind: 'schedule' }, SCHEDULED_EVENT.time);
    const key = { pk: expected.pk, sk: expected.sk };
    const clear = new AwsApiCall(this, 'ClearProcessorRecord', {
      service: 'DynamoDB',
      api: 'deleteItem',
      parameters: { TableName: table.tableName, Key: key },
    });
    const invoke = this.invoke('ProcessorHandlesScheduledRun', stage.computeStack.functions.processor, JSON.stringify(SCHEDULED_EVENT), { kind: 'schedule' });
    const read = new AwsApiCall(this, 'TableHoldsProcessorRecord', {
      service: 'DynamoDB',
      api: 'getItem',
      parameters: { TableName: table.tableName, Key: key, ConsistentRead: true },
    });
    read.expect(ExpectedResult.objectLike({ Item: { ...key, kind: expected.kind } }));
    clear.next(invoke).next(read);
    // The table is encrypted with its own key: reading and deleting items needs the key as well (the key actions
    // a CDK read-write grant gives; the provider's role is raw JSON, so no grant can reach it).
    if (table.encryptionKey) {
      clear.provider.addToRolePolicy({
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
        Resource: [table.encryptionKey.keyArn],
      });
    }

    this.invoke('DatabaseReachableFromApplicationTier', probes.applicationTierProbe, '{}', Match.objectLike({ reachable: true, outcome: 'connected' }));
    this.invoke('DatabaseUnreachableFromPublicTier', probes.publicTierProbe, '{}', Match.objectLike({ reachable: false, outcome: 'timeout' }));
  }

  /** GET `url` until it answers 200 with a body containing `marker` (or the wait runs out, which fails the deploy). */
  private httpPage(id: string, url: string, marker: string): void {
    const call = new HttpApiCall(this, id, { url });
    call.expect(ExpectedResult.objectLike({ status: 200, body: Match.stringLikeRegexp(escapeRegExp(marker)) }));
    call.waitForAssertions(HTTP_WAIT);
  }

  /** Invokes `fn` with `payload` and expects its response to be the JSON `expectedPayload`. */
  private invoke(id: string, fn: lambda.IFunction, payload: string, expectedPayload: { [key: string]: unknown }): IApiCall {
    const call = new LambdaInvokeFunction(this, id, { functionName: fn.functionName, payload });
    call.expect(ExpectedResult.objectLike({ StatusCode: 200, Payload: Match.serializedJson(expectedPayload) }));
    return call;
  }
}

/** Options of the integration app. */
export interface SandboxIntegAppOptions {
  /**
   * The account to deploy to.
   *
   * @default - account-agnostic, as offline synths are
   */
  readonly account?: string;
  /**
   * Where the cloud assembly goes.
   *
   * @default - the CLI's `--output`, or a temporary directory
   */
  readonly outdir?: string;
  /**
   * Context on top of cdk.json's (the snapshot test skips bundling with `aws:cdk:bundling-stacks`).
   *
   * @default - cdk.json's context only
   */
  readonly context?: Record<string, unknown>;
  /**
   * The CDK's built-in CloudFormation validation (seconds per synth; the main synth runs it on the same stage).
   *
   * @default true
   */
  readonly builtinValidation?: boolean;
}

/** The integration app and its parts. */
export interface SandboxIntegApp {
  readonly app: App;
  readonly stage: AtlasStage;
  readonly probes: IntegProbesStack;
  readonly assertions: IntegAssertionsStack;
  readonly test: IntegTest;
}

/**
 * Builds the integration app: the sandbox stage as `bin/atlas.ts` builds it, without the compliance gate. The gate
 * only adds validation plugins (no template changes), the main synth runs it on this very stage, and the two test
 * stacks are tooling it would only flag.
 */
export function sandboxIntegApp(options: SandboxIntegAppOptions = {}): SandboxIntegApp {
  const app = new App({
    outdir: options.outdir,
    context: { ...cdkJsonContext(), ...options.context },
    builtinCloudFormationValidation: options.builtinValidation,
  });
  const [stage] = addAtlasStages(app, { stage: 'sandbox', account: options.account, compliance: false });
  const description = (what: string) => `aws-service-atlas ${stage.config.stageName}: integration test ${what}`;
  const probes = new IntegProbesStack(stage, 'IntegProbes', {
    network: stage.networkStack.network,
    targetHost: stage.dataStack.relational.instance.dbInstanceEndpointAddress,
    targetPort: stage.dataStack.relational.instance.dbInstanceEndpointPort,
    description: description('probes (TCP connections to the database from two tiers)'),
  });
  const assertions = new IntegAssertionsStack(stage, 'IntegAssertions', { stage, probes, description: description('assertions') });
  const test = new IntegTest(app, 'SandboxInteg', {
    // What the test deploys, in deployment order: every stack the assertions reach, with its dependencies. Audit, Dns
    // and Dashboard stay out: nothing here checks them, and Dns needs a domain of yours.
    testCases: [stage.accessStack, stage.networkStack, stage.monitoringStack, stage.dataStack, stage.edgeStack, stage.computeStack, probes],
    assertionStack: assertions,
    regions: [stage.config.region],
    // The snapshot has normalised asset hashes: it cannot be deployed, so integ-runner must not deploy it first.
    stackUpdateWorkflow: false,
    diffAssets: false,
  });
  return { app, stage, probes, assertions, test };
}

/** The first paragraph of the site's page. */
export function siteMarker(indexHtml: string): string {
  const paragraph = /<p>([^<]+)<\/p>/.exec(fs.readFileSync(indexHtml, 'utf8'));
  if (!paragraph) throw new Error(`${indexHtml} has no <p> paragraph for the integration test to look for`);
  return paragraph[1].trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

if (require.main === module) {
  // As bin/atlas.ts: the account comes from the CLI (CDK_DEFAULT_ACCOUNT), nothing else from the environment.
  sandboxIntegApp({ account: process.env.CDK_DEFAULT_ACCOUNT || undefined }).app.synth();
}
