import { Stage, StageProps, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { StageConfig, validateStageConfig } from './config';
import { DashboardRow } from './management/dashboard';
import { AccessStack } from './stacks/access-stack';
import { AuditStack } from './stacks/audit-stack';
import { ComputeStack } from './stacks/compute-stack';
import { DashboardStack } from './stacks/dashboard-stack';
import { DataStack } from './stacks/data-stack';
import { DnsStack } from './stacks/dns-stack';
import { EdgeCertificateStack } from './stacks/edge-certificate-stack';
import { EdgeStack } from './stacks/edge-stack';
import { MonitoringStack } from './stacks/monitoring-stack';
import { NetworkStack } from './stacks/network-stack';
import { RoutingStack } from './stacks/routing-stack';
import { StandbyComputeStack } from './stacks/standby-compute-stack';
import { StandbyDataStack } from './stacks/standby-data-stack';

/**
 * Resource types the stage does not tag. CloudFormation added `Tags` to them recently, and the resource schemas
 * published for every region did not list it for the stage's region when this was written: a region that does not
 * know the property fails the deploy ("extraneous key [Tags] is not permitted"). Their tags are worth less than
 * that risk: listeners, rules and scalable targets belong to a tagged load balancer or service, and the association
 * to a tagged stack.
 */
export const UNTAGGED_RESOURCE_TYPES = [
  'AWS::SSM::Association',
  'AWS::ElasticLoadBalancingV2::Listener',
  'AWS::ElasticLoadBalancingV2::ListenerRule',
  'AWS::ApplicationAutoScaling::ScalableTarget',
] as const;

/** Properties of an `AtlasStage`. */
export interface AtlasStageProps extends StageProps {
  /** The stage configuration; validated before any stack is created. */
  readonly config: StageConfig;
}

/**
 * One environment of the architecture (`sandbox` or `production`): creates the stacks and wires them together
 * by props. The construct id is the stage name, so stack names (`sandbox-Network`) and the cloud assembly
 * (`cdk.out/assembly-sandbox/`) show which stage a template belongs to.
 *
 * A stage with a standby region (`config.standby`, production) adds its `Standby…` stacks there: network, alarm
 * topic, the data replicas, a web tier and its Route 53 records. Values cross regions as CloudFormation
 * `Fn::GetStackOutput` references, never as custom resources.
 *
 * Every stack and resource carries the `project` and `stage` tags, and every IAM role the stage creates (CDK
 * helper roles included) gets the permissions boundary of the `Access` stack.
 */
export class AtlasStage extends Stage {
  /** The validated stage configuration. */
  public readonly config: StageConfig;
  public readonly accessStack: AccessStack;
  public readonly networkStack: NetworkStack;
  public readonly monitoringStack: MonitoringStack;
  public readonly dataStack: DataStack;
  public readonly edgeStack: EdgeStack;
  public readonly computeStack: ComputeStack;
  public readonly auditStack: AuditStack;
  public readonly dnsStack: DnsStack;
  public readonly routingStack: RoutingStack;
  /** CloudFront's certificate in us-east-1, where the stage issues its certificates (`dns.issueCertificates`). */
  public readonly edgeCertificateStack?: EdgeCertificateStack;
  public readonly dashboardStack: DashboardStack;
  /** The stacks of the standby region, where the stage has one (`config.standby`). */
  public readonly standby?: {
    readonly networkStack: NetworkStack;
    readonly monitoringStack: MonitoringStack;
    readonly dataStack: StandbyDataStack;
    readonly computeStack: StandbyComputeStack;
    readonly routingStack: RoutingStack;
  };

  constructor(scope: Construct, props: AtlasStageProps) {
    const config = validateStageConfig(props.config);
    super(scope, config.stageName, { ...props, env: { account: config.account, region: config.region } });
    this.config = config;
    Tags.of(this).add('project', 'aws-service-atlas', { excludeResourceTypes: [...UNTAGGED_RESOURCE_TYPES] });
    Tags.of(this).add('stage', config.stageName, { excludeResourceTypes: [...UNTAGGED_RESOURCE_TYPES] });

    const describe = (what: string) => `aws-service-atlas ${config.stageName}: ${what}`;
    this.accessStack = new AccessStack(this, 'Access', { config, description: describe('IAM: permissions boundary, auditor and operator roles') });
    iam.PermissionsBoundary.of(this).apply(this.accessStack.access.boundary);

    // The zone first: certificates and the records of every region refer to it.
    this.dnsStack = new DnsStack(this, 'Dns', { config, description: describe('Route 53 hosted zone') });
    const zone = this.dnsStack.stageZone.zone;
    // Where the stage issues its certificates, each lives in the region of what serves it, validated in the zone.
    const issueCertificates = config.dns.issueCertificates === true;
    const certificateZone = issueCertificates ? zone : undefined;
    const edgeCertificateStack = (this.edgeCertificateStack = issueCertificates
      ? new EdgeCertificateStack(this, 'EdgeCertificate', { config, zone, description: describe("CloudFront's certificate (us-east-1)") })
      : undefined);

    this.networkStack = new NetworkStack(this, 'Network', {
      config,
      description: describe('VPC, subnet tiers, NACLs, security groups, endpoints, flow logs, hybrid connectivity'),
    });
    const network = this.networkStack.network;
    this.monitoringStack = new MonitoringStack(this, 'Monitoring', { config, description: describe('alarm topic') });
    const alarmTopic = this.monitoringStack.alarmTopic;

    const standby = config.standby;
    const inStandby = (what: string) => describe(`${what} (standby region ${standby?.region})`);
    const standbyNetworkStack =
      standby &&
      new NetworkStack(this, 'StandbyNetwork', {
        config,
        placement: 'standby',
        description: inStandby('VPC, subnet tiers, NACLs, security groups, endpoints, flow logs'),
      });
    const standbyMonitoringStack =
      standby && new MonitoringStack(this, 'StandbyMonitoring', { config, placement: 'standby', description: inStandby('alarm topic') });
    const standbyDataStack =
      standby &&
      new StandbyDataStack(this, 'StandbyData', { config, description: inStandby("the content bucket's replica and the key of the table's replica") });

    this.dataStack = new DataStack(this, 'Data', {
      config,
      network,
      alarmTopic,
      tableReplicas: standbyDataStack && [{ region: standby.region, keyArn: standbyDataStack.tableReplicaKeyAliasArn }],
      description: describe('stateful data: RDS PostgreSQL, DynamoDB, archive, EBS snapshots, ElastiCache, DocumentDB'),
    });
    // The table names its replica's key by alias (no reference): the key must exist first.
    if (standbyDataStack) this.dataStack.addStackDependency(standbyDataStack, "the key-value table's replica is encrypted with the standby's key");
    this.edgeStack = new EdgeStack(this, 'Edge', {
      config,
      replica: standbyDataStack && { bucket: standbyDataStack.contentReplica.bucket, key: standbyDataStack.contentReplica.key },
      certificate: edgeCertificateStack?.certificate,
      alarmTopic,
      description: describe('S3 + CloudFront content delivery'),
    });
    const contentBucket = this.edgeStack.contentDelivery.bucket;
    this.computeStack = new ComputeStack(this, 'Compute', {
      config,
      network,
      alarmTopic,
      eventSourceBucket: contentBucket,
      table: this.dataStack.keyValue.table,
      certificateZone,
      description: describe('stateless compute: web tier, containers, functions, Beanstalk, configuration management'),
    });
    const standbyComputeStack =
      standby &&
      new StandbyComputeStack(this, 'StandbyCompute', {
        config,
        network: standbyNetworkStack!.network,
        alarmTopic: standbyMonitoringStack!.alarmTopic,
        certificateZone,
        description: inStandby('web tier'),
      });
    this.auditStack = new AuditStack(this, 'Audit', {
      config,
      dataEventBuckets: [contentBucket, ...(standbyDataStack ? [standbyDataStack.contentReplica.bucket] : [])],
      description: describe('CloudTrail trail and CloudTrail Lake'),
    });
    const { webTier, functions, containers } = this.computeStack;
    const { contentDelivery } = this.edgeStack;
    this.routingStack = new RoutingStack(this, 'Routing', {
      config,
      zone,
      endpoint: { loadBalancer: webTier.loadBalancer, healthCheck: webTier.healthCheck },
      role: standby ? 'primary' : 'single',
      weightPercent: 100 - (standby?.weightPercent ?? 10),
      distribution: contentDelivery.distribution,
      distributionDomainNames: standby ? undefined : contentDelivery.domainNames,
      siteDomainName: edgeCertificateStack && contentDelivery.domainNames[0],
      description: describe('Route 53 health check and routing-policy records'),
    });
    if (standby) {
      const standbyWebTier = standbyComputeStack!.webTier;
      this.standby = {
        networkStack: standbyNetworkStack!,
        monitoringStack: standbyMonitoringStack!,
        dataStack: standbyDataStack!,
        computeStack: standbyComputeStack!,
        routingStack: new RoutingStack(this, 'StandbyRouting', {
          config,
          placement: 'standby',
          zone,
          endpoint: { loadBalancer: standbyWebTier.loadBalancer, healthCheck: standbyWebTier.healthCheck },
          role: 'standby',
          weightPercent: standby.weightPercent,
          description: inStandby('Route 53 health check and routing-policy records'),
        }),
      };
    }

    const { relational: db, keyValue, cache, document } = this.dataStack;
    const rows: DashboardRow[] = [
      { title: 'Web tier', alarms: webTier.alarms, metrics: webTier.metrics },
      { title: 'Containers', alarms: containers.alarms, metrics: containers.metrics },
      { title: 'Functions', alarms: functions.alarms, metrics: functions.metrics },
      { title: 'Database', alarms: db.alarms, metrics: db.metrics },
      { title: 'Key-value table', alarms: keyValue.alarms, metrics: keyValue.metrics },
    ];
    // The standby's web tier on the same dashboard: its metrics carry their region, and the alarm widget reads alarms
    // of any region by ARN.
    if (this.standby) {
      const standbyWebTier = this.standby.computeStack.webTier;
      rows.splice(1, 0, { title: `Web tier, standby region ${config.standby!.region}`, alarms: standbyWebTier.alarms, metrics: standbyWebTier.metrics });
    }
    if (cache) rows.push({ title: 'Cache', alarms: cache.alarms, metrics: cache.metrics });
    if (document) rows.push({ title: 'Document database', alarms: document.alarms, metrics: document.metrics });
    this.dashboardStack = new DashboardStack(this, 'Dashboard', { config, description: describe('operations dashboard'), rows });
  }
}
