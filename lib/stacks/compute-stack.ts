import { CfnOutput } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ContainerService, CONTAINER_PATH } from '../compute/container-service';
import { Functions } from '../compute/functions';
import { WebTier } from '../compute/web-tier';
import { BeanstalkApp } from '../management/beanstalk';
import { ANSIBLE_BOOTSTRAP_COMMANDS, CONFIGURATION_TAG, ConfigurationManagement } from '../management/configuration';
import { Network } from '../networking/network';
import { EBS_BACKUP_TAG } from '../storage/block-storage';
import { AtlasStack, AtlasStackProps } from './atlas-stack';
import { addStageWebTier } from './stage-web-tier';

/** Properties of the `ComputeStack`. */
export interface ComputeStackProps extends AtlasStackProps {
  readonly network: Network;
  readonly alarmTopic: sns.ITopic;
  /** Bucket whose object-created events trigger the functions. */
  readonly eventSourceBucket: s3.IBucket;
  /** Table the functions record events in. */
  readonly table: dynamodb.ITableV2;
  /**
   * The stage's hosted zone, where the stage issues its certificates (`dns.issueCertificates`): the load balancer then
   * serves HTTPS with a certificate of this region validated there.
   *
   * @default - the configured `webTier.certificateArn`, if any
   */
  readonly certificateZone?: route53.IHostedZone;
}

/** Stateless compute: the web tier, containers, functions, Beanstalk and configuration management. Replaceable. */
export class ComputeStack extends AtlasStack {
  public readonly webTier: WebTier;
  public readonly functions: Functions;
  public readonly containers: ContainerService;
  public readonly configuration: ConfigurationManagement;
  /** The Elastic Beanstalk environment, where the stage switches it on. */
  public readonly beanstalk?: BeanstalkApp;

  constructor(scope: Construct, id: string, props: ComputeStackProps) {
    super(scope, id, props);
    const { webTier, functions, containers, configurationManagement, beanstalk, durability, logRetention, stageName } = props.config;
    const { network, alarmTopic } = props;
    const removalPolicy = durability.removalPolicy;
    this.webTier = addStageWebTier(this, {
      webTier,
      network,
      alarmTopic,
      certificateZone: props.certificateZone,
      // Enrols the instances and their volumes in the stage's EBS snapshots and configuration management.
      extra: { instanceTags: { [EBS_BACKUP_TAG]: stageName, [CONFIGURATION_TAG]: stageName }, bootstrapCommands: ANSIBLE_BOOTSTRAP_COMMANDS },
    });
    this.functions = new Functions(this, 'Functions', {
      network,
      alarmTopic,
      sourceBucket: props.eventSourceBucket,
      table: props.table,
      memoryMiB: functions.memoryMiB,
      timeoutSeconds: functions.timeoutSeconds,
      reservedConcurrency: functions.reservedConcurrency,
      logRetention,
      removalPolicy,
    });
    this.containers = new ContainerService(this, 'Containers', {
      network,
      alarmTopic,
      listener: this.webTier.listener,
      cpu: containers.cpu,
      memoryMiB: containers.memoryMiB,
      desiredCount: containers.desiredCount,
      maxCount: containers.maxCount,
      logRetention,
      removalPolicy,
    });
    this.configuration = new ConfigurationManagement(this, 'Configuration', {
      targetTagValue: stageName,
      schedule: configurationManagement.schedule,
      instanceRoles: [this.webTier.instanceRole],
      removalPolicy,
    });
    if (beanstalk) {
      this.beanstalk = new BeanstalkApp(this, 'Beanstalk', {
        network,
        platformBranch: beanstalk.platformBranch,
        instanceType: beanstalk.instanceType,
        minInstances: beanstalk.minInstances,
        maxInstances: beanstalk.maxInstances,
        logRetention,
        removalPolicy,
      });
    }

    const scheme = this.webTier.healthCheck.protocol.toLowerCase(); // of the listener that serves clients
    new CfnOutput(this, 'LoadBalancerUrl', { description: 'The web tier', value: `${scheme}://${this.webTier.loadBalancer.loadBalancerDnsName}/` });
    new CfnOutput(this, 'ContainersUrl', {
      description: 'The container service, behind the same load balancer',
      value: `${scheme}://${this.webTier.loadBalancer.loadBalancerDnsName}${CONTAINER_PATH}`,
    });
    if (this.beanstalk)
      new CfnOutput(this, 'BeanstalkUrl', { description: 'The Elastic Beanstalk environment', value: `http://${this.beanstalk.environment.attrEndpointUrl}/` });
  }
}
