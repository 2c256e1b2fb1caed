import { execFile } from 'child_process';
import * as path from 'path';
import { domainToUnicode } from 'url';
import { promisify } from 'util';
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { addAtlasStages, deployNotices } from '../../lib/atlas-app';
import type { AtlasStage } from '../../lib/atlas-stage';
import {
  configureStage,
  PRESETS,
  PRODUCTION,
  refuseRegionContext,
  SANDBOX,
  selectDomain,
  StageConfig,
  StageName,
  unknownContextKeys,
  validateStageConfig,
} from '../../lib/config';
import { normalizeDomain } from '../../lib/shared/domain';
import { unitTestApp } from '../support/app';
import { ROOT, tempDir } from '../support/context';

/** A number where the config takes a numeric enum: TypeScript refuses a literal that is no member, but takes any `number`. */
const asIs = <T>(value: unknown) => value as T;

type Change = (config: StageConfig) => StageConfig;
const web =
  (change: Partial<StageConfig['webTier']>): Change =>
  (c) => ({ ...c, webTier: { ...c.webTier, ...change } });
const fn =
  (change: Partial<StageConfig['functions']>): Change =>
  (c) => ({ ...c, functions: { ...c.functions, ...change } });
const db =
  (change: Partial<StageConfig['relational']>): Change =>
  (c) => ({ ...c, relational: { ...c.relational, ...change } });
const edge =
  (change: Partial<StageConfig['edge']>): Change =>
  (c) => ({ ...c, edge: { ...c.edge, ...change } });
const net =
  (change: Partial<StageConfig['network']>): Change =>
  (c) => ({ ...c, network: { ...c.network, ...change } });
const durability =
  (change: Partial<StageConfig['durability']>): Change =>
  (c) => ({ ...c, durability: { ...c.durability, ...change } });

const standby =
  (change: Partial<NonNullable<StageConfig['standby']>>): Change =>
  (c) => ({ ...c, standby: { ...c.standby!, ...change } });
const standbyNet =
  (change: Partial<NonNullable<StageConfig['standby']>['network']>): Change =>
  (c) => ({ ...c, standby: { ...c.standby!, network: { ...c.standby!.network, ...change } } });
const STANDBY = PRODUCTION.standby!;

/** Both stages as the presets build them, offline: built once, for the tests that only read them. */
let presets: AtlasStage[] | undefined;
const presetStages = (): AtlasStage[] => (presets ??= addAtlasStages(unitTestApp(), { compliance: false }));

const ARN_SEOUL = 'arn:aws:acm:ap-northeast-2:123456789012:certificate/abcd-1234';
const ARN_VIRGINIA = 'arn:aws:acm:us-east-1:123456789012:certificate/abcd-1234';

// Each row: the stage, what is wrong, the change, and the message (field, value and rule); a value the message takes
// from the preset (a bound, the region) is read from it, so that a preset change fails no row. Every bad input fails
// the synth of the whole app: nothing is clamped or defaulted. One row per rule; a value the config's type rules out
// (a string for a number or a boolean, a price class CloudFront does not have) needs none, and its rule is gone.
const CASES: [StageName, string, Change, RegExp][] = [
  // Stage-wide
  ['sandbox', 'an account id that is not 12 digits', (c) => ({ ...c, account: '12345' }), /sandbox\.account must be a 12-digit AWS account id, got '12345'/],
  ['sandbox', 'an unknown region', (c) => ({ ...c, region: 'mars-1' }), /sandbox\.region must be one of .*got 'mars-1'/],
  [
    'sandbox',
    'one availability zone',
    (c) => ({ ...c, availabilityZones: c.availabilityZones.slice(0, 1) }),
    /sandbox\.availabilityZones must name at least 2 availability zones.*got 1/,
  ],
  [
    'sandbox',
    'Multi-AZ with one availability zone',
    (c) => db({ multiAz: true })({ ...c, availabilityZones: c.availabilityZones.slice(0, 1) }),
    /sandbox\.relational\.multiAz needs at least 2 availability zones for the standby, got 1/,
  ],
  [
    'sandbox',
    'a log retention CloudWatch Logs does not offer',
    (c) => ({ ...c, logRetention: asIs(4) }),
    /sandbox\.logRetention must be a CloudWatch Logs retention in days \(one of 1, 3, 5, .*\), got 4/,
  ],
  [
    'production',
    'production logs kept less than a year',
    (c) => ({ ...c, logRetention: RetentionDays.ONE_MONTH }),
    /production\.logRetention must be at least 365 days when durability\.removalPolicy is retain.*got 30/,
  ],
  [
    'production',
    'a removal policy a stage cannot choose',
    durability({ removalPolicy: RemovalPolicy.SNAPSHOT }),
    /production\.durability\.removalPolicy must be one of destroy, retain.*got 'snapshot'/,
  ],
  [
    'production',
    'retained data without termination protection',
    durability({ terminationProtection: false }),
    /production\.durability\.terminationProtection must be true when durability\.removalPolicy is retain.*got false/,
  ],
  // Network
  ['sandbox', 'a VPC CIDR that is too large', net({ vpcCidr: '10.0.0.0/8' }), /sandbox\.network\.vpcCidr prefix must be between \/16 and \/24.*got \/8/],
  ['sandbox', 'a public VPC CIDR', net({ vpcCidr: '8.8.0.0/16' }), /sandbox\.network\.vpcCidr must lie inside RFC 1918 private space.*got '8\.8\.0\.0\/16'/],
  [
    'sandbox',
    'more NAT gateways than AZs',
    net({ natGateways: SANDBOX.availabilityZones.length + 1 }),
    new RegExp(
      String.raw`sandbox\.network\.natGateways must be a whole number from 0 to the availability zone count \(${SANDBOX.availabilityZones.length}\), got ${SANDBOX.availabilityZones.length + 1}`,
    ),
  ],
  // Standby region
  [
    'production',
    'a standby in the primary region',
    standby({ region: PRODUCTION.region, availabilityZones: PRODUCTION.availabilityZones }),
    new RegExp(String.raw`production\.standby\.region must differ from the primary region ${PRODUCTION.region} .*got '${PRODUCTION.region}'`),
  ],
  [
    'production',
    'a standby region the project does not know',
    standby({ region: 'ap-northeast-9' }),
    /production\.standby\.region must be one of .*ap-northeast-1.*got 'ap-northeast-9'/,
  ],
  [
    'production',
    'a standby zone of another region (ap-northeast-1b is not offered to new accounts)',
    standby({ availabilityZones: [STANDBY.availabilityZones[0], 'ap-northeast-1b'] }),
    new RegExp(String.raw`production\.standby\.availabilityZones entry 'ap-northeast-1b' is not an availability zone of region ${STANDBY.region}`),
  ],
  [
    'production',
    'a standby with one availability zone',
    standby({ availabilityZones: [STANDBY.availabilityZones[0]] }),
    /production\.standby\.availabilityZones must name at least 2 availability zones/,
  ],
  [
    'production',
    "a standby VPC that overlaps the primary's",
    standbyNet({ vpcCidr: '10.20.128.0/17' }),
    new RegExp(
      String.raw`production\.standby\.network\.vpcCidr must not overlap network\.vpcCidr ${PRODUCTION.network.vpcCidr.replace(/[./]/g, '\\$&')} .*got '10\.20\.128\.0/17'`,
    ),
  ],
  [
    'production',
    'a public standby VPC CIDR',
    standbyNet({ vpcCidr: '8.8.0.0/16' }),
    /production\.standby\.network\.vpcCidr must lie inside RFC 1918 private space/,
  ],
  [
    'production',
    'more standby NAT gateways than standby AZs',
    standbyNet({ natGateways: STANDBY.availabilityZones.length + 1 }),
    new RegExp(
      String.raw`production\.standby\.network\.natGateways must be a whole number from 0 to the availability zone count \(${STANDBY.availabilityZones.length}\)`,
    ),
  ],
  [
    'production',
    'a standby weight of 100 %',
    standby({ weightPercent: 100 }),
    /production\.standby\.weightPercent must be a whole percentage from 1 to 99 \(the primary gets the rest\), got 100/,
  ],
  [
    'production',
    'HTTPS in the primary region only (certificates brought as ARNs)',
    (c) => web({ certificateArn: ARN_SEOUL })({ ...c, dns: { ...c.dns, issueCertificates: false } }),
    /production\.standby\.webTier\.certificateArn must be set exactly when webTier\.certificateArn is .*got undefined with webTier\.certificateArn 'arn:aws:acm:ap-northeast-2/,
  ],
  // Issued certificates
  [
    'production',
    'a certificate ARN where the stage issues its own',
    web({ certificateArn: ARN_SEOUL }),
    /production\.webTier\.certificateArn must be unset when dns\.issueCertificates is true \(the app issues the stage's certificates and names\), got 'arn:aws:acm:ap-northeast-2/,
  ],
  [
    'sandbox',
    'issued certificates in a stage that is torn down',
    (c) => ({ ...c, dns: { ...c.dns, issueCertificates: true } }),
    /sandbox\.dns\.issueCertificates needs durability\.removalPolicy retain \(ACM's validation record stays in the zone after the certificates go, so the zone could not be deleted\), got removalPolicy 'destroy'/,
  ],
  // Web tier
  ['sandbox', 'a capacity that is not a finite number', web({ maxCapacity: NaN }), /sandbox\.webTier\.maxCapacity must be a finite number, got NaN/],
  [
    'sandbox',
    'zero maximum capacity',
    web({ minCapacity: 0, desiredCapacity: 0, maxCapacity: 0 }),
    /WebTier maxCapacity must be a whole number from 1 to 100, got 0/,
  ],
  [
    'sandbox',
    'min above max',
    web({ minCapacity: SANDBOX.webTier.maxCapacity + 1 }),
    new RegExp(
      String.raw`WebTier minCapacity must be a whole number from 0 to ${SANDBOX.webTier.maxCapacity} \(at most maxCapacity\), got ${SANDBOX.webTier.maxCapacity + 1}`,
    ),
  ],
  [
    'sandbox',
    'desired below min',
    web({ minCapacity: 1, desiredCapacity: 0 }),
    new RegExp(
      String.raw`WebTier desiredCapacity must be a whole number from 1 to ${SANDBOX.webTier.maxCapacity} \(minCapacity ≤ desiredCapacity ≤ maxCapacity\), got 0`,
    ),
  ],
  [
    'sandbox',
    'an x86 instance type for the ARM image',
    web({ instanceType: 't3.micro' }),
    /WebTier instanceType must be a Graviton \(ARM\) instance type.*got 't3\.micro'/,
  ],
  [
    'sandbox',
    'a root volume below the image size',
    web({ rootVolumeGiB: 4 }),
    /WebTier rootVolumeGiB must be a whole number from 8 to 16384 \(gp3 volumes; the AL2023 image needs 8 GiB\), got 4/,
  ],
  [
    'sandbox',
    'sticky sessions of zero seconds',
    web({ stickySessionSeconds: 0 }),
    /WebTier stickySessionSeconds must be a whole number from 1 to 604800.*got 0/,
  ],
  ['sandbox', 'a certificate that is not an ARN', web({ certificateArn: 'my-cert' }), /WebTier certificateArn must be an ACM certificate ARN, got 'my-cert'/],
  [
    'sandbox',
    'a load balancer certificate from another region',
    web({ certificateArn: ARN_VIRGINIA }),
    new RegExp(`WebTier certificateArn must be a certificate in the load balancer's region ${SANDBOX.region}, got one in us-east-1`),
  ],
  // Functions
  [
    'sandbox',
    'a timeout beyond the Lambda limit',
    fn({ timeoutSeconds: 901 }),
    /Functions timeoutSeconds must be a whole number from 1 to 900 \(Lambda runs at most 15 minutes\), got 901/,
  ],
  [
    'sandbox',
    'memory below the Lambda minimum',
    fn({ memoryMiB: 64 }),
    /Functions memoryMiB must be a whole number from 128 to 10240 \(the Lambda memory range in MB\), got 64/,
  ],
  ['sandbox', 'no reserved concurrency', fn({ reservedConcurrency: 0 }), /Functions reservedConcurrency must be a whole number from 1 to 1000.*got 0/],
  // Relational database
  [
    'sandbox',
    'an instance class with the db. prefix',
    db({ instanceType: 'db.t4g.micro' }),
    /RelationalDatabase instanceType must be an instance class without the 'db\.' prefix.*got 'db\.t4g\.micro'/,
  ],
  [
    'sandbox',
    'storage below the minimum',
    db({ allocatedStorageGiB: 10 }),
    /RelationalDatabase allocatedStorageGiB must be a whole number from 20 to 65536.*got 10/,
  ],
  [
    'sandbox',
    'a storage ceiling not above the initial size',
    db({ maxAllocatedStorageGiB: SANDBOX.relational.allocatedStorageGiB }),
    new RegExp(
      String.raw`RelationalDatabase maxAllocatedStorageGiB must be a whole number from ${SANDBOX.relational.allocatedStorageGiB + 1} to 65536 \(the storage autoscaling ceiling must be above allocatedStorageGiB\), got ${SANDBOX.relational.allocatedStorageGiB}`,
    ),
  ],
  [
    'sandbox',
    'backups kept longer than RDS allows',
    db({ backupRetentionDays: 36 }),
    /RelationalDatabase backupRetentionDays must be a whole number from 1 to 35.*got 36/,
  ],
  [
    'production',
    'production backups kept less than a week',
    db({ backupRetentionDays: 3 }),
    /RelationalDatabase backupRetentionDays must be at least 7 when data is retained \(production\), got 3/,
  ],
  // Edge
  [
    'sandbox',
    'a custom domain switched on without its certificate',
    edge({ domainName: 'www.example.com' }),
    /ContentDelivery domainName and certificateArn go together, got domainName www\.example\.com and certificateArn unset/,
  ],
  [
    'sandbox',
    'a CloudFront certificate outside us-east-1',
    edge({ domainName: 'www.example.com', certificateArn: ARN_SEOUL }),
    /ContentDelivery certificateArn must be in us-east-1.*got one in ap-northeast-2/,
  ],
  [
    'sandbox',
    'a domain name that is not a DNS name',
    edge({ domainName: 'Not A Domain', certificateArn: ARN_VIRGINIA }),
    /ContentDelivery domainName must be a lower-case DNS name.*got 'Not A Domain'/,
  ],
  // Containers, DNS, hybrid
  [
    'sandbox',
    'a Fargate CPU size that does not exist',
    (c) => ({ ...c, containers: { ...c.containers, cpu: 300 } }),
    /ContainerService cpu must be one of 256, 512, 1024, 2048, 4096.*got 300/,
  ],
  [
    'sandbox',
    'a domain that is not a DNS name',
    (c) => ({ ...c, dns: { domainName: 'Atlas' } }),
    /Dns domainName must be a lower-case DNS name of at least two labels.*got 'Atlas'/,
  ],
  [
    'sandbox',
    'a public Amazon side ASN',
    (c) => ({ ...c, hybrid: { amazonSideAsn: 16509 } }),
    /HybridConnectivity amazonSideAsn must be a private BGP ASN.*got 16509/,
  ],
  [
    'production',
    'a VPN to a private address',
    (c) => ({ ...c, hybrid: { ...c.hybrid, vpn: { customerGatewayIp: '192.168.1.1', customerGatewayAsn: 65010 } } }),
    /HybridConnectivity vpn\.customerGatewayIp must be a public IPv4 address.*got '192\.168\.1\.1'/,
  ],
  [
    'sandbox',
    'a Direct Connect VLAN of 0',
    (c) => ({ ...c, hybrid: { ...c.hybrid, directConnect: { location: 'KINX1', bandwidth: '1Gbps', vlan: 0, customerAsn: 65020 } } }),
    /HybridConnectivity directConnect\.vlan must be a whole number from 1 to 4094.*got 0/,
  ],
  // Archive, EBS, configuration management
  [
    'sandbox',
    'archive transitions out of order',
    (c) => ({ ...c, archive: { ...c.archive, glacierAfterDays: 20 } }),
    /ArchiveBucket lifecycle is invalid: ArchiveBucket glacierAfterDays must be at least infrequentAccessAfterDays \+ 30/,
  ],
  [
    'sandbox',
    "an archive expiring inside Deep Archive's 180 days",
    (c) => ({ ...c, archive: { ...c.archive, expireAfterDays: c.archive.deepArchiveAfterDays + 20 } }),
    new RegExp(
      String.raw`ArchiveBucket expireAfterDays must be at least deepArchiveAfterDays \+ 180 \(Deep Archive bills 180 days minimum\), got ${SANDBOX.archive.deepArchiveAfterDays + 20} after ${SANDBOX.archive.deepArchiveAfterDays}`,
    ),
  ],
  [
    'sandbox',
    'no EBS snapshot kept',
    (c) => ({ ...c, blockStorage: { retainSnapshots: 0 } }),
    /BlockStorageBackups retainSnapshots must be a whole number from 1 to 1000.*got 0/,
  ],
  [
    'sandbox',
    'a schedule State Manager does not read',
    (c) => ({ ...c, configurationManagement: { schedule: 'hourly' } }),
    /ConfigurationManagement schedule must be a State Manager rate or cron expression.*got 'hourly'/,
  ],
  // Costly parts, switched on
  ['production', 'a cache with Multi-AZ and one node', (c) => ({ ...c, cache: { ...c.cache!, nodes: 1 } }), /Cache multiAz needs at least 2 nodes.*got 1/],
  [
    'production',
    'a document database kept less than a week',
    (c) => ({ ...c, document: { ...c.document!, backupRetentionDays: 2 } }),
    /DocumentDatabase backupRetentionDays must be at least 7 when data is retained \(production\), got 2/,
  ],
  [
    'production',
    'Beanstalk without a platform branch',
    (c) => ({ ...c, beanstalk: { ...c.beanstalk!, platformBranch: '' } }),
    /BeanstalkApp platformBranch must be a platform branch .*got ''/,
  ],
  [
    'production',
    'CloudTrail Lake kept 3 days',
    (c) => ({ ...c, cloudTrailLake: { retentionDays: 3 } }),
    /CloudTrailLake retentionDays must be a whole number from 7 to 2557.*got 3/,
  ],
  // Monitoring
  [
    'sandbox',
    'an alarm e-mail that is not an address',
    (c) => ({ ...c, monitoring: { alarmEmail: 'ops' } }),
    /AlarmTopic email must be an e-mail address, got 'ops'/,
  ],
  [
    'sandbox',
    'an empty alarm e-mail',
    (c) => ({ ...c, monitoring: { alarmEmail: ' ' } }),
    /sandbox\.monitoring\.alarmEmail must be a non-empty string when set, got ' '/,
  ],
];

describe('bad input fails the synth with the field, the value and the rule', () => {
  test.each(CASES)('%s: fails on %s', (stage, _what, change, message) => {
    expect(() => addAtlasStages(unitTestApp(), { stage, compliance: false, configure: change })).toThrow(message);
  });

  test('the presets themselves pass', () => {
    expect(() => presetStages()).not.toThrow();
  });
});

describe('the domain context (-c domain=…)', () => {
  test('production serves the domain itself, every other stage a subdomain named after it', () => {
    const stages = addAtlasStages(unitTestApp(), { compliance: false, domain: 'atlas.corp-lab.net' });
    expect(stages.map((s) => [s.stageName, s.config.dns.domainName])).toEqual([
      ['sandbox', 'sandbox.atlas.corp-lab.net'],
      ['production', 'atlas.corp-lab.net'],
    ]);
  });

  test.each<[string, string]>([
    ['Atlas.MyCompany.dev', 'atlas.mycompany.dev'],
    ['atlas.mycompany.dev.', 'atlas.mycompany.dev'],
    ['예제.한국', 'xn--2j5b21b.xn--3e0b707e'],
    ['xn--2j5b21b.xn--3e0b707e', 'xn--2j5b21b.xn--3e0b707e'],
    ['실례.테스트.kr', 'xn--9n2bp8q.xn--9t4b11yi5a.kr'],
    ['1password-lab.io', '1password-lab.io'],
  ])('takes %p as Route 53 does: %p', (typed, name) => {
    // The two steps addAtlasStages takes with -c domain before it builds anything: selectDomain normalises what was
    // typed, configureStage makes it the stage's zone (the test below builds the whole app with one of them).
    expect(validateStageConfig(configureStage('production', { domain: selectDomain(typed) })).dns.domainName).toBe(name);
    expect(normalizeDomain(name)?.unicode).toBe(domainToUnicode(name));
  });

  test('an internationalized domain goes through the whole app: production serves its punycode', () => {
    const [production] = addAtlasStages(unitTestApp(), { stage: 'production', compliance: false, domain: '예제.한국' });
    expect(production.config.dns.domainName).toBe('xn--2j5b21b.xn--3e0b707e');
  });

  test.each<[unknown, RegExp]>([
    ['example.com', /domain must be a domain you control, got 'example\.com', which is reserved for documentation \(RFC 2606\) and refused by Route 53/],
    ['atlas.test', /domain must be a domain you control, got 'atlas\.test', which is reserved/],
    ['Atlas.Example.org.', /domain must be a domain you control, got 'Atlas\.Example\.org\.', which is reserved/],
    ['', /domain must be a domain name you control.*labels of letters, digits and hyphens.*got ''/],
    ['atlas', /domain must be a domain name you control.*at least two, got 'atlas'/],
    ['atlas..dev', /domain must be a domain name you control.*got 'atlas\.\.dev'/],
    ['-atlas.dev', /domain must be a domain name you control.*got '-atlas\.dev'/],
    ['atlas_lab.dev', /domain must be a domain name you control.*got 'atlas_lab\.dev'/],
    ['atlas.dev..', /domain must be a domain name you control.*got 'atlas\.dev\.\.'/],
    [`${'a'.repeat(64)}.dev`, /domain must be a domain name you control.*got 'a{64}\.dev'/],
    [42, /domain must be a domain name you control.*got 42/],
  ])('fails on the domain %p', (domain, message) => {
    expect(() => addAtlasStages(unitTestApp(), { compliance: false, domain })).toThrow(message);
  });
});

/** The pipeline's context values, well-formed: each row below breaks one rule. */
const REPOSITORY = 'corp-lab/aws-service-atlas';
const CONNECTION = 'arn:aws:codeconnections:ap-northeast-2:123456789012:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789';

/** The message an action throws (undefined if it throws none), so that a test can compare it whole. */
function messageOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}

describe('the pipeline context (-c pipelineRepository=… -c pipelineConnectionArn=…)', () => {
  // One row per rule, with the whole one-line message: the field, the value and what is allowed.
  test.each<[string, Parameters<typeof addAtlasStages>[1], string]>([
    [
      'a repository without its connection',
      { pipelineRepository: REPOSITORY },
      "pipelineConnectionArn is required with pipelineRepository: the ARN of the CodeConnections connection that reads the repository, got none (pipelineRepository 'corp-lab/aws-service-atlas')",
    ],
    [
      'a connection without its repository',
      { pipelineConnectionArn: CONNECTION },
      `pipelineRepository is required with pipelineConnectionArn: the GitHub repository the pipeline deploys, as <owner>/<repo>, got none (pipelineConnectionArn '${CONNECTION}')`,
    ],
    [
      'a repository that is not <owner>/<repo> of GitHub',
      { pipelineRepository: 'https://github.com/corp-lab/aws-service-atlas', pipelineConnectionArn: CONNECTION },
      "pipelineRepository must be a GitHub repository as <owner>/<repo> (owner: letters, digits and single hyphens, at most 39, no hyphen first or last; repo: letters, digits, '.', '-' and '_', at most 100), got 'https://github.com/corp-lab/aws-service-atlas'",
    ],
    [
      'a connection ARN of another service',
      { pipelineRepository: REPOSITORY, pipelineConnectionArn: 'arn:aws:codestar-notifications:ap-northeast-2:123456789012:notificationrule/0a1b2c3d' },
      "pipelineConnectionArn must be a CodeConnections connection ARN, arn:<partition>:codeconnections:<region>:<12-digit account>:connection/<uuid> (or codestar-connections, the former service name), got 'arn:aws:codestar-notifications:ap-northeast-2:123456789012:notificationrule/0a1b2c3d'",
    ],
    [
      'the pipeline with one stage picked',
      { stage: 'sandbox', pipelineRepository: REPOSITORY, pipelineConnectionArn: CONNECTION },
      "stage cannot be combined with pipelineRepository and pipelineConnectionArn (got stage 'sandbox'): the pipeline deploys every stage, sandbox first, then production after an approval",
    ],
    [
      'a stage in another account while the pipeline account is unknown',
      {
        pipelineRepository: REPOSITORY,
        pipelineConnectionArn: CONNECTION,
        configure: (c) => (c.stageName === 'production' ? { ...c, account: '222222222222' } : c),
      },
      "pipelineRepository: stage production deploys to account 222222222222 (its config's account), so the pipeline's own account must be known: synthesize with credentials for the pipeline's account (CDK_DEFAULT_ACCOUNT), got none",
    ],
  ])('fails on %s', (_what, options, message) => {
    expect(messageOf(() => addAtlasStages(unitTestApp(), { compliance: false, ...options }))).toBe(message);
  });
});

describe('deploy notices (printed on every synth for an account, whichever stacks are selected)', () => {
  test('a synth for an account without a domain or alarm address names both, per stage', () => {
    const stages = addAtlasStages(unitTestApp(), { compliance: false, account: '123456789012' });
    expect(deployNotices(stages)).toEqual([
      `sandbox: the hosted zone ${PRESETS.sandbox.dns.domainName} is a placeholder reserved for documentation (RFC 2606) that Route 53 refuses at deploy: pass -c domain=<a domain you control>`,
      "sandbox: no -c alarmEmail=<address>, so the stage's alarms would notify nobody",
      `production: the hosted zone ${PRESETS.production.dns.domainName} is a placeholder reserved for documentation (RFC 2606) that Route 53 refuses at deploy: pass -c domain=<a domain you control>`,
      "production: no -c alarmEmail=<address>, so the stage's alarms would notify nobody",
    ]);
  });

  test('none with both given, and none for a synth for reading (no account)', () => {
    expect(
      deployNotices(
        addAtlasStages(unitTestApp(), { compliance: false, account: '123456789012', domain: 'atlas.corp-lab.net', alarmEmail: 'ops@corp-lab.net' }),
      ),
    ).toEqual([]);
    expect(deployNotices(presetStages())).toEqual([]);
  });
});

describe('context keys', () => {
  test('a key the app does not read is reported; its own keys, cdk.json keys, feature flags, CDK keys and cached lookups are not', () => {
    const keys = [
      'stage',
      'domain',
      'alarmEmail',
      'alarmemail',
      'stages',
      'pipelineRepository',
      'pipelineConnectionArn',
      'pipelineRepo',
      'cli-telemetry',
      '@aws-cdk/core:newStyleStackSynthesis',
      'aws:cdk:enable-path-metadata',
      'availability-zones:account=123456789012:region=ap-northeast-2',
      'region',
    ];
    expect(unknownContextKeys(keys, ['cli-telemetry'])).toEqual(['alarmemail', 'stages', 'pipelineRepo']);
  });

  test('fails on -c region, naming where a stage region and its zones are chosen', () => {
    expect(() => refuseRegionContext('us-east-1')).toThrow(
      /region is not chosen with -c \(got 'us-east-1'\): each stage's region and its pinned availability zones are set in lib\/config\/presets\.ts/,
    );
    expect(() => refuseRegionContext(undefined)).not.toThrow();
  });
});

describe('the app entry point (what `cdk synth -c stage=…` runs)', () => {
  // Each run starts node, tsx and aws-cdk-lib: seconds on a loaded 2-core machine, more than jest's default 5 s.
  const CHILD_PROCESS_TIMEOUT = 60_000;
  const run = promisify(execFile);
  // The CLI hands context to the app as CDK_CONTEXT_JSON; run the app the way cdk.json does, without the CLI.
  const synth = (context: Record<string, unknown>) =>
    run(process.execPath, ['--import', 'tsx', path.join('bin', 'atlas.ts')], {
      cwd: ROOT,
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: tempDir('bad-input') },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );

  test(
    'fails on -c region with one line; warns on a key it does not read, and shows an internationalized domain in both forms',
    async () => {
      const region = await synth({ stage: 'sandbox', region: 'us-east-1' });
      expect(region.code).toBe(1);
      expect(region.stderr).toMatch(/^aws-service-atlas: region is not chosen with -c \(got 'us-east-1'\)[^\n]*\n$/);
      // A typo next to a bad stage: the warning comes first, then the error stops the synth (no full synth needed).
      const typo = await synth({ stage: 'prod', alarmemail: 'ops@corp-lab.net', domain: '예제.한국' });
      expect(typo).toEqual({
        code: 1,
        stderr: [
          'aws-service-atlas: warning: -c alarmemail is not read by this app (it reads stage, domain, alarmEmail, pipelineRepository, pipelineConnectionArn)',
          'aws-service-atlas: domain 예제.한국 is xn--2j5b21b.xn--3e0b707e in DNS (punycode)',
          "aws-service-atlas: stage must be one of sandbox, production (or omitted for every stage), got 'prod'",
          '',
        ].join('\n'),
      });
    },
    CHILD_PROCESS_TIMEOUT,
  );

  test(
    'fails on a pipeline context value that is missing or malformed, with one readable line and no stack trace',
    async () => {
      const [alone, malformed] = await Promise.all([
        synth({ pipelineRepository: REPOSITORY }),
        synth({ pipelineRepository: REPOSITORY, pipelineConnectionArn: 'connection/0a1b2c3d' }),
      ]);
      expect(alone).toEqual({
        code: 1,
        stderr:
          "aws-service-atlas: pipelineConnectionArn is required with pipelineRepository: the ARN of the CodeConnections connection that reads the repository, got none (pipelineRepository 'corp-lab/aws-service-atlas')\n",
      });
      expect(malformed).toEqual({
        code: 1,
        stderr:
          "aws-service-atlas: pipelineConnectionArn must be a CodeConnections connection ARN, arn:<partition>:codeconnections:<region>:<12-digit account>:connection/<uuid> (or codestar-connections, the former service name), got 'connection/0a1b2c3d'\n",
      });
    },
    CHILD_PROCESS_TIMEOUT,
  );

  test(
    'fails on a bad stage name, or a malformed one, with one readable line and no stack trace',
    async () => {
      const [unknown, empty] = await Promise.all([synth({ stage: 'prod' }), synth({ stage: '' })]);
      expect(unknown).toEqual({ code: 1, stderr: "aws-service-atlas: stage must be one of sandbox, production (or omitted for every stage), got 'prod'\n" });
      expect(empty).toEqual({ code: 1, stderr: "aws-service-atlas: stage must be one of sandbox, production (or omitted for every stage), got ''\n" });
    },
    CHILD_PROCESS_TIMEOUT,
  );
});
