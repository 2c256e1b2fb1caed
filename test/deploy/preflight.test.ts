import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ACMClient, DescribeCertificateCommand, ResourceNotFoundException } from '@aws-sdk/client-acm';
import { CloudFormationClient, DescribeStacksCommand, DescribeTypeCommand, Stack as CfnStack, TypeNotFoundException } from '@aws-sdk/client-cloudformation';
import { DescribeAvailabilityZonesCommand, DescribeInstancesCommand, DescribeInstanceTypesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ElasticBeanstalkClient, ListPlatformBranchesCommand, ListPlatformVersionsCommand } from '@aws-sdk/client-elastic-beanstalk';
import { GetRoleCommand, IAMClient, NoSuchEntityException } from '@aws-sdk/client-iam';
import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { HostedZone, ListHostedZonesByNameCommand, Route53Client } from '@aws-sdk/client-route-53';
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand, NoSuchResourceException, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { ConfigError, PRESETS, REGION_AVAILABILITY_ZONES, selectDomain, StageConfig } from '../../lib/config';
import {
  appZoneComment,
  certificateCovers,
  CheckResult,
  checkAccountState,
  checkAvailabilityZones,
  checkBeanstalkPlatform,
  checkBootstrap,
  checkCertificates,
  checkCredentials,
  checkEc2Vcpus,
  checkHostedZone,
  checkLambdaConcurrency,
  checkRegion,
  checkResourceTypes,
  checkServiceLinkedRoles,
  classifyAwsError,
  createClients,
  destroyClients,
  EC2_STANDARD_VCPU_QUOTA_CODE,
  exitCode,
  formatReport,
  isStandardInstanceType,
  LAMBDA_CONCURRENCY_QUOTA_CODE,
  loadStageTemplates,
  MIN_BOOTSTRAP_VERSION,
  parseArguments,
  PREFLIGHT_EXIT,
  PreflightContext,
  PreflightEnvironment,
  PreflightInputError,
  requiredBootstrapVersion,
  runPreflight,
  runPreflightCli,
  selectStage,
  serviceLinkedRolesFor,
  splitPlatformBranch,
  stageInstanceFleet,
  stageRegions,
  unreservedMinimum,
} from '../../lib/deploy/preflight';
import { cloudFrontRecordNames } from '../../lib/networking/dns';

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(__dirname, 'preflight-fixtures');
const SYNTHESIZED = path.join(FIXTURES, 'synthesized');
const ACCOUNT = '123456789012';
const REGION = PRESETS.sandbox.region;
const TEMPLATES = loadStageTemplates(SYNTHESIZED, 'sandbox')!;
/** Two templates of production, one per region, with the manifest that names their regions. */
const TWO_REGION_TEMPLATES = loadStageTemplates(path.join(FIXTURES, 'two-regions'), 'production')!;

// The SDK's Node.js-version notice is noise here too (the CLI turns it off itself; a test below proves that).
const sdkWarningSetting = process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

// One mock per SDK client class (aws-sdk-client-mock stubs `send` of every instance), reset before each test.
const mocks = {
  sts: mockClient(STSClient),
  cloudFormation: mockClient(CloudFormationClient),
  iam: mockClient(IAMClient),
  lambda: mockClient(LambdaClient),
  serviceQuotas: mockClient(ServiceQuotasClient),
  ec2: mockClient(EC2Client),
  elasticBeanstalk: mockClient(ElasticBeanstalkClient),
  route53: mockClient(Route53Client),
  acm: mockClient(ACMClient),
};
// The real clients the CLI makes, for the stage's region: only their `send` is mocked.
const clients = createClients(REGION);
/**
 * Production's standby region, and the clients the CLI makes for production: two regions, and us-east-1 for the
 * certificate it issues there.
 */
const STANDBY_REGION = PRESETS.production.standby!.region;
const twoRegionClients = createClients(REGION, STANDBY_REGION, { usEast1: true });
beforeEach(() => Object.values(mocks).forEach((mock) => mock.reset()));
afterAll(() => {
  Object.values(mocks).forEach((mock) => mock.restore());
  destroyClients(clients);
  destroyClients(twoRegionClients);
  if (sdkWarningSetting === undefined) delete process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  else process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = sdkWarningSetting;
});

/** An error as the SDK throws it for a service's error code. */
function awsError(name: string, message = name, extra: object = {}): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400, attempts: 3 } }, extra);
}
const accessDenied = () => awsError('AccessDenied', 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform this action');
const throttled = () => awsError('ThrottlingException', 'Rate exceeded', { $retryable: { throttling: true } });
/** What the default credential chain throws when no provider has credentials. */
const noCredentials = () => Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError', tryNextLink: false });

function context(overrides: Partial<PreflightContext> = {}): PreflightContext {
  return { config: PRESETS.sandbox, clients, ...overrides };
}
/** A production preflight: both regions, with the clients of both. */
function productionContext(overrides: Partial<PreflightContext> = {}): PreflightContext {
  return { config: PRESETS.production, clients: twoRegionClients, ...overrides };
}
/** The region of the client a mocked command was sent with (aws-sdk-client-mock's `getClient`). */
const regionOf = (getClient: () => { config: { region: () => Promise<string> } }): Promise<string> => getClient().config.region();
/** The zones an account offers in a region: those lib/config knows (new accounts' view, e.g. Tokyo without 1b). */
const offeredZones = (region: string) => ({
  AvailabilityZones: (REGION_AVAILABILITY_ZONES[region] ?? []).map((name, i) => ({
    ZoneName: name,
    ZoneId: `${region.replace(/^(\w\w)-(\w)\w+-(\d)$/, '$1$2$3')}-az${i + 1}`,
    State: 'available' as const,
  })),
});
function withConfig(config: Partial<StageConfig>, base: StageConfig = PRESETS.sandbox): StageConfig {
  return { ...base, ...config };
}
function bootstrapStack(status: string, version?: string): CfnStack {
  return {
    StackName: 'CDKToolkit',
    StackStatus: status as CfnStack['StackStatus'],
    CreationTime: new Date(),
    Outputs: version === undefined ? [] : [{ OutputKey: 'BootstrapVersion', OutputValue: version }],
  };
}

/** vCPUs per instance type, as DescribeInstanceTypes answers (an AWS fact: a type a preset starts to use needs its line). */
const VCPUS: Record<string, number> = { 't4g.micro': 2, 't4g.small': 2, 'c7g.xlarge': 4 };
/** A preset's peak vCPUs as the check adds them up: each fleet at its maximum, vCPUs per type as VCPUS answers. */
const peakVcpus = (config: StageConfig): number =>
  config.webTier.maxCapacity * VCPUS[config.webTier.instanceType] +
  (config.beanstalk ? config.beanstalk.maxInstances * VCPUS[config.beanstalk.instanceType] : 0);
/** The production preset's Beanstalk platform branch. */
const PLATFORM_BRANCH = PRESETS.production.beanstalk!.platformBranch;
/** The registry's properties for the fixture templates' types. */
const SCHEMAS: Record<string, string[]> = {
  'AWS::IAM::ManagedPolicy': ['Description', 'Groups', 'ManagedPolicyName', 'Path', 'PolicyDocument', 'Roles', 'Users'],
  'AWS::DynamoDB::GlobalTable': ['AttributeDefinitions', 'KeySchema', 'Replicas'],
  'AWS::S3::Bucket': ['BucketEncryption', 'BucketName', 'ReplicationConfiguration'],
  'AWS::KMS::Key': ['EnableKeyRotation', 'KeyPolicy'],
  'AWS::CertificateManager::Certificate': ['DomainName', 'DomainValidationOptions', 'SubjectAlternativeNames', 'ValidationMethod'],
};
const WILDCARD_CERTIFICATE = (zone: string) => ({
  DomainName: `*.${zone}`,
  SubjectAlternativeNames: [`*.${zone}`, zone],
  Status: 'ISSUED' as const,
  NotAfter: new Date('2027-01-31T00:00:00Z'),
});
const CLOUDFRONT_CERTIFICATE_ARN = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/11111111-2222-3333-4444-555555555555`;
const ALB_CERTIFICATE_ARN = `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/66666666-7777-8888-9999-000000000000`;

/** An account where every check passes. */
function accountIsReady(): void {
  mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/dev`, UserId: 'AIDAEXAMPLE' });
  mocks.cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [bootstrapStack('UPDATE_COMPLETE', '28')] });
  mocks.cloudFormation.on(DescribeTypeCommand).callsFake((input: { TypeName: string }) => ({
    Schema: JSON.stringify({ typeName: input.TypeName, properties: Object.fromEntries((SCHEMAS[input.TypeName] ?? []).map((p) => [p, {}])) }),
  }));
  mocks.iam.on(GetRoleCommand).callsFake((input: { RoleName: string }) => ({
    Role: {
      RoleName: input.RoleName,
      Path: '/aws-service-role/',
      RoleId: 'AROA',
      Arn: `arn:aws:iam::${ACCOUNT}:role/${input.RoleName}`,
      CreateDate: new Date(),
    },
  }));
  mocks.lambda.on(GetAccountSettingsCommand).resolves({ AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 } });
  mocks.serviceQuotas.on(GetServiceQuotaCommand).resolves({ Quota: { Value: 32 } });
  mocks.ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
  mocks.ec2.on(DescribeAvailabilityZonesCommand).callsFake(async (_input, getClient) => offeredZones(await regionOf(getClient)));
  mocks.ec2.on(DescribeInstanceTypesCommand).callsFake((input: { InstanceTypes: string[] }) => ({
    InstanceTypes: input.InstanceTypes.filter((t) => VCPUS[t] !== undefined).map((t) => ({ InstanceType: t, VCpuInfo: { DefaultVCpus: VCPUS[t] } })),
  }));
  mocks.elasticBeanstalk.on(ListPlatformVersionsCommand).resolves({
    PlatformSummaryList: [{ PlatformArn: `arn:aws:elasticbeanstalk:${REGION}::platform/${PLATFORM_BRANCH}/6.6.0`, PlatformVersion: '6.6.0' }],
  });
  mocks.route53.on(ListHostedZonesByNameCommand).resolves({ HostedZones: [], IsTruncated: false, MaxItems: 20 });
  mocks.acm.on(DescribeCertificateCommand).resolves({ Certificate: WILDCARD_CERTIFICATE('sandbox.atlas.acme-corp.io') });
}

/** Every line a report prints is one line, and none is (part of) a stack trace. */
function expectCleanLines(lines: readonly string[]): void {
  for (const line of lines) {
    expect(line).not.toMatch(/\n/);
    expect(line).not.toMatch(/^\s+at |\(\/.*:\d+:\d+\)/);
  }
}

describe('arguments', () => {
  test('reads the context flags of the CDK app in each of their forms', () => {
    expect(parseArguments(['-c', 'stage=sandbox', '--context', 'domain=atlas.acme-corp.io', '--context=alarmEmail=ops@acme-corp.io', '--']).context).toEqual({
      stage: 'sandbox',
      domain: 'atlas.acme-corp.io',
      alarmEmail: 'ops@acme-corp.io',
    });
    expect(parseArguments(['--help']).help).toBe(true);
  });

  test.each([
    [['--stage', 'sandbox'], /unknown argument '--stage'/],
    [['-c'], /-c needs key=value after it/],
    [['-c', 'stage'], /context must be key=value.*got 'stage'/],
    [['-c', '=sandbox'], /context must be key=value.*got '=sandbox'/],
    [['-c', 'stgae=sandbox'], /unknown context key 'stgae' \(the preflight reads stage, domain, alarmEmail\)/],
    // The pipeline's stack has no preflight: its keys are refused rather than ignored.
    [
      ['-c', 'stage=sandbox', '-c', 'pipelineRepository=corp-lab/aws-service-atlas'],
      /unknown context key 'pipelineRepository' \(the preflight reads stage, domain, alarmEmail\)/,
    ],
    [['-c', 'stage=sandbox', '-c', 'stage=production'], /context key 'stage' is given twice/],
  ])('fails on bad input %j', (argv, message) => {
    expect(() => parseArguments(argv)).toThrow(PreflightInputError);
    expect(() => parseArguments(argv)).toThrow(message);
  });

  test('fails without a stage: the preflight checks one stage, where the app defaults to all', () => {
    expect(() => selectStage({})).toThrow(/checks one stage at a time: pass -c stage=<sandbox\|production>/);
  });

  test('fails through lib/config for a bad stage, domain or address', () => {
    expect(() => selectStage({ stage: 'prod' })).toThrow(ConfigError);
    expect(() => selectStage({ stage: 'sandbox', domain: 'example.com' })).toThrow(/reserved for documentation/);
    expect(() => selectStage({ stage: 'sandbox', alarmEmail: 'not-an-address' })).toThrow(/alarmEmail must be an e-mail address/);
  });

  test('applies the domain and alarm address as the app does: sandbox gets sandbox.<domain>, production the domain', () => {
    const sandbox = selectStage({ stage: 'sandbox', domain: 'atlas.acme-corp.io', alarmEmail: 'ops@acme-corp.io' });
    expect(sandbox.config.dns.domainName).toBe('sandbox.atlas.acme-corp.io');
    expect(sandbox.config.monitoring.alarmEmail).toBe('ops@acme-corp.io');
    expect(sandbox.domain).toBe('atlas.acme-corp.io');
    expect(selectStage({ stage: 'production', domain: 'atlas.acme-corp.io' }).config.dns.domainName).toBe('atlas.acme-corp.io');
    expect(selectStage({ stage: 'production' })).toEqual({ config: PRESETS.production, domain: undefined });
  });

  test('uses the domain as lib/config normalises it, not as typed', () => {
    const typed = 'Atlas.Acme-Corp.IO.';
    const selected = selectStage({ stage: 'sandbox', domain: typed });
    expect(selected.domain).toBe(selectDomain(typed));
    expect(selected.config.dns.domainName).toBe(`sandbox.${selectDomain(typed)}`);
  });
});

describe('AWS error classification', () => {
  test.each([
    [noCredentials(), 'no-credentials'],
    [
      Object.assign(
        new Error('The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login'),
        { name: 'CredentialsProviderError' },
      ),
      'expired',
    ],
    [awsError('ExpiredToken', 'The security token included in the request is expired'), 'expired'],
    [awsError('InvalidClientTokenId', 'The security token included in the request is invalid.'), 'invalid-credentials'],
    [awsError('AccessDeniedException'), 'access-denied'],
    [awsError('UnauthorizedOperation'), 'access-denied'],
    [throttled(), 'throttled'],
    [awsError('RequestLimitExceeded'), 'throttled'],
    [Object.assign(new Error('getaddrinfo ENOTFOUND sts.ap-northeast-2.amazonaws.com'), { code: 'ENOTFOUND' }), 'unreachable'],
    [awsError('ValidationError', 'Stack with id X does not exist'), 'service'],
  ])('%s is %s', (error, kind) => {
    expect(classifyAwsError(error)?.kind).toBe(kind);
  });

  test('a programming error is not an AWS failure: the checks rethrow it', () => {
    expect(classifyAwsError(new TypeError("Cannot read properties of undefined (reading 'Account')"))).toBeUndefined();
  });
});

describe('credentials', () => {
  test('ok: names the account and the caller', async () => {
    mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/dev` });
    const outcome = await checkCredentials(context());
    expect(outcome.account).toBe(ACCOUNT);
    expect(outcome.result).toEqual({ status: 'ok', name: 'credentials', message: `account ${ACCOUNT} (arn:aws:iam::${ACCOUNT}:user/dev)` });
  });

  test.each([
    [
      'none found',
      noCredentials(),
      'missing',
      /no AWS credentials found \(CredentialsProviderError\): sign in with `aws sso login --profile <profile>` and `export AWS_PROFILE=<profile>`/,
    ],
    [
      'expired',
      awsError('ExpiredToken', 'The security token included in the request is expired'),
      'blocked',
      /expired \(ExpiredToken\).*aws sso login --profile <profile>/,
    ],
    ['rejected', awsError('InvalidClientTokenId'), 'blocked', /AWS rejected the credentials \(InvalidClientTokenId\)/],
    [
      'denied',
      accessDenied(),
      'blocked',
      new RegExp(
        String.raw`AWS refused sts:GetCallerIdentity \(AccessDenied\), which needs no IAM permission: check that the account is active and that ${REGION} is enabled`,
      ),
    ],
    [
      'throttled after retries',
      throttled(),
      'blocked',
      /throttled sts:GetCallerIdentity even after the SDK's retries \(ThrottlingException\): run the preflight again/,
    ],
    [
      'unreachable',
      Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' }),
      'blocked',
      new RegExp(String.raw`could not reach STS in ${REGION} \(ETIMEDOUT\)`),
    ],
  ])('%s: one line with the fix, no account', async (_case, error, status, message) => {
    mocks.sts.on(GetCallerIdentityCommand).rejects(error);
    const outcome = await checkCredentials(context());
    expect(outcome.account).toBeUndefined();
    expect(outcome.result.status).toBe(status);
    expect(outcome.result.message).toMatch(message);
    expectCleanLines([outcome.result.message]);
  });

  test('an expired SSO session names the profile in use', async () => {
    mocks.sts
      .on(GetCallerIdentityCommand)
      .rejects(
        Object.assign(new Error('The SSO session associated with this profile has expired or is otherwise invalid.'), { name: 'CredentialsProviderError' }),
      );
    expect((await checkCredentials(context({ profile: 'atlas' }))).result.message).toMatch(
      /have expired.*`aws sso login --profile atlas` and `export AWS_PROFILE=atlas`/,
    );
  });

  test('blocked when the credentials belong to another account than the config pins', async () => {
    mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: '999999999999', Arn: 'arn:aws:iam::999999999999:user/dev' });
    const outcome = await checkCredentials(context({ config: withConfig({ account: ACCOUNT }) }));
    expect(outcome.result.status).toBe('blocked');
    expect(outcome.result.message).toMatch(`the sandbox config pins account ${ACCOUNT}`);
  });
});

describe('region', () => {
  test('says the stage deploys to its own region whatever the environment or profile says', () => {
    expect(checkRegion(REGION, { awsRegion: 'us-east-1', awsDefaultRegion: 'eu-west-1' }).message).toBe(
      `the stage deploys to ${REGION} regardless of AWS_REGION=us-east-1 and AWS_DEFAULT_REGION=eu-west-1: the app and this preflight use the stage's region`,
    );
    expect(checkRegion(REGION, { profileRegion: 'us-west-2' }).message).toMatch("regardless of the profile's region us-west-2");
    expect(checkRegion(REGION, { awsRegion: REGION })).toEqual({ status: 'ok', name: 'region', message: `${REGION}, the stage's region` });
  });

  test('every regional client uses the stage region; ACM has a us-east-1 client for CloudFront', async () => {
    const { standby, usEast1, ...primary } = clients;
    expect(standby).toBeUndefined();
    expect(usEast1).toBeUndefined();
    const byName: Record<string, { config: { region: () => Promise<string> } }> = primary;
    const regions = Object.fromEntries(await Promise.all(Object.entries(byName).map(async ([name, client]) => [name, await client.config.region()] as const)));
    expect(regions).toEqual({
      sts: REGION,
      cloudFormation: REGION,
      iam: REGION,
      lambda: REGION,
      serviceQuotas: REGION,
      ec2: REGION,
      elasticBeanstalk: REGION,
      route53: REGION,
      acm: REGION,
      acmCloudFront: 'us-east-1',
    });
  });

  test("a stage with a standby gets a second set of regional clients in the standby's region", async () => {
    const byName: Record<string, { config: { region: () => Promise<string> } }> = { ...twoRegionClients.standby! };
    const regions = Object.fromEntries(await Promise.all(Object.entries(byName).map(async ([name, client]) => [name, await client.config.region()] as const)));
    expect(regions).toEqual({
      cloudFormation: STANDBY_REGION,
      lambda: STANDBY_REGION,
      serviceQuotas: STANDBY_REGION,
      ec2: STANDBY_REGION,
      elasticBeanstalk: STANDBY_REGION,
      acm: STANDBY_REGION,
    });
    expect(await twoRegionClients.ec2.config.region()).toBe(REGION);
  });

  test('a stage that deploys to us-east-1 gets a regional set there, closed with the others', async () => {
    const own = createClients(REGION, STANDBY_REGION, { usEast1: true });
    const byName: Record<string, { config: { region: () => Promise<string> }; destroy: () => void }> = { ...own.usEast1! };
    const regions = await Promise.all(Object.values(byName).map((client) => client.config.region()));
    expect(Object.keys(byName).sort()).toEqual(['acm', 'cloudFormation', 'ec2', 'elasticBeanstalk', 'lambda', 'serviceQuotas']);
    expect(new Set(regions)).toEqual(new Set(['us-east-1']));
    const destroyed = Object.values(byName).map((client) => jest.spyOn(client, 'destroy'));
    destroyClients(own);
    for (const destroy of destroyed) expect(destroy).toHaveBeenCalledTimes(1);
  });

  test('the region line names the standby region too', () => {
    expect(checkRegion(REGION, {}, STANDBY_REGION).message).toBe(`${REGION}, the stage's region (and ${STANDBY_REGION}, its standby region)`);
  });
});

describe('CDK bootstrap', () => {
  test('ok: a usable stack at least as new as the templates require', async () => {
    mocks.cloudFormation.on(DescribeStacksCommand, { StackName: 'CDKToolkit' }).resolves({ Stacks: [bootstrapStack('UPDATE_COMPLETE', '28')] });
    const line = await checkBootstrap(context());
    expect(line.status).toBe('ok');
    expect(line.message).toMatch(`CDKToolkit version 28 in ${REGION} (aws-cdk-lib requires ${MIN_BOOTSTRAP_VERSION} or later)`);
  });

  test('missing: no bootstrap stack, with the command that creates it', async () => {
    mocks.cloudFormation.on(DescribeStacksCommand).rejects(awsError('ValidationError', 'Stack with id CDKToolkit does not exist'));
    expect(await checkBootstrap(context())).toEqual({
      status: 'missing',
      name: 'cdk-bootstrap',
      message: `no CDKToolkit stack in ${REGION}: run \`npx cdk bootstrap -c stage=sandbox\` (once per account and region)`,
    });
  });

  test("blocked: older than the templates' CheckBootstrapVersion rule requires", async () => {
    mocks.cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [bootstrapStack('CREATE_COMPLETE', '7')] });
    const line = await checkBootstrap(context({ templates: TEMPLATES }));
    expect(line.status).toBe('blocked');
    expect(line.message).toMatch("version 7, older than the 8 the templates' CheckBootstrapVersion rule requires: run `npx cdk bootstrap -c stage=sandbox`");
  });

  test.each([
    [
      'ROLLBACK_COMPLETE',
      new RegExp(
        `delete it with \`aws cloudformation delete-stack --stack-name CDKToolkit --region ${REGION}\`.*then run \`npx cdk bootstrap -c stage=sandbox\``,
      ),
    ],
    ['UPDATE_ROLLBACK_FAILED', new RegExp(`\`aws cloudformation continue-update-rollback --stack-name CDKToolkit --region ${REGION}\``)],
    ['UPDATE_IN_PROGRESS', /wait until it settles/],
    ['REVIEW_IN_PROGRESS', /created but never executed/],
  ])('blocked: stack status %s', async (status, message) => {
    mocks.cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [bootstrapStack(status, '28')] });
    const line = await checkBootstrap(context());
    expect(line.status).toBe('blocked');
    expect(line.message).toMatch(message);
  });

  test('blocked: a stack without the BootstrapVersion output', async () => {
    mocks.cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [bootstrapStack('CREATE_COMPLETE')] });
    expect((await checkBootstrap(context())).message).toMatch(/no BootstrapVersion output/);
  });

  test('unknown: access denied names cloudformation:DescribeStacks', async () => {
    mocks.cloudFormation.on(DescribeStacksCommand).rejects(accessDenied());
    expect(await checkBootstrap(context())).toEqual({
      status: 'unknown',
      name: 'cdk-bootstrap',
      message: `${REGION}: not allowed to call cloudformation:DescribeStacks (AccessDenied): grant cloudformation:DescribeStacks to these credentials to check this`,
    });
  });

  test("the fallback minimum is aws-cdk-lib's MIN_BOOTSTRAP_STACK_VERSION, which its synthesizer writes into CheckBootstrapVersion", () => {
    // Read from the installed aws-cdk-lib rather than synthesized: the first synth in a process takes seconds.
    const synthesizer = path.join(path.dirname(require.resolve('aws-cdk-lib/package.json')), 'core', 'lib', 'stack-synthesizers', 'default-synthesizer.js');
    const declared = /\bMIN_BOOTSTRAP_STACK_VERSION\s*=\s*(\d+)/.exec(fs.readFileSync(synthesizer, 'utf8'));
    expect(Number(declared?.[1])).toBe(MIN_BOOTSTRAP_VERSION);
    // The fixture's rule is a copy of a real template's, which the parser turns back into that number.
    expect(requiredBootstrapVersion({ directory: SYNTHESIZED, templates: [TEMPLATES.templates[0]] })).toBe(MIN_BOOTSTRAP_VERSION);
  });
});

describe('service-linked roles', () => {
  test('the stage parts decide which roles are needed', () => {
    const names = (config: StageConfig) => serviceLinkedRolesFor(config).map((n) => n.roleName);
    expect(names(PRESETS.sandbox)).toEqual([
      'AWSServiceRoleForAutoScaling',
      'AWSServiceRoleForElasticLoadBalancing',
      'AWSServiceRoleForApplicationAutoScaling_ECSService',
      'AWSServiceRoleForRDS',
      'AWSServiceRoleForECS',
    ]);
    expect(names(PRESETS.production)).toContain('AWSServiceRoleForElastiCache');
    expect(serviceLinkedRolesFor(PRESETS.production).find((n) => n.roleName === 'AWSServiceRoleForRDS')?.usedBy).toMatch('DocumentDB');
    expect(serviceLinkedRolesFor(PRESETS.sandbox).find((n) => n.roleName === 'AWSServiceRoleForECS')?.creator).toEqual({ by: 'app', stack: 'Access' });
  });

  test('present, absent and created by its service, absent and created by this app: all ok', async () => {
    mocks.iam.on(GetRoleCommand).rejects(new NoSuchEntityException({ message: 'The role with name X cannot be found.', $metadata: {} }));
    mocks.iam.on(GetRoleCommand, { RoleName: 'AWSServiceRoleForAutoScaling' }).resolves({ Role: { RoleName: 'AWSServiceRoleForAutoScaling' } as never });
    const lines = await checkServiceLinkedRoles(context());
    expect(lines.map((l) => l.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(lines[0].message).toBe("AWSServiceRoleForAutoScaling present (used by the web tier's Auto Scaling group)");
    expect(lines[1].message).toMatch(/^AWSServiceRoleForElasticLoadBalancing absent: Elastic Load Balancing creates it with the first load balancer/);
    expect(lines[4].message).toBe('AWSServiceRoleForECS absent: this app creates it in the Access stack before the ECS cluster uses it');
  });

  test('missing: absent with nothing to create it, with the command that does', async () => {
    mocks.iam.on(GetRoleCommand).rejects(new NoSuchEntityException({ message: 'not found', $metadata: {} }));
    const [line] = await checkServiceLinkedRoles(context(), [
      { roleName: 'AWSServiceRoleForExample', service: 'example.amazonaws.com', usedBy: 'a test', creator: { by: 'hand' } },
    ]);
    expect(line).toEqual({
      status: 'missing',
      name: 'service-linked-role',
      message: 'AWSServiceRoleForExample absent and nothing creates it: run `aws iam create-service-linked-role --aws-service-name example.amazonaws.com`',
    });
  });

  test('unknown: access denied names iam:GetRole and the role', async () => {
    mocks.iam.on(GetRoleCommand).rejects(accessDenied());
    const lines = await checkServiceLinkedRoles(context());
    expect(lines.every((l) => l.status === 'unknown')).toBe(true);
    expect(lines[0].message).toMatch(/^AWSServiceRoleForAutoScaling: not allowed to call iam:GetRole \(AccessDenied\)/);
  });
});

describe('Lambda concurrency', () => {
  const reserving = (reservedConcurrency: number) => context({ config: withConfig({ functions: { ...PRESETS.sandbox.functions, reservedConcurrency } }) });

  test('Lambda keeps 100 unreserved, or the whole limit of a smaller (new) account', () => {
    expect([unreservedMinimum(1000), unreservedMinimum(50), unreservedMinimum(10)]).toEqual([100, 50, 10]);
  });

  test('ok: the presets reserve nothing', async () => {
    mocks.lambda.on(GetAccountSettingsCommand).resolves({ AccountLimit: { ConcurrentExecutions: 10, UnreservedConcurrentExecutions: 10 } });
    expect((await checkLambdaConcurrency(context())).message).toBe('the stage reserves no concurrency (account limit 10, 10 unreserved)');
  });

  test('ok: a reservation that leaves Lambda its unreserved minimum', async () => {
    mocks.lambda.on(GetAccountSettingsCommand).resolves({ AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 900 } });
    const line = await checkLambdaConcurrency(reserving(50));
    expect(line).toEqual({
      status: 'ok',
      name: 'lambda-concurrency',
      message: 'the stage reserves 50; 850 of the account limit 1000 stay unreserved (Lambda keeps at least 100)',
    });
  });

  test.each([
    ['a new account limited to 10', 10, 10, 5, 105],
    ['other reservations leave too little', 1000, 140, 50, 1010],
  ])('blocked: %s, with the quota request', async (_case, limit, unreserved, reserved, desired) => {
    mocks.lambda.on(GetAccountSettingsCommand).resolves({ AccountLimit: { ConcurrentExecutions: limit, UnreservedConcurrentExecutions: unreserved } });
    const line = await checkLambdaConcurrency(reserving(reserved));
    expect(line.status).toBe('blocked');
    expect(line.message).toMatch(
      `request-service-quota-increase --service-code lambda --quota-code ${LAMBDA_CONCURRENCY_QUOTA_CODE} --desired-value ${desired} --region ${REGION}`,
    );
  });

  test('unknown when the settings cannot be read and the stage reserves some; ok when it reserves none', async () => {
    mocks.lambda.on(GetAccountSettingsCommand).rejects(accessDenied());
    expect((await checkLambdaConcurrency(reserving(5))).message).toMatch(/^not allowed to call lambda:GetAccountSettings/);
    expect((await checkLambdaConcurrency(context())).status).toBe('ok');
  });
});

describe('EC2 vCPUs', () => {
  test('the peak is each Auto Scaling group at its maximum; only Standard families count against L-1216C47A', () => {
    expect(stageInstanceFleet(PRESETS.production)).toEqual([
      { what: 'web tier', instanceType: PRESETS.production.webTier.instanceType, count: PRESETS.production.webTier.maxCapacity },
      { what: 'Beanstalk', instanceType: PRESETS.production.beanstalk!.instanceType, count: PRESETS.production.beanstalk!.maxInstances },
    ]);
    expect(['t4g.micro', 'm7g.large', 'c7gn.xlarge', 'im4gn.large', 'g5.xlarge', 'inf2.xlarge', 'x2idn.16xlarge'].map(isStandardInstanceType)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  test("ok: the peak and other running On-Demand instances fit the quota (the stage's own are not counted twice, Spot ones not at all)", async () => {
    accountIsReady();
    mocks.ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: [
            { InstanceType: 'c7g.xlarge', CpuOptions: { CoreCount: 4, ThreadsPerCore: 1 } },
            // Spot instances count against the Spot quotas.
            { InstanceType: 'm7g.4xlarge', InstanceLifecycle: 'spot', CpuOptions: { CoreCount: 16, ThreadsPerCore: 1 } },
            {
              InstanceType: 't4g.small',
              CpuOptions: { CoreCount: 2, ThreadsPerCore: 1 },
              Tags: [
                { Key: 'project', Value: 'aws-service-atlas' },
                { Key: 'stage', Value: 'production' },
              ],
            },
          ],
        },
      ],
    });
    const line = await checkEc2Vcpus(context({ config: PRESETS.production }));
    const { webTier, beanstalk } = PRESETS.production;
    const web = `${webTier.maxCapacity} × ${webTier.instanceType} (${VCPUS[webTier.instanceType]} vCPUs)`;
    const eb = `${beanstalk!.maxInstances} × ${beanstalk!.instanceType} (${VCPUS[beanstalk!.instanceType]} vCPUs)`;
    expect(line).toEqual({
      status: 'ok',
      name: 'ec2-vcpus',
      message: `peak ${peakVcpus(PRESETS.production)} vCPUs in the primary region ${REGION} (web tier ${web} + Beanstalk ${eb}) fit the quota of 32, 4 used by other running instances`,
    });
  });

  test('blocked: the peak alone exceeds the quota', async () => {
    accountIsReady();
    const peak = peakVcpus(PRESETS.production);
    mocks.serviceQuotas.on(GetServiceQuotaCommand).resolves({ Quota: { Value: peak - 4 } });
    const line = await checkEc2Vcpus(context({ config: PRESETS.production }));
    expect(line.status).toBe('blocked');
    expect(line.message).toMatch(
      `exceed the Standard on-demand quota of ${peak - 4}: request ${peak} with \`aws service-quotas request-service-quota-increase --service-code ec2 --quota-code ${EC2_STANDARD_VCPU_QUOTA_CODE} --desired-value ${peak} --region ${REGION}\``,
    );
  });

  test('blocked: other running instances leave too little', async () => {
    accountIsReady();
    // Room for the sandbox's peak plus one vCPU; another instance uses two.
    const peak = peakVcpus(PRESETS.sandbox);
    mocks.serviceQuotas.on(GetServiceQuotaCommand).resolves({ Quota: { Value: peak + 1 } });
    mocks.ec2
      .on(DescribeInstancesCommand)
      .resolves({ Reservations: [{ Instances: [{ InstanceType: 't4g.micro', CpuOptions: { CoreCount: 2, ThreadsPerCore: 1 } }] }] });
    const line = await checkEc2Vcpus(context());
    expect(line.status).toBe('blocked');
    expect(line.message).toMatch(
      new RegExp(`peak ${peak} vCPUs .* plus 2 used by other running instances exceed the quota of ${peak + 1}: request ${peak + 2}`),
    );
  });

  test('falls back to the AWS default when Service Quotas has no applied value', async () => {
    accountIsReady();
    mocks.serviceQuotas.on(GetServiceQuotaCommand).rejects(new NoSuchResourceException({ message: 'no applied quota', $metadata: {} }));
    const quota = peakVcpus(PRESETS.sandbox) + 1;
    mocks.serviceQuotas.on(GetAWSDefaultServiceQuotaCommand).resolves({ Quota: { Value: quota } });
    const line = await checkEc2Vcpus(context());
    expect(line.status).toBe('ok');
    expect(line.message).toMatch(`fit the quota of ${quota}, the AWS default (no applied value), 0 used by other running instances`);
  });

  test('unknown: access denied names servicequotas:GetServiceQuota', async () => {
    accountIsReady();
    mocks.serviceQuotas.on(GetServiceQuotaCommand).rejects(accessDenied());
    expect((await checkEc2Vcpus(context())).message).toMatch(new RegExp(`^${REGION}: not allowed to call servicequotas:GetServiceQuota`));
  });

  test('still compares the peak with the quota when other instances cannot be listed', async () => {
    accountIsReady();
    mocks.ec2.on(DescribeInstancesCommand).rejects(awsError('UnauthorizedOperation'));
    const line = await checkEc2Vcpus(context());
    expect(line.status).toBe('ok');
    expect(line.message).toMatch('other running instances not counted (ec2:DescribeInstances was not allowed)');
  });
});

describe('Elastic Beanstalk platform', () => {
  test('not checked where Beanstalk is off', async () => {
    expect(await checkBeanstalkPlatform(context())).toEqual([]);
    expect(mocks.elasticBeanstalk.calls()).toHaveLength(0);
  });

  test("ok: the branch has a recommended version, found with the deploy's own filters", async () => {
    accountIsReady();
    const [line] = await checkBeanstalkPlatform(context({ config: PRESETS.production }));
    expect(line.status).toBe('ok');
    expect(line.message).toMatch(`'${PLATFORM_BRANCH}' resolves to its recommended version 6.6.0`);
    expect(mocks.elasticBeanstalk.commandCalls(ListPlatformVersionsCommand)[0].args[0].input.Filters).toEqual([
      { Type: 'PlatformBranchName', Operator: '=', Values: [PRESETS.production.beanstalk!.platformBranch] },
      { Type: 'PlatformLifecycleState', Operator: '=', Values: ['recommended'] },
    ]);
  });

  test('blocked: no recommended version, with three supported branches of the same language and OS to pass instead', async () => {
    mocks.elasticBeanstalk.on(ListPlatformVersionsCommand).resolves({ PlatformSummaryList: [] });
    mocks.elasticBeanstalk.on(ListPlatformBranchesCommand).resolves({
      PlatformBranchSummaryList: [
        { BranchName: 'Node.js 20 running on 64bit Amazon Linux 2023', BranchOrder: 2 },
        { BranchName: 'Node.js 24 running on 64bit Amazon Linux 2023', BranchOrder: 4 },
        { BranchName: 'Node.js 18 running on 64bit Amazon Linux 2', BranchOrder: 1 },
        { BranchName: 'Node.js 26 running on 64bit Amazon Linux 2023', BranchOrder: 5 },
        { BranchName: 'Node.js 16 running on 64bit Amazon Linux 2023', BranchOrder: 0 },
      ],
    });
    const [line] = await checkBeanstalkPlatform(context({ config: PRESETS.production }));
    expect(line.status).toBe('blocked');
    expect(line.message).toBe(
      `'${PLATFORM_BRANCH}' has no recommended platform version in ${REGION}: set beanstalk.platformBranch in lib/config/presets.ts to one of` +
        " 'Node.js 26 running on 64bit Amazon Linux 2023', 'Node.js 24 running on 64bit Amazon Linux 2023', 'Node.js 20 running on 64bit Amazon Linux 2023'",
    );
    expect(splitPlatformBranch('Node.js 22 running on 64bit Amazon Linux 2023')).toEqual({ language: 'Node.js', os: '64bit Amazon Linux 2023' });
  });

  test('unknown: access denied names elasticbeanstalk:ListPlatformVersions', async () => {
    mocks.elasticBeanstalk.on(ListPlatformVersionsCommand).rejects(accessDenied());
    const [line] = await checkBeanstalkPlatform(context({ config: PRESETS.production }));
    expect(line.status).toBe('unknown');
    expect(line.message).toMatch(/not allowed to call elasticbeanstalk:ListPlatformVersions/);
  });
});

describe('hosted zone', () => {
  const domain = 'atlas.acme-corp.io';
  const sandbox = selectStage({ stage: 'sandbox', domain }).config;
  const zone = (name: string, comment?: string, privateZone = false): HostedZone => ({
    Id: `/hostedzone/Z${name.length}${comment ? 'A' : 'B'}`,
    Name: `${name}.`,
    CallerReference: 'ref',
    Config: { Comment: comment, PrivateZone: privateZone },
  });
  const zones = (byName: Record<string, HostedZone[]>) =>
    mocks.route53
      .on(ListHostedZonesByNameCommand)
      .callsFake((input: { DNSName: string }) => ({ HostedZones: byName[input.DNSName] ?? [], IsTruncated: false, MaxItems: 20 }));

  test("missing without -c domain: the presets' placeholder zone is a reserved name Route 53 refuses", async () => {
    expect(await checkHostedZone(context())).toEqual({
      status: 'missing',
      name: 'hosted-zone',
      message: `the sandbox zone would be ${PRESETS.sandbox.dns.domainName}, a name reserved for documentation that Route 53 refuses: pass -c domain=<a domain you control> to the deploy and to this preflight`,
    });
    expect(mocks.route53.calls()).toHaveLength(0);
  });

  test('ok: the parent zone is in this account, with the delegation step', async () => {
    zones({ [domain]: [zone(domain)] });
    const line = await checkHostedZone(context({ config: sandbox }));
    expect(line.status).toBe('ok');
    expect(line.message).toBe(
      `the deploy creates sandbox.${domain}; its parent ${domain} is hosted in this account (Z18B): after the deploy, add an NS record for sandbox.${domain} in ${domain} with the NameServers output of the sandbox-Dns stack`,
    );
  });

  test('ok: the parent is elsewhere, with the registrar step; a private zone of the same name does not count', async () => {
    zones({ [`sandbox.${domain}`]: [zone(`sandbox.${domain}`, 'vpc zone', true)] });
    const line = await checkHostedZone(context({ config: sandbox }));
    expect(line.status).toBe('ok');
    expect(line.message).toMatch(
      `${domain} is not hosted in this account: after the deploy, add NS records for sandbox.${domain} at ${domain}'s DNS host or registrar`,
    );
  });

  test("ok: the stage's own zone from an earlier deploy", async () => {
    zones({ [`sandbox.${domain}`]: [zone(`sandbox.${domain}`, appZoneComment('sandbox'))] });
    const line = await checkHostedZone(context({ config: sandbox }));
    expect(line.status).toBe('ok');
    expect(line.message).toMatch(`sandbox.${domain} is the sandbox stage's zone from an earlier deploy`);
  });

  test("blocked: a zone of the same name that is not the stage's", async () => {
    zones({ [`sandbox.${domain}`]: [zone(`sandbox.${domain}`, 'made by hand')] });
    const line = await checkHostedZone(context({ config: sandbox }));
    expect(line.status).toBe('blocked');
    expect(line.message).toMatch(
      /already exists in this account .* the deploy would add a second sandbox\.atlas\.acme-corp\.io.*`aws route53 delete-hosted-zone --id Z26A`/,
    );
  });

  test("production: the zone is the domain itself, its parent the domain's parent", async () => {
    zones({ 'acme-corp.io': [zone('acme-corp.io')] });
    const line = await checkHostedZone(context({ config: selectStage({ stage: 'production', domain }).config }));
    expect(line.message).toMatch(`the deploy creates ${domain}; its parent acme-corp.io is hosted in this account`);
  });

  test('manual where the stage issues its certificates: deploy <stage>/Dns and delegate before the rest, which waits for validation', async () => {
    const production = selectStage({ stage: 'production', domain }).config;
    expect(production.dns.issueCertificates).toBe(true);
    zones({ 'acme-corp.io': [zone('acme-corp.io')] });
    expect(await checkHostedZone(context({ config: production }))).toEqual({
      status: 'manual',
      name: 'hosted-zone',
      message:
        `the deploy creates ${domain}; its parent acme-corp.io is hosted in this account (Z12B): the stage issues its certificates, validated in ${domain},` +
        ` so deploy \`production/Dns\` first (\`npx cdk deploy --app cdk.out production/Dns\`), add an NS record for ${domain} in acme-corp.io` +
        ' with the NameServers output of the production-Dns stack, and only then the rest: until acme-corp.io delegates to the zone, every stack with a' +
        " certificate waits for its validation, then fails (after about 12 hours, CloudFormation's limit for a certificate; ACM's own is 72)",
    });
    zones({});
    const elsewhere = await checkHostedZone(context({ config: production }));
    expect(elsewhere.status).toBe('manual');
    expect(elsewhere.message).toMatch(
      `so deploy \`production/Dns\` first (\`npx cdk deploy --app cdk.out production/Dns\`), add NS records for ${domain} at acme-corp.io's DNS host or registrar`,
    );
  });

  test('unknown: access denied names route53:ListHostedZonesByName', async () => {
    mocks.route53.on(ListHostedZonesByNameCommand).rejects(accessDenied());
    const line = await checkHostedZone(context({ config: sandbox }));
    expect(line.status).toBe('unknown');
    expect(line.message).toMatch(/not allowed to call route53:ListHostedZonesByName/);
  });
});

describe('certificates', () => {
  const zoneName = 'sandbox.atlas.acme-corp.io';
  const withCertificates = (edgeArn?: string, albArn?: string) =>
    context({
      config: withConfig({
        dns: { domainName: zoneName },
        edge: { ...PRESETS.sandbox.edge, domainName: edgeArn ? `www.${zoneName}` : undefined, certificateArn: edgeArn },
        webTier: { ...PRESETS.sandbox.webTier, certificateArn: albArn },
      }),
    });

  test('a wildcard covers exactly one label', () => {
    expect(certificateCovers([`*.${zoneName}`], `geo.${zoneName}`)).toBe(true);
    expect(certificateCovers([`*.${zoneName}`], `a.geo.${zoneName}`)).toBe(false);
    expect(certificateCovers([`*.${zoneName}`], zoneName)).toBe(false);
    expect(certificateCovers([`GEO.${zoneName}`], `geo.${zoneName}`)).toBe(true);
  });

  test('not checked where the config names no certificate, nor where the stage issues its own (it may name none)', async () => {
    expect(await checkCertificates(context())).toEqual([]);
    expect(PRESETS.production.dns.issueCertificates).toBe(true);
    expect(await checkCertificates(productionContext())).toEqual([]);
    expect(mocks.acm.calls()).toHaveLength(0);
  });

  test("ok: both certificates issued and covering every name, CloudFront's read in us-east-1", async () => {
    mocks.acm.on(DescribeCertificateCommand).resolves({ Certificate: WILDCARD_CERTIFICATE(zoneName) });
    const lines = await checkCertificates(withCertificates(CLOUDFRONT_CERTIFICATE_ARN, ALB_CERTIFICATE_ARN));
    expect(lines.map((l) => [l.name, l.status])).toEqual([
      ['cloudfront-certificate', 'ok'],
      ['alb-certificate', 'ok'],
    ]);
    expect(lines[0].message).toBe(`ISSUED, covers www.${zoneName}, ${cloudFrontRecordNames(zoneName).join(', ')}, expires 2027-01-31`);
    const calls = mocks.acm.commandCalls(DescribeCertificateCommand);
    const regionOf = async (arn: string) => (calls.find((c) => c.args[0].input.CertificateArn === arn)!.thisValue as ACMClient).config.region();
    expect(await regionOf(CLOUDFRONT_CERTIFICATE_ARN)).toBe('us-east-1');
    expect(await regionOf(ALB_CERTIFICATE_ARN)).toBe(REGION);
  });

  test("blocked: CloudFront's certificate misses a record name; manual for the load balancer's", async () => {
    mocks.acm.on(DescribeCertificateCommand).resolves({ Certificate: { DomainName: `www.${zoneName}`, Status: 'ISSUED' } });
    const [cloudFront, alb] = await checkCertificates(withCertificates(CLOUDFRONT_CERTIFICATE_ARN, ALB_CERTIFICATE_ARN));
    expect(cloudFront.status).toBe('blocked');
    expect(cloudFront.message).toMatch(
      `but not ${cloudFrontRecordNames(zoneName).join(', ')} (CloudFront refuses alternate domain names its certificate does not cover)`,
    );
    expect(alb.status).toBe('manual');
  });

  test.each([
    [
      'pending validation',
      { Certificate: { ...WILDCARD_CERTIFICATE(zoneName), Status: 'PENDING_VALIDATION' as const } },
      /is PENDING_VALIDATION, not ISSUED: add the validation CNAME records/,
    ],
    [
      'expired',
      { Certificate: { ...WILDCARD_CERTIFICATE(zoneName), Status: 'EXPIRED' as const } },
      /is EXPIRED, not ISSUED: request a new certificate in us-east-1/,
    ],
  ])('blocked: %s', async (_case, response, message) => {
    mocks.acm.on(DescribeCertificateCommand).resolves(response);
    const [line] = await checkCertificates(withCertificates(CLOUDFRONT_CERTIFICATE_ARN));
    expect(line.status).toBe('blocked');
    expect(line.message).toMatch(message);
  });

  test('blocked: not found, or in the wrong region', async () => {
    mocks.acm.on(DescribeCertificateCommand).rejects(new ResourceNotFoundException({ message: 'Could not find certificate', $metadata: {} }));
    expect((await checkCertificates(withCertificates(CLOUDFRONT_CERTIFICATE_ARN)))[0].message).toMatch(
      /does not exist in this account: request it with `aws acm request-certificate --region us-east-1/,
    );
    const [wrongRegion] = await checkCertificates(withCertificates(ALB_CERTIFICATE_ARN));
    expect(wrongRegion).toEqual({
      status: 'blocked',
      name: 'cloudfront-certificate',
      message: `${ALB_CERTIFICATE_ARN} is in ${REGION}, but it must be in us-east-1: request or import the certificate in us-east-1 and use its ARN`,
    });
  });

  test('unknown: access denied names acm:DescribeCertificate', async () => {
    mocks.acm.on(DescribeCertificateCommand).rejects(accessDenied());
    const [line] = await checkCertificates(withCertificates(CLOUDFRONT_CERTIFICATE_ARN));
    expect(line.status).toBe('unknown');
    expect(line.message).toMatch(/not allowed to call acm:DescribeCertificate/);
  });
});

describe('resource types', () => {
  test('reads the synthesized templates: types, properties and the bootstrap version they need', () => {
    expect(TEMPLATES.templates.map((t) => t.file)).toEqual(['sandboxAccess.template.json', 'sandboxData.template.json']);
    expect(requiredBootstrapVersion(TEMPLATES)).toBe(8);
    expect(loadStageTemplates(SYNTHESIZED, 'production')).toBeUndefined();
    expect(() => loadStageTemplates(path.join(FIXTURES, 'broken'), 'sandbox')).toThrow(
      /cannot read .*sandboxNetwork\.template\.json .*: run npm run synth again/,
    );
  });

  test("ok: every type and property is in the region's registry (custom resources and CDK metadata skipped)", async () => {
    accountIsReady();
    const line = await checkResourceTypes(context({ templates: TEMPLATES }));
    expect(line.status).toBe('ok');
    expect(line.message).toMatch(
      `all 3 resource types in ${path.relative(process.cwd(), TEMPLATES.directory)} and their properties are in ${REGION}'s CloudFormation registry`,
    );
    expect(
      mocks.cloudFormation
        .commandCalls(DescribeTypeCommand)
        .map((c) => c.args[0].input.TypeName)
        .sort(),
    ).toEqual(['AWS::DynamoDB::GlobalTable', 'AWS::IAM::ManagedPolicy', 'AWS::S3::Bucket']);
  });

  test('blocked: a type the region lacks and a property its schema does not know', async () => {
    accountIsReady();
    mocks.cloudFormation
      .on(DescribeTypeCommand, { TypeName: 'AWS::DynamoDB::GlobalTable' })
      .rejects(new TypeNotFoundException({ message: 'The type does not exist', $metadata: {} }));
    mocks.cloudFormation.on(DescribeTypeCommand, { TypeName: 'AWS::S3::Bucket' }).resolves({ Schema: JSON.stringify({ properties: { BucketName: {} } }) });
    const line = await checkResourceTypes(context({ templates: TEMPLATES }));
    expect(line.status).toBe('blocked');
    expect(line.message).toMatch('2 of 3 resource types');
    expect(line.message).toMatch('AWS::DynamoDB::GlobalTable (no such type); AWS::S3::Bucket (property BucketEncryption unknown)');
  });

  test('unknown: without synthesized templates, or when DescribeType is denied', async () => {
    expect((await checkResourceTypes(context())).message).toMatch(/^no synthesized templates for sandbox in cdk.out: run `npm run synth`/);
    mocks.cloudFormation.on(DescribeTypeCommand).rejects(accessDenied());
    const line = await checkResourceTypes(context({ templates: TEMPLATES }));
    expect(line.status).toBe('unknown');
    expect(line.message).toMatch(`3 of 3 resource types could not be checked in ${REGION}: not allowed to call cloudformation:DescribeType`);
  });
});

describe('what no API shows', () => {
  test('CloudFront verification is always a manual line; the alarm address ok when given, manual when not', async () => {
    const without = await checkAccountState(context());
    expect(without.map((l) => [l.name, l.status])).toEqual([
      ['cloudfront-account', 'manual'],
      ['alarm-email', 'manual'],
    ]);
    expect(without[0].message).toMatch(/AWS Support console/);
    expect(without[1].message).toMatch(/the alarms will notify nobody; add -c alarmEmail=<address>/);
    const withEmail = await checkAccountState(context({ config: selectStage({ stage: 'sandbox', alarmEmail: 'ops@acme-corp.io' }).config }));
    expect(withEmail[1]).toEqual({
      status: 'ok',
      name: 'alarm-email',
      message: 'alarms notify ops@acme-corp.io: confirm the subscription in the mail AWS sends after the deploy',
    });
  });

  test('CloudTrail Lake gets a manual line only where the config switches it on', async () => {
    const lines = await checkAccountState(context({ config: withConfig({ cloudTrailLake: { retentionDays: 2557 } }, PRESETS.production) }));
    expect(lines.find((l) => l.name === 'cloudtrail-lake')?.message).toMatch(/closed to new customers since 31 May 2026/);
    expect((await checkAccountState(context({ config: PRESETS.production }))).some((l) => l.name === 'cloudtrail-lake')).toBe(false);
  });
});

describe('the standby region', () => {
  const [primary, standby] = stageRegions(PRESETS.production);

  test('production deploys to two regions, each with its own zones; the sandbox to one', () => {
    expect(stageRegions(PRESETS.sandbox).map((r) => [r.placement, r.region, r.availabilityZones])).toEqual([
      ['primary', PRESETS.sandbox.region, PRESETS.sandbox.availabilityZones],
    ]);
    expect([primary, standby].map((r) => [r.placement, r.region, r.availabilityZones, r.label])).toEqual([
      ['primary', PRESETS.production.region, PRESETS.production.availabilityZones, `the primary region ${REGION}`],
      ['standby', STANDBY_REGION, PRESETS.production.standby!.availabilityZones, `the standby region ${STANDBY_REGION}`],
    ]);
  });

  test("the standby's EC2 fleet is its own web tier only (no Beanstalk there), at its own maximum", () => {
    const { webTier } = PRESETS.production.standby!;
    expect(stageInstanceFleet(PRESETS.production, 'standby')).toEqual([
      { what: 'standby web tier', instanceType: webTier.instanceType, count: webTier.maxCapacity },
    ]);
    expect(stageInstanceFleet(PRESETS.sandbox, 'standby')).toEqual([]);
  });

  test("EC2 vCPUs: the standby region's own quota, read there, fails with the request for that region", async () => {
    accountIsReady();
    const { webTier } = PRESETS.production.standby!;
    const peak = webTier.maxCapacity * VCPUS[webTier.instanceType];
    // A new account's small quota in Tokyo; Seoul's is ample.
    mocks.serviceQuotas.on(GetServiceQuotaCommand).callsFake(async (_input, getClient) => ({
      Quota: { Value: (await regionOf(getClient)) === STANDBY_REGION ? peak - 2 : 64 },
    }));
    const line = await checkEc2Vcpus(productionContext(), standby);
    expect(line).toEqual({
      status: 'blocked',
      name: 'ec2-vcpus',
      message:
        `peak ${peak} vCPUs in the standby region ${STANDBY_REGION} (standby web tier ${webTier.maxCapacity} × ${webTier.instanceType} (${VCPUS[webTier.instanceType]} vCPUs))` +
        ` exceed the Standard on-demand quota of ${peak - 2}: request ${peak} with \`aws service-quotas request-service-quota-increase --service-code ec2` +
        ` --quota-code ${EC2_STANDARD_VCPU_QUOTA_CODE} --desired-value ${peak} --region ${STANDBY_REGION}\`` +
        ' (Service Quotas console → Amazon EC2 → Running On-Demand Standard instances)',
    });
    expect((await checkEc2Vcpus(productionContext(), primary)).status).toBe('ok');
  });

  test('CDK bootstrap: an old bootstrap stack in the standby region is blocked, naming that region', async () => {
    mocks.cloudFormation.on(DescribeStacksCommand).callsFake(async (_input, getClient) => ({
      Stacks: [bootstrapStack('UPDATE_COMPLETE', (await regionOf(getClient)) === STANDBY_REGION ? '5' : '28')],
    }));
    expect(await checkBootstrap(productionContext(), standby)).toEqual({
      status: 'blocked',
      name: 'cdk-bootstrap',
      message: `CDKToolkit in the standby region ${STANDBY_REGION} is version 5, older than the ${MIN_BOOTSTRAP_VERSION} aws-cdk-lib requires: run \`npx cdk bootstrap -c stage=production\` to update it`,
    });
    expect((await checkBootstrap(productionContext(), primary)).status).toBe('ok');
  });

  test('availability zones: ok where the account offers every pinned zone, with their zone ids', async () => {
    accountIsReady();
    const line = await checkAvailabilityZones(productionContext(), standby);
    expect(line.status).toBe('ok');
    expect(line.message).toBe(
      `${PRESETS.production.standby!.availabilityZones.map((z) => `${z} (${offeredZones(STANDBY_REGION).AvailabilityZones.find((o) => o.ZoneName === z)!.ZoneId})`).join(', ')} available in the standby region ${STANDBY_REGION}`,
    );
  });

  test("availability zones: fails on a pinned zone the account is not offered (Tokyo's legacy 1b), naming the field", async () => {
    accountIsReady();
    const config = withConfig({ standby: { ...PRESETS.production.standby!, availabilityZones: ['ap-northeast-1a', 'ap-northeast-1b'] } }, PRESETS.production);
    const [, legacy] = stageRegions(config);
    expect(await checkAvailabilityZones(productionContext({ config }), legacy)).toEqual({
      status: 'blocked',
      name: 'availability-zones',
      message:
        `ap-northeast-1b is not offered to this account in the standby region ${STANDBY_REGION} (it offers ${REGION_AVAILABILITY_ZONES[STANDBY_REGION].join(', ')}):` +
        ' set standby.availabilityZones in lib/config/presets.ts to zones it offers',
    });
  });

  test('availability zones: a zone offered but impaired is a manual line; access denied is unknown, naming the region', async () => {
    mocks.ec2.on(DescribeAvailabilityZonesCommand).resolves({
      AvailabilityZones: PRESETS.production.standby!.availabilityZones.map((z, i) => ({ ZoneName: z, State: i === 0 ? 'impaired' : 'available' })),
    });
    const impaired = await checkAvailabilityZones(productionContext(), standby);
    expect(impaired.status).toBe('manual');
    expect(impaired.message).toMatch(`${PRESETS.production.standby!.availabilityZones[0]} is impaired in the standby region ${STANDBY_REGION}`);
    mocks.ec2.on(DescribeAvailabilityZonesCommand).rejects(awsError('UnauthorizedOperation'));
    expect((await checkAvailabilityZones(productionContext(), standby)).message).toMatch(
      new RegExp(`^${STANDBY_REGION}: not allowed to call ec2:DescribeAvailabilityZones`),
    );
  });

  test("resource types: each region's templates against its own registry, by the manifest's environments", async () => {
    accountIsReady();
    expect(TWO_REGION_TEMPLATES.templates.map((t) => [t.file, t.region])).toEqual([
      ['productionEdge95731751.template.json', REGION],
      ['productionEdgeCertificateDDF37029.template.json', 'us-east-1'],
      ['productionStandbyDataB38AE07C.template.json', STANDBY_REGION],
    ]);
    // Tokyo's registry does not know one property of the key yet; Seoul's has no key in its templates.
    mocks.cloudFormation.on(DescribeTypeCommand).callsFake(async (input: { TypeName: string }, getClient) => {
      const inStandby = (await regionOf(getClient)) === STANDBY_REGION;
      const known = SCHEMAS[input.TypeName].filter((p) => !(inStandby && p === 'EnableKeyRotation'));
      return { Schema: JSON.stringify({ properties: Object.fromEntries(known.map((p) => [p, {}])) }) };
    });
    const context = productionContext({ templates: TWO_REGION_TEMPLATES });
    const directory = path.relative(process.cwd(), TWO_REGION_TEMPLATES.directory);
    expect(await checkResourceTypes(context, primary)).toEqual({
      status: 'ok',
      name: 'resource-types',
      message: `all 1 resource types in ${directory} (the 1 stacks in ${REGION}) and their properties are in ${REGION}'s CloudFormation registry`,
    });
    const tokyo = await checkResourceTypes(context, standby);
    expect(tokyo.status).toBe('blocked');
    expect(tokyo.message).toMatch(
      `1 of 2 resource types in ${directory} (the 1 stacks in ${STANDBY_REGION}) do not fit ${STANDBY_REGION}'s CloudFormation registry: AWS::KMS::Key (property EnableKeyRotation unknown)`,
    );
  });

  test("certificates: the standby load balancer's certificate is read in the standby region and must be there", async () => {
    mocks.acm.on(DescribeCertificateCommand).resolves({ Certificate: WILDCARD_CERTIFICATE(PRESETS.production.dns.domainName) });
    const standbyArn = `arn:aws:acm:${STANDBY_REGION}:${ACCOUNT}:certificate/12121212-3434-5656-7878-909090909090`;
    const config = withConfig(
      {
        webTier: { ...PRESETS.production.webTier, certificateArn: ALB_CERTIFICATE_ARN },
        standby: { ...PRESETS.production.standby!, webTier: { ...PRESETS.production.standby!.webTier, certificateArn: standbyArn } },
      },
      PRESETS.production,
    );
    const lines = await checkCertificates(productionContext({ config }));
    expect(lines.map((l) => [l.name, l.status])).toEqual([
      ['alb-certificate', 'ok'],
      ['standby-alb-certificate', 'ok'],
    ]);
    const call = mocks.acm.commandCalls(DescribeCertificateCommand).find((c) => c.args[0].input.CertificateArn === standbyArn)!;
    expect(await (call.thisValue as ACMClient).config.region()).toBe(STANDBY_REGION);

    const swapped = withConfig({ standby: { ...config.standby!, webTier: { ...config.standby!.webTier, certificateArn: ALB_CERTIFICATE_ARN } } }, config);
    expect((await checkCertificates(productionContext({ config: swapped })))[1]).toEqual({
      status: 'blocked',
      name: 'standby-alb-certificate',
      message: `${ALB_CERTIFICATE_ARN} is in ${REGION}, but it must be in ${STANDBY_REGION}: request or import the certificate in ${STANDBY_REGION} and use its ARN`,
    });
  });
});

describe("us-east-1, where a stage that issues its certificates deploys CloudFront's", () => {
  const production = () => selectStage({ stage: 'production', domain: 'atlas.acme-corp.io' }).config;
  const usEast1Clients = () => twoRegionClients.usEast1!;
  /** The calls a mock received through a client in us-east-1 (aws-sdk-client-mock records the client as `thisValue`). */
  async function callsInUsEast1(mock: { calls: () => readonly { thisValue: unknown }[] }): Promise<number> {
    const regions = await Promise.all(mock.calls().map((call) => (call.thisValue as CloudFormationClient).config.region()));
    return regions.filter((region) => region === 'us-east-1').length;
  }

  test('production deploys a third region, us-east-1, with no zones; the sandbox and a stage already in us-east-1 do not add it', () => {
    expect(stageRegions(PRESETS.production).map((r) => [r.placement, r.region, r.availabilityZones, r.label])).toEqual([
      ['primary', REGION, PRESETS.production.availabilityZones, `the primary region ${REGION}`],
      ['standby', STANDBY_REGION, PRESETS.production.standby!.availabilityZones, `the standby region ${STANDBY_REGION}`],
      ['us-east-1', 'us-east-1', [], "us-east-1 (CloudFront's certificate)"],
    ]);
    expect(stageRegions(PRESETS.sandbox).map((r) => r.region)).toEqual([REGION]);
    const inVirginia = withConfig({ region: 'us-east-1', availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] }, PRESETS.production);
    expect(stageRegions(inVirginia).map((r) => r.placement)).toEqual(['primary', 'standby']);
  });

  test('exit 1 when us-east-1 has no CDK bootstrap stack, its line naming the region and the command', async () => {
    accountIsReady();
    mocks.cloudFormation.on(DescribeStacksCommand).callsFake(async (_input, getClient) => {
      if ((await regionOf(getClient)) === 'us-east-1') throw awsError('ValidationError', 'Stack with id CDKToolkit does not exist');
      return { Stacks: [bootstrapStack('UPDATE_COMPLETE', '28')] };
    });
    const report = await runPreflight(productionContext({ config: production(), templates: TWO_REGION_TEMPLATES }));
    expect(exitCode(report)).toBe(1);
    expect(report.results.filter((r) => r.status === 'missing' || r.status === 'blocked')).toEqual([
      {
        status: 'missing',
        name: 'cdk-bootstrap',
        message: `no CDKToolkit stack in us-east-1 (CloudFront's certificate): run \`npx cdk bootstrap -c stage=production\`, which bootstraps every region of the stage (once per account and region)`,
      },
    ]);
    expect(formatReport(report).at(-1)).toMatch(/: a deploy would fail; fix the missing and blocked lines above$/);
  });

  test('no availability-zone or EC2 vCPU line for us-east-1, and nothing of EC2, Service Quotas, Lambda or Beanstalk read there', async () => {
    accountIsReady();
    const report = await runPreflight(productionContext({ config: production(), templates: TWO_REGION_TEMPLATES }));
    for (const name of ['availability-zones', 'ec2-vcpus']) {
      const lines = report.results.filter((r) => r.name === name);
      expect(lines).toHaveLength(2);
      for (const line of lines) expect(line.message).not.toMatch('us-east-1');
    }
    for (const mock of [mocks.ec2, mocks.serviceQuotas, mocks.lambda, mocks.elasticBeanstalk]) expect(await callsInUsEast1(mock)).toBe(0);
    // What is read there: the bootstrap stack and the registry, with the us-east-1 clients.
    expect(mocks.cloudFormation.calls().some((call) => call.thisValue === usEast1Clients().cloudFormation)).toBe(true);
  });

  test("resource types: the EdgeCertificate template against us-east-1's registry", async () => {
    accountIsReady();
    const [, , usEast1] = stageRegions(PRESETS.production);
    const directory = path.relative(process.cwd(), TWO_REGION_TEMPLATES.directory);
    expect(await checkResourceTypes(productionContext({ templates: TWO_REGION_TEMPLATES }), usEast1)).toEqual({
      status: 'ok',
      name: 'resource-types',
      message: `all 1 resource types in ${directory} (the 1 stacks in us-east-1) and their properties are in us-east-1's CloudFormation registry`,
    });
    const types = mocks.cloudFormation
      .commandCalls(DescribeTypeCommand)
      .filter((call) => call.thisValue === usEast1Clients().cloudFormation)
      .map((call) => call.args[0].input.TypeName);
    expect(types).toEqual(['AWS::CertificateManager::Certificate']);
  });

  test('the sandbox issues no certificates: no us-east-1 line, nothing read there', async () => {
    accountIsReady();
    const sandbox = selectStage({ stage: 'sandbox', domain: 'atlas.acme-corp.io' }).config;
    expect(sandbox.dns.issueCertificates).not.toBe(true);
    const report = await runPreflight(context({ config: sandbox, templates: TEMPLATES }));
    expect(exitCode(report)).toBe(0);
    expect(report.results.filter((r) => r.message.includes('us-east-1'))).toEqual([]);
    expect(report.results.filter((r) => r.name === 'cdk-bootstrap')).toHaveLength(1);
    for (const mock of [mocks.cloudFormation, mocks.ec2, mocks.serviceQuotas, mocks.acm]) expect(await callsInUsEast1(mock)).toBe(0);
  });
});

describe('the whole preflight', () => {
  test('exit 0 and one line per check when the account is ready; per-region checks once in each region of the stage (us-east-1 only for what is there)', async () => {
    accountIsReady();
    const { config } = selectStage({ stage: 'production', domain: 'atlas.acme-corp.io' });
    const report = await runPreflight(productionContext({ config, templates: TWO_REGION_TEMPLATES }));
    const lines = formatReport(report);
    expect(exitCode(report)).toBe(0);
    expect(report.results.map((r) => r.name)).toEqual([
      'credentials',
      'region',
      'cdk-bootstrap',
      'cdk-bootstrap',
      'cdk-bootstrap',
      'availability-zones',
      'availability-zones',
      ...serviceLinkedRolesFor(PRESETS.production).map(() => 'service-linked-role'),
      'lambda-concurrency',
      'ec2-vcpus',
      'ec2-vcpus',
      'beanstalk-platform',
      'hosted-zone',
      'resource-types',
      'resource-types',
      'resource-types',
      'cloudfront-account',
      'alarm-email',
    ]);
    // The primary's line first, then the standby's, then us-east-1's where the check concerns it, each naming its region.
    for (const name of ['cdk-bootstrap', 'availability-zones', 'ec2-vcpus', 'resource-types']) {
      const [primary, standby, usEast1] = report.results.filter((r) => r.name === name).map((r) => r.message);
      expect(primary).toMatch(REGION);
      expect(primary).not.toMatch(STANDBY_REGION);
      expect(standby).toMatch(STANDBY_REGION);
      if (name === 'cdk-bootstrap' || name === 'resource-types') expect(usEast1).toMatch('us-east-1');
    }
    // The hosted zone is a manual step here: production issues its certificates, so the zone is delegated first.
    expect(report.results.filter((r) => r.status !== 'ok').map((r) => [r.name, r.status])).toEqual([
      ['hosted-zone', 'manual'],
      ['cloudfront-account', 'manual'],
      ['alarm-email', 'manual'],
    ]);
    expect(lines).toHaveLength(report.results.length + 1);
    expect(lines[0]).toMatch(new RegExp(`^ok {6}credentials {9}account ${ACCOUNT} `));
    expect(lines[lines.length - 1]).toBe(
      `preflight production (account ${ACCOUNT}, ${REGION} and standby ${STANDBY_REGION}): ${report.results.length - 3} ok, 3 manual: nothing above stops a deploy; read the manual and unknown lines above`,
    );
    expectCleanLines(lines);
  });

  test('exit 1 when only the standby region would fail the deploy: no CDK bootstrap there, named in its line', async () => {
    accountIsReady();
    mocks.cloudFormation.on(DescribeStacksCommand).callsFake(async (_input, getClient) => {
      if ((await regionOf(getClient)) === STANDBY_REGION) throw awsError('ValidationError', 'Stack with id CDKToolkit does not exist');
      return { Stacks: [bootstrapStack('UPDATE_COMPLETE', '28')] };
    });
    const report = await runPreflight(productionContext({ config: selectStage({ stage: 'production', domain: 'atlas.acme-corp.io' }).config }));
    expect(exitCode(report)).toBe(1);
    expect(report.results.filter((r) => r.status === 'missing' || r.status === 'blocked')).toEqual([
      {
        status: 'missing',
        name: 'cdk-bootstrap',
        message: `no CDKToolkit stack in the standby region ${STANDBY_REGION}: run \`npx cdk bootstrap -c stage=production\`, which bootstraps every region of the stage (once per account and region)`,
      },
    ]);
    expect(report.results.find((r) => r.name === 'cdk-bootstrap')!.message).toMatch(`CDKToolkit version 28 in the primary region ${REGION}`);
    // Lambda and Beanstalk run in the primary region only: nothing of theirs is read in the standby's.
    for (const call of [...mocks.lambda.calls(), ...mocks.elasticBeanstalk.calls()]) {
      expect(await (call.thisValue as LambdaClient).config.region()).toBe(REGION);
    }
  });

  test('exit 1 when a check is blocked; an unknown alone does not fail', async () => {
    accountIsReady();
    mocks.lambda.on(GetAccountSettingsCommand).rejects(throttled());
    const sandbox = selectStage({ stage: 'sandbox', domain: 'atlas.acme-corp.io' }).config;
    const unknownOnly = await runPreflight(context({ config: withConfig({ functions: { ...sandbox.functions, reservedConcurrency: 5 } }, sandbox) }));
    expect(unknownOnly.results.find((r) => r.name === 'lambda-concurrency')?.status).toBe('unknown');
    expect(exitCode(unknownOnly)).toBe(0);

    mocks.cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [bootstrapStack('UPDATE_COMPLETE', '3')] });
    const blocked = await runPreflight(context({ config: sandbox }));
    expect(blocked.results.filter((r) => r.status === 'blocked').map((r) => r.name)).toEqual(['cdk-bootstrap']);
    expect(exitCode(blocked)).toBe(1);
    expect(formatReport(blocked).at(-1)).toMatch(/: a deploy would fail; fix the missing and blocked lines above$/);
  });

  test('stops after the credentials line when they fail: nothing else is called', async () => {
    accountIsReady();
    mocks.sts.on(GetCallerIdentityCommand).rejects(awsError('ExpiredTokenException', 'The security token included in the request is expired'));
    const report = await runPreflight(context());
    expect(report.results).toHaveLength(1);
    expect(exitCode(report)).toBe(1);
    expect(formatReport(report)).toEqual([
      `blocked credentials the credentials have expired (ExpiredTokenException): sign in with \`aws sso login --profile <profile>\` and \`export AWS_PROFILE=<profile>\` again, or export a fresh AWS_SESSION_TOKEN`,
      `preflight sandbox (${REGION}): stopped after the credentials check, which every other check needs: fix it and run the preflight again`,
    ]);
    for (const mock of [mocks.cloudFormation, mocks.iam, mocks.lambda, mocks.serviceQuotas, mocks.ec2, mocks.route53, mocks.acm])
      expect(mock.calls()).toHaveLength(0);
  });

  test('an AWS error a check does not handle becomes its one unknown line', async () => {
    accountIsReady();
    const failing = (): Promise<CheckResult> => Promise.reject(awsError('InternalFailure', 'We encountered an internal error.\nPlease try again.'));
    const report = await runPreflight(context(), { checks: [{ name: 'flaky', check: failing }] });
    expect(report.results.map((r) => r.name)).toEqual(['credentials', 'region', 'flaky']);
    expect(report.results[2]).toEqual({ status: 'unknown', name: 'flaky', message: 'an AWS call failed (InternalFailure: We encountered an internal error.)' });
    expect(exitCode(report)).toBe(0);
  });

  test('a programming error is not hidden as an AWS failure', async () => {
    accountIsReady();
    mocks.lambda.on(GetAccountSettingsCommand).callsFake(() => {
      throw new TypeError('a bug');
    });
    await expect(runPreflight(context({ config: withConfig({ functions: { ...PRESETS.sandbox.functions, reservedConcurrency: 5 } }) }))).rejects.toThrow(
      'a bug',
    );
  });
});

describe('the CLI', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l) } };
  };
  const environment = (env: Record<string, string> = {}): PreflightEnvironment => ({
    env,
    outdir: SYNTHESIZED,
    createClients: () => clients,
    sdkDefaultRegion: () => Promise.resolve('us-west-2'),
  });

  test("exit 0 with the report on stdout, reading the stage's templates and naming the profile region it ignores", async () => {
    accountIsReady();
    const { out, err, io: streams } = io();
    // The CLI closes the clients it was given; these are shared with the other tests, so give it its own.
    const own = createClients(REGION);
    const code = await runPreflightCli(['-c', 'stage=sandbox', '-c', 'domain=atlas.acme-corp.io', '-c', 'alarmEmail=ops@acme-corp.io'], streams, {
      ...environment(),
      createClients: () => own,
    });
    expect(err).toEqual([]);
    expect(code).toBe(PREFLIGHT_EXIT.ok);
    expect(out.find((l) => l.startsWith('ok      region'))).toMatch(`the stage deploys to ${REGION} regardless of the profile's region us-west-2`);
    expect(out.find((l) => /^ok +cdk-bootstrap/.test(l))).toMatch("the templates' CheckBootstrapVersion rule requires 8");
    expect(out.find((l) => /^ok +alarm-email/.test(l))).toMatch('ops@acme-corp.io');
  });

  test('exit 2 and one line on stderr for bad input, before any AWS call', async () => {
    const { out, err, io: streams } = io();
    expect(await runPreflightCli(['-c', 'stage=sandbox', '-c', 'domain=example.com'], streams, environment())).toBe(PREFLIGHT_EXIT.badInput);
    expect(out).toEqual([]);
    expect(err).toEqual([
      "preflight: domain must be a domain you control, got 'example.com', which is reserved for documentation (RFC 2606) and refused by Route 53",
    ]);
    expect(await runPreflightCli(['-c', 'stage=sandbox'], streams, { ...environment(), outdir: path.join(FIXTURES, 'broken') })).toBe(PREFLIGHT_EXIT.badInput);
    expect(Object.values(mocks).every((mock) => mock.calls().length === 0)).toBe(true);
  });
});

describe('the CLI as a process (tsx bin/preflight.ts, what npm run preflight runs)', () => {
  /** Runs the real CLI with an environment where the SDK finds no credentials, no region and no instance metadata. */
  function preflight(args: string[]): Promise<{ code: number; stdout: string; stderr: string; seconds: number }> {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const key of Object.keys(env)) if (key.startsWith('AWS_')) delete env[key];
    Object.assign(env, {
      AWS_CONFIG_FILE: path.join(os.tmpdir(), 'preflight-test-no-such-dir', 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(os.tmpdir(), 'preflight-test-no-such-dir', 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    const started = Date.now();
    return new Promise((resolve) => {
      // The project's tsx directly, as npm runs it: npx would add its own start-up (a second of CPU) to each process.
      execFile(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['bin/preflight.ts', ...args], { cwd: ROOT, env, timeout: 60_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr, seconds: (Date.now() - started) / 1000 });
      });
    });
  }
  const linesOf = (text: string) => text.split('\n').filter((l) => l !== '');
  type Run = Awaited<ReturnType<typeof preflight>>;
  // The five processes run at once (each spends most of its time starting tsx), and the tests read their results.
  let badInput: Run[];
  let withoutCredentials: Run;
  beforeAll(async () => {
    [withoutCredentials, ...badInput] = await Promise.all(
      [['-c', 'stage=sandbox'], ['-c', 'stage=nope'], [], ['-c', 'stage'], ['--stage=sandbox']].map(preflight),
    );
  }, 90_000);

  test('bad input: exit 2, one line on stderr, no stack trace', () => {
    expect(badInput.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    expect(badInput.map((r) => r.stdout)).toEqual(['', '', '', '']);
    expect(badInput.map((r) => linesOf(r.stderr))).toEqual([
      ["preflight: stage must be one of sandbox, production (or omitted for every stage), got 'nope'"],
      ['preflight: checks one stage at a time: pass -c stage=<sandbox|production>'],
      ["preflight: context must be key=value, e.g. -c stage=sandbox, got 'stage'"],
      [expect.stringMatching(/^preflight: unknown argument '--stage=sandbox' \(usage: npm run preflight -- -c stage=/)],
    ]);
  });

  test('no credentials: exit 1 within seconds, one clear line and the summary, no SDK warning', () => {
    expect(withoutCredentials.code).toBe(1);
    expect(withoutCredentials.stderr).toBe('');
    expect(linesOf(withoutCredentials.stdout)).toEqual([
      'missing credentials no AWS credentials found (CredentialsProviderError): sign in with `aws sso login --profile <profile>` and `export AWS_PROFILE=<profile>`, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
      `preflight sandbox (${REGION}): stopped after the credentials check, which every other check needs: fix it and run the preflight again`,
    ]);
    expect(withoutCredentials.seconds).toBeLessThan(45); // no hang: without IMDS the credential chain gives up at once
  });
});

/** Every check's result type is exercised above; keep the helper honest. */
test('expectCleanLines catches a stack trace', () => {
  const stack: CheckResult = { status: 'unknown', name: 'x', message: 'Error: boom\n    at Object.<anonymous> (/work/main/x.ts:1:1)' };
  expect(() => expectCleanLines([stack.message])).toThrow();
});
