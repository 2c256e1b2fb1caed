import * as path from 'path';
import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as elasticbeanstalk from 'aws-cdk-lib/aws-elasticbeanstalk';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledge, wildcardResource } from '../compliance/acknowledge';
import { acknowledgeAwsCustomResourceProvider, AWS_CUSTOM_RESOURCE_POLICY, cdkAssetRead, GRANT_POLICY } from '../compliance/common-exceptions';
import { EncryptedLogGroup } from '../shared/encrypted-log-group';
import { Network } from '../networking/network';
import { GRAVITON_INSTANCE_TYPE, requireInteger, requirePattern } from '../shared/validate';

/** Where the platform lookup finds the recommended version's ARN in the ListPlatformVersions response. */
export const PLATFORM_ARN_PATH = 'PlatformSummaryList.0.PlatformArn';

/** Properties of a `BeanstalkApp`. */
export interface BeanstalkAppProps {
  /** The network: instances in the application subnets, the load balancer in the public ones. */
  readonly network: Network;
  /**
   * The platform branch, e.g. `Node.js 22 running on 64bit Amazon Linux 2023`. Its recommended platform version is
   * resolved when the stack deploys (`ListPlatformVersions`), since Elastic Beanstalk refuses superseded versions to
   * accounts that have not used them in the last 30 days.
   */
  readonly platformBranch: string;
  /** Graviton instance type, e.g. `t4g.small`. */
  readonly instanceType: string;
  /** Fewest instances of the environment's Auto Scaling group: 1 to `maxInstances`. */
  readonly minInstances: number;
  /** Most instances of the environment's Auto Scaling group: 1 to 100. */
  readonly maxInstances: number;
  /** Retention of the streamed instance logs in CloudWatch Logs (and of the platform lookup's logs). */
  readonly logRetention: logs.RetentionDays;
  /** Removal policy of the platform lookup's log group. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * Directory of the Node.js app, shipped as an S3 asset (a zip; no Docker).
   *
   * @default assets/beanstalk-app
   */
  readonly appDirectory?: string;
}

/**
 * The study's Elastic Beanstalk (PaaS): hand over the code, the platform runs it. An application, an application
 * version from a small Node.js app zipped as an S3 asset, and a load-balanced environment in the VPC (instances in
 * the application subnets, an Application Load Balancer in the public ones), all L1: aws-cdk-lib has no L2 for
 * Elastic Beanstalk.
 *
 * Least privilege: the instance profile may only report health, read its application version and what Beanstalk
 * stages for it, stream and publish its logs, and be managed by Session Manager; the service role carries the two AWS-managed policies Elastic Beanstalk documents for enhanced
 * health and managed updates. Enhanced health, weekly managed platform updates, IMDSv2 only, gp3 volumes and
 * instance logs streamed to CloudWatch Logs.
 */
export class BeanstalkApp extends Construct {
  /** The application. */
  public readonly application: elasticbeanstalk.CfnApplication;
  /** The environment. */
  public readonly environment: elasticbeanstalk.CfnEnvironment;
  /** The platform version the environment runs: the branch's recommended one, resolved at deploy time. */
  public readonly platformArn: string;

  constructor(scope: Construct, id: string, props: BeanstalkAppProps) {
    super(scope, id);
    const owner = 'BeanstalkApp';
    requirePattern(
      owner,
      'platformBranch',
      props.platformBranch,
      /^\S.* running on \S.*\S$/,
      "a platform branch such as 'Node.js 22 running on 64bit Amazon Linux 2023' (list them with aws elasticbeanstalk list-platform-branches)",
    );
    requirePattern(owner, 'instanceType', props.instanceType, GRAVITON_INSTANCE_TYPE, 'a Graviton (ARM) instance type such as t4g.small');
    requireInteger(owner, 'maxInstances', props.maxInstances, 1, 100);
    requireInteger(owner, 'minInstances', props.minInstances, 1, props.maxInstances, 'between 1 and maxInstances');
    const { network } = props;
    const stack = Stack.of(this);

    this.application = new elasticbeanstalk.CfnApplication(this, 'Application', { description: 'aws-service-atlas sample Node.js app' });
    const bundle = new s3assets.Asset(this, 'Bundle', { path: props.appDirectory ?? path.join(__dirname, '..', '..', 'assets', 'beanstalk-app') });
    const version = new elasticbeanstalk.CfnApplicationVersion(this, 'Version', {
      applicationName: this.application.ref,
      sourceBundle: { s3Bucket: bundle.s3BucketName, s3Key: bundle.s3ObjectKey },
      description: 'Sample app from assets/beanstalk-app',
    });

    const instanceRole = new iam.Role(this, 'InstanceRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: 'Elastic Beanstalk instances: report health, read the app version, Session Manager',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
    });
    bundle.grantRead(instanceRole);
    const environments = stack.formatArn({ service: 'elasticbeanstalk', resource: 'environment', resourceName: `${this.application.ref}/*` });
    instanceRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'EnhancedHealth',
        actions: ['elasticbeanstalk:PutInstanceStatistics'],
        resources: [stack.formatArn({ service: 'elasticbeanstalk', resource: 'application', resourceName: this.application.ref }), environments],
      }),
    );
    // Rotated instance logs go to the Elastic Beanstalk bucket of this account and region.
    const beanstalkBucket = `arn:${stack.partition}:s3:::elasticbeanstalk-${stack.region}-${stack.account}`;
    const rotatedLogs = `${beanstalkBucket}/resources/environments/logs/*`;
    const stagedFiles = `${beanstalkBucket}/resources/environments/*`;
    const logGroups = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: '/aws/elasticbeanstalk/*',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    instanceRole.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'PublishRotatedLogs', actions: ['s3:PutObject'], resources: [rotatedLogs] }));
    // The platform's deployment agent reads what Beanstalk stages for the environment from its bucket.
    instanceRole.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'ReadEnvironmentResources', actions: ['s3:GetObject'], resources: [stagedFiles] }));
    // StreamLogs: the CloudWatch agent writes the instance logs to the environment's log groups.
    instanceRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'StreamLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams', 'logs:DescribeLogGroups'],
        resources: [logGroups],
      }),
    );
    acknowledge(instanceRole, cdkAssetRead(bundle), GRANT_POLICY, {
      id: [environments, rotatedLogs, stagedFiles, logGroups].map((resource) => wildcardResource(instanceRole, resource)),
      reason:
        'Beanstalk names its environments, staged files and log groups at run time: the instances report health for this application only, read and write under the Beanstalk prefixes only and log to the /aws/elasticbeanstalk groups only.',
    });
    const profile = new iam.InstanceProfile(this, 'InstanceProfile', { role: instanceRole });
    const serviceRole = new iam.Role(this, 'ServiceRole', {
      assumedBy: new iam.ServicePrincipal('elasticbeanstalk.amazonaws.com', { conditions: { StringEquals: { 'sts:ExternalId': 'elasticbeanstalk' } } }),
      description: 'Elastic Beanstalk service: enhanced health and managed platform updates',
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSElasticBeanstalkEnhancedHealth'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy'),
      ],
    });
    acknowledge(instanceRole, {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
      reason: 'AmazonSSMManagedInstanceCore is the AWS-maintained minimum for Session Manager on the Beanstalk instances, which have no SSH key.',
    });
    acknowledge(serviceRole, {
      id: [
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSElasticBeanstalkEnhancedHealth]',
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy]',
      ],
      reason: 'Elastic Beanstalk documents exactly these AWS-managed policies for its service role; AWS keeps them in step with what the platform calls.',
    });

    const subnetIds = (selection: typeof network.publicSubnets) => network.vpc.selectSubnets(selection).subnetIds.join(',');
    const option = (namespace: string, optionName: string, value: string): elasticbeanstalk.CfnEnvironment.OptionSettingProperty => ({
      namespace,
      optionName,
      value,
    });
    // The branch's recommended platform version, looked up while the stack deploys. ListPlatformVersions has no L2
    // or CloudFormation resource: an AwsCustomResource calls it (once per branch; managed updates keep it current).
    const lookup: cr.AwsSdkCall = {
      service: 'ElasticBeanstalk',
      action: 'listPlatformVersions',
      parameters: {
        Filters: [
          { Type: 'PlatformBranchName', Operator: '=', Values: [props.platformBranch] },
          { Type: 'PlatformLifecycleState', Operator: '=', Values: ['recommended'] },
        ],
      },
      physicalResourceId: cr.PhysicalResourceId.of(props.platformBranch),
      outputPaths: [PLATFORM_ARN_PATH],
    };
    const platform = new cr.AwsCustomResource(this, 'Platform', {
      resourceType: 'Custom::BeanstalkPlatform',
      onCreate: lookup,
      onUpdate: lookup,
      installLatestAwsSdk: false,
      memorySize: 512, // the CDK's own default without an SDK install, stated so that a reader sees it
      logGroup: new EncryptedLogGroup(this, 'PlatformLookupLogs', { retention: props.logRetention, removalPolicy: props.removalPolicy }).logGroup,
      // ListPlatformVersions supports no resource-level permissions.
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
    });
    acknowledge(platform, AWS_CUSTOM_RESOURCE_POLICY, {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The elasticbeanstalk:ListPlatformVersions action supports no resource-level permissions; the lookup lists public platform versions only and runs once per deploy.',
    });
    acknowledgeAwsCustomResourceProvider(stack);
    this.platformArn = platform.getResponseField(PLATFORM_ARN_PATH);

    this.environment = new elasticbeanstalk.CfnEnvironment(this, 'Environment', {
      applicationName: this.application.ref,
      versionLabel: version.ref,
      platformArn: this.platformArn,
      tier: { name: 'WebServer', type: 'Standard' },
      description: 'Load-balanced Node.js environment in the VPC',
      optionSettings: [
        option('aws:ec2:vpc', 'VPCId', network.vpc.vpcId),
        option('aws:ec2:vpc', 'Subnets', subnetIds(network.applicationSubnets)),
        option('aws:ec2:vpc', 'ELBSubnets', subnetIds(network.publicSubnets)),
        option('aws:ec2:vpc', 'ELBScheme', 'public'),
        option('aws:ec2:vpc', 'AssociatePublicIpAddress', 'false'),
        option('aws:elasticbeanstalk:environment', 'EnvironmentType', 'LoadBalanced'),
        option('aws:elasticbeanstalk:environment', 'LoadBalancerType', 'application'),
        option('aws:elasticbeanstalk:environment', 'ServiceRole', serviceRole.roleArn),
        option('aws:autoscaling:launchconfiguration', 'IamInstanceProfile', profile.instanceProfileName),
        option('aws:autoscaling:launchconfiguration', 'DisableIMDSv1', 'true'),
        option('aws:autoscaling:launchconfiguration', 'RootVolumeType', 'gp3'),
        option('aws:ec2:instances', 'InstanceTypes', props.instanceType),
        option('aws:autoscaling:asg', 'MinSize', String(props.minInstances)),
        option('aws:autoscaling:asg', 'MaxSize', String(props.maxInstances)),
        option('aws:elasticbeanstalk:healthreporting:system', 'SystemType', 'enhanced'),
        option('aws:elasticbeanstalk:managedactions', 'ManagedActionsEnabled', 'true'),
        option('aws:elasticbeanstalk:managedactions', 'PreferredStartTime', 'Sun:18:00'),
        option('aws:elasticbeanstalk:managedactions:platformupdate', 'UpdateLevel', 'minor'),
        option('aws:elasticbeanstalk:managedactions:platformupdate', 'InstanceRefreshEnabled', 'true'),
        option('aws:elasticbeanstalk:hostmanager', 'LogPublicationControl', 'true'),
        option('aws:elasticbeanstalk:cloudwatch:logs', 'StreamLogs', 'true'),
        option('aws:elasticbeanstalk:cloudwatch:logs', 'RetentionInDays', String(props.logRetention)),
        option('aws:elasticbeanstalk:cloudwatch:logs', 'DeleteOnTerminate', 'false'),
        // The load balancer reaches the app on the network's app port (which the NACLs and the platform's PORT use),
        // not on the default 80 of the instance's nginx proxy, which the application tier does not admit.
        option('aws:elasticbeanstalk:environment:process:default', 'Port', String(network.appPort)),
        option('aws:elasticbeanstalk:environment:process:default', 'HealthCheckPath', '/'),
        option('aws:elasticbeanstalk:application:environment', 'PORT', String(network.appPort)),
      ],
    });
  }
}
