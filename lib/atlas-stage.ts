import { Stage, StageProps, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { StageConfig, validateStageConfig } from './config';
import { AuditStack } from './stacks/audit-stack';
import { ComputeStack } from './stacks/compute-stack';
import { DashboardStack } from './stacks/dashboard-stack';
import { DataStack } from './stacks/data-stack';
import { EdgeStack } from './stacks/edge-stack';
import { MonitoringStack } from './stacks/monitoring-stack';
import { NetworkStack } from './stacks/network-stack';

/** Properties of an `AtlasStage`. */
export interface AtlasStageProps extends StageProps {
  /** The stage configuration; validated before any stack is created. */
  readonly config: StageConfig;
}

/**
 * One environment of the architecture (`sandbox` or `production`): creates the stacks and wires them together
 * by props. The construct id is the stage name, so stack names (`sandbox-Network`) and the cloud assembly
 * (`cdk.out/assembly-sandbox/`) show which stage a template belongs to.
 */
export class AtlasStage extends Stage {
  /** The validated stage configuration. */
  public readonly config: StageConfig;
  public readonly networkStack: NetworkStack;
  public readonly monitoringStack: MonitoringStack;
  public readonly dataStack: DataStack;
  public readonly edgeStack: EdgeStack;
  public readonly computeStack: ComputeStack;
  public readonly auditStack: AuditStack;
  public readonly dashboardStack: DashboardStack;

  constructor(scope: Construct, props: AtlasStageProps) {
    const config = validateStageConfig(props.config);
    super(scope, config.stageName, { ...props, env: { account: config.account, region: config.region } });
    this.config = config;
    Tags.of(this).add('project', 'aws-service-atlas');
    Tags.of(this).add('stage', config.stageName);

    const describe = (what: string) => `aws-service-atlas ${config.stageName}: ${what}`;
    this.networkStack = new NetworkStack(this, 'Network', {
      config,
      description: describe('VPC, subnet tiers, NACLs, security groups, endpoints, flow logs'),
    });
    const network = this.networkStack.network;
    this.monitoringStack = new MonitoringStack(this, 'Monitoring', { config, description: describe('alarm topic') });
    const alarmTopic = this.monitoringStack.alarmTopic;
    this.dataStack = new DataStack(this, 'Data', { config, network, alarmTopic, description: describe('stateful data: RDS PostgreSQL') });
    this.edgeStack = new EdgeStack(this, 'Edge', { config, description: describe('S3 + CloudFront content delivery') });
    const contentBucket = this.edgeStack.contentDelivery.bucket;
    this.computeStack = new ComputeStack(this, 'Compute', {
      config,
      network,
      alarmTopic,
      eventSourceBucket: contentBucket,
      description: describe('stateless compute: ALB + Auto Scaling web tier, Lambda functions'),
    });
    this.auditStack = new AuditStack(this, 'Audit', { config, dataEventBuckets: [contentBucket], description: describe('CloudTrail audit trail') });

    const { webTier, functions } = this.computeStack;
    const db = this.dataStack.relational;
    this.dashboardStack = new DashboardStack(this, 'Dashboard', {
      config,
      description: describe('operations dashboard'),
      rows: [
        {
          title: 'Web tier',
          alarms: webTier.alarms,
          metrics: [webTier.loadBalancer.metrics.requestCount(), webTier.targetGroup.metrics.targetResponseTime()],
        },
        { title: 'Functions', alarms: functions.alarms, metrics: [functions.processor.metricInvocations(), functions.processor.metricErrors()] },
        { title: 'Database', alarms: db.alarms, metrics: [db.instance.metricCPUUtilization(), db.instance.metricDatabaseConnections()] },
      ],
    });
  }
}
