import { Duration, RemovalPolicy, Stack, Tags, Token } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { acknowledge, guard, HIPAA, inPacks, NIST, PCI } from '../compliance/acknowledge';
import { PINNED_AVAILABILITY_ZONES } from '../compliance/common-exceptions';
import { addAlarm } from '../management/alarms';
import { Network } from '../networking/network';
import { WebFirewall } from '../security/web-firewall';
import { HttpHealthCheck } from '../shared/health-check';
import { LogBucket } from '../shared/log-bucket';
import { arnRegion, GRAVITON_INSTANCE_TYPE, requireCertificateArn, requireInteger, requirePattern, requireThat, ValidationError } from '../shared/validate';

/** Path the load balancer probes; the user data serves it. */
export const HEALTH_CHECK_PATH = '/health';

/** Properties of a `WebTier`. */
export interface WebTierProps {
  /** The network: public subnets hold the load balancer, application subnets the instances. */
  readonly network: Network;
  /** Topic for alarms and Auto Scaling notifications. */
  readonly alarmTopic: sns.ITopic;
  /** Graviton (ARM) instance type, e.g. `t4g.micro`: the image is Amazon Linux 2023 for ARM64. */
  readonly instanceType: string;
  /** Root EBS volume in GiB (gp3, encrypted): 8 (the AL2023 image size) to 16384. */
  readonly rootVolumeGiB: number;
  /** Fewest instances the Auto Scaling group keeps: 0 to `maxCapacity`. */
  readonly minCapacity: number;
  /** Instances the group runs after a deploy (a deploy resets the group to it): `minCapacity` to `maxCapacity`. */
  readonly desiredCapacity: number;
  /** Most instances the group scales out to: 1 to 100. */
  readonly maxCapacity: number;
  /**
   * Instances kept during the known daily peak, from the scheduled scale-out (08:00 Asia/Seoul, weekdays) to the
   * scale-in (20:00): `minCapacity` to `maxCapacity`.
   */
  readonly peakMinCapacity: number;
  /** Deletion protection of the load balancer and RETAIN of its access logs. */
  readonly removalPolicy: RemovalPolicy;
  /** Retention of the web firewall's request logs. */
  readonly logRetention: logs.RetentionDays;
  /**
   * ACM certificate in the load balancer's region: HTTP then redirects to an HTTPS listener.
   *
   * @default - HTTP listener only (a sandbox without a domain)
   */
  readonly certificateArn?: string;
  /**
   * Sticky sessions (the study's 고정 세션): load balancer cookie duration in seconds, 1 to 604800 (7 days).
   *
   * @default - no stickiness
   */
  readonly stickySessionSeconds?: number;
  /**
   * CPU utilisation the target-tracking policy keeps the group at, in percent.
   *
   * @default 50
   */
  readonly cpuTargetPercent?: number;
  /**
   * Requests per minute per instance the request-count policy keeps the group at.
   *
   * @default 1000
   */
  readonly requestsPerTargetPerMinute?: number;
  /**
   * Tags for the instances and their volumes (through the launch template), e.g. the EBS snapshot policy's and
   * configuration management's target tags.
   *
   * @default - no extra tags
   */
  readonly instanceTags?: Readonly<Record<string, string>>;
  /**
   * Commands the instances run at boot after the sample page is serving, e.g. `ANSIBLE_BOOTSTRAP_COMMANDS`.
   *
   * @default - none
   */
  readonly bootstrapCommands?: readonly string[];
  /**
   * Grace period before ELB health checks count for a new instance.
   *
   * @default Duration.minutes(5)
   */
  readonly healthCheckGracePeriod?: Duration;
}

/**
 * The study's elastic web tier: an internet-facing Application Load Balancer in the public subnets in front of an
 * EC2 Auto Scaling group that spans the application subnets of every AZ.
 *
 * Instances: Amazon Linux 2023 on Graviton from the public SSM parameter (resolved at deploy time), IMDSv2 only,
 * an encrypted gp3 root volume, no SSH and no key pair (Session Manager only). Scaling: target tracking on CPU and
 * on requests per target, a scheduled scale-out for the daily peak, and a step-scaling policy that an alarm on
 * response time drives.
 */
export class WebTier extends Construct {
  /** The load balancer. */
  public readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /** The instances' target group. */
  public readonly targetGroup: elbv2.IApplicationTargetGroup;
  /** The Auto Scaling group. */
  public readonly autoScalingGroup: autoscaling.IAutoScalingGroup;
  /** The listener that serves clients (HTTPS when a certificate is configured, HTTP otherwise). */
  public readonly listener: elbv2.IApplicationListener;
  /** Bucket that receives the load balancer's access logs. */
  public readonly accessLogBucket: s3.IBucket;
  /** The alarms of this tier. */
  public readonly alarms: readonly cloudwatch.IAlarm[];
  /** The tier's load at a glance, graphed next to the alarms: the requests the load balancer served and its target response time. */
  public readonly metrics: readonly cloudwatch.IMetric[];
  /** The instances' role (Session Manager; configuration management adds its grants). */
  public readonly instanceRole: iam.IRole;
  /**
   * How to probe the tier from outside (Route 53 does): the path its target group probes on the instances, on the
   * protocol and port of the listener that serves clients (HTTPS on 443 with a certificate, HTTP on 80 otherwise).
   */
  public readonly healthCheck: HttpHealthCheck;

  constructor(scope: Construct, id: string, props: WebTierProps) {
    super(scope, id);
    validate(props);
    const region = Stack.of(this).region;
    // A certificate of the app (a token) is checked where it is created; a configured ARN here.
    if (props.certificateArn && !Token.isUnresolved(props.certificateArn) && !Token.isUnresolved(region) && arnRegion(props.certificateArn) !== region) {
      throw new ValidationError(
        `WebTier certificateArn must be a certificate in the load balancer's region ${region}, got one in ${arnRegion(props.certificateArn)}: '${props.certificateArn}'`,
      );
    }
    const { network } = props;

    const role = new iam.Role(this, 'InstanceRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: 'Web tier instances: Session Manager only',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
    });
    acknowledge(role, {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
      reason:
        'AmazonSSMManagedInstanceCore is the AWS-maintained minimum for Session Manager; it replaces SSH and key pairs, and AWS updates it when the agent needs new actions.',
    });

    const launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      instanceType: new ec2.InstanceType(props.instanceType),
      machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
      requireImdsv2: true,
      httpPutResponseHopLimit: 1,
      role,
      securityGroup: network.applicationSecurityGroup,
      userData: userData(network.appPort, props.bootstrapCommands ?? []),
      blockDevices: [
        {
          deviceName: '/dev/xvda',
          volume: ec2.BlockDeviceVolume.ebs(props.rootVolumeGiB, {
            volumeType: ec2.EbsDeviceVolumeType.GP3,
            encrypted: true,
            deleteOnTermination: true,
          }),
        },
      ],
      detailedMonitoring: true,
    });
    // Tags on the launch template reach the instances and their volumes (TagSpecifications).
    for (const [key, value] of Object.entries(props.instanceTags ?? {})) Tags.of(launchTemplate).add(key, value);
    this.instanceRole = role;

    const autoScalingGroup = new autoscaling.AutoScalingGroup(this, 'AutoScalingGroup', {
      vpc: network.vpc,
      vpcSubnets: network.applicationSubnets,
      launchTemplate,
      minCapacity: props.minCapacity,
      desiredCapacity: props.desiredCapacity,
      maxCapacity: props.maxCapacity,
      healthChecks: autoscaling.HealthChecks.withAdditionalChecks({
        additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB],
        gracePeriod: props.healthCheckGracePeriod ?? Duration.minutes(5),
      }),
      updatePolicy: autoscaling.UpdatePolicy.rollingUpdate({
        maxBatchSize: 1,
        minInstancesInService: props.minCapacity,
        pauseTime: Duration.minutes(5),
      }),
      notifications: [{ topic: props.alarmTopic, scalingEvents: autoscaling.ScalingEvents.ALL }],
      groupMetrics: [autoscaling.GroupMetrics.all()],
    });
    // The AZs, explicit as well as implied by the subnets, so that a template check can see the group spans them.
    this.autoScalingGroup = autoScalingGroup;
    const cfnGroup = autoScalingGroup.node.defaultChild as autoscaling.CfnAutoScalingGroup;
    cfnGroup.availabilityZones = network.vpc.availabilityZones;
    acknowledge(
      autoScalingGroup,
      PINNED_AVAILABILITY_ZONES,
      {
        id: guard('autoscaling_mixed_instances_policy_multiple_instance_types_check'),
        reason:
          'One Graviton instance type per stage keeps capacity and cost predictable for a reference workload; availability comes from spreading the group across every availability zone, which the tests prove.',
      },
      {
        id: '@aws-cdk/aws-autoscaling:desiredCapacitySet',
        reason:
          'The desired capacity comes from the stage config on purpose, so a reader sees it in the template; a deploy resets the group to it, as the README says.',
      },
    );

    this.accessLogBucket = new LogBucket(this, 'AccessLogs', { removalPolicy: props.removalPolicy }).bucket;
    acknowledge(this.accessLogBucket, {
      id: ['AwsSolutions-S1', ...inPacks('S3BucketLoggingEnabled', NIST, HIPAA, PCI)],
      reason: 'This bucket only receives the load balancer access logs; logging access to the log bucket itself would need another log bucket without end.',
    });
    const loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: network.vpc,
      vpcSubnets: network.publicSubnets,
      internetFacing: true,
      securityGroup: network.loadBalancerSecurityGroup,
      dropInvalidHeaderFields: true,
      deletionProtection: props.removalPolicy === RemovalPolicy.RETAIN,
    });
    this.loadBalancer = loadBalancer;
    loadBalancer.logAccessLogs(this.accessLogBucket, 'load-balancer');
    if (props.removalPolicy !== RemovalPolicy.RETAIN) {
      acknowledge(loadBalancer, {
        id: [...inPacks('ELBDeletionProtectionEnabled', NIST, HIPAA), guard('elbv2_deletion_protection_enabled_check')],
        reason:
          'The sandbox must tear down with cdk destroy, so load balancer deletion protection is on only where data is retained (production), which the tests prove.',
      });
    }
    new WebFirewall(this, 'Firewall', {
      resourceArn: loadBalancer.loadBalancerArn,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });

    const targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      vpc: network.vpc,
      port: network.appPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [autoScalingGroup],
      healthCheck: {
        path: HEALTH_CHECK_PATH,
        healthyHttpCodes: '200',
        interval: Duration.seconds(15),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
      deregistrationDelay: Duration.seconds(30),
      stickinessCookieDuration: props.stickySessionSeconds === undefined ? undefined : Duration.seconds(props.stickySessionSeconds),
    });
    this.targetGroup = targetGroup;

    let listener: elbv2.ApplicationListener;
    if (props.certificateArn) {
      listener = loadBalancer.addListener('Https', {
        port: 443,
        protocol: elbv2.ApplicationProtocol.HTTPS,
        certificates: [elbv2.ListenerCertificate.fromArn(props.certificateArn)],
        sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
        defaultTargetGroups: [targetGroup],
        open: false,
      });
      const redirect = loadBalancer.addRedirect({ sourcePort: 80, targetPort: 443 });
      acknowledge(redirect, {
        id: inPacks('ELBv2ACMCertificateRequired', NIST, HIPAA, PCI),
        reason: 'This listener only answers port 80 with a permanent redirect to the HTTPS listener; it serves no content, so it needs no certificate.',
      });
    } else {
      listener = loadBalancer.addListener('Http', {
        port: 80,
        protocol: elbv2.ApplicationProtocol.HTTP,
        defaultTargetGroups: [targetGroup],
        open: false,
      });
      acknowledge(listener, {
        id: [
          ...inPacks('ALBHttpToHttpsRedirection', NIST, HIPAA, PCI),
          ...inPacks('ELBv2ACMCertificateRequired', NIST, HIPAA, PCI),
          guard('alb_http_to_https_redirection_check'),
        ],
        reason:
          'No certificate is configured for this stage (webTier.certificateArn), so the listener serves plain HTTP; with a certificate the tier serves HTTPS and redirects port 80 to it, which the tests prove.',
      });
    }

    this.listener = listener;
    this.healthCheck = { path: HEALTH_CHECK_PATH, protocol: listener.protocol === elbv2.ApplicationProtocol.HTTPS ? 'HTTPS' : 'HTTP', port: listener.port };

    // Scaling: steady-state target tracking, a known daily peak, and an alarm-driven step policy.
    autoScalingGroup.scaleOnCpuUtilization('CpuTargetTracking', { targetUtilizationPercent: props.cpuTargetPercent ?? 50 });
    autoScalingGroup.scaleOnRequestCount('RequestsPerTarget', { targetRequestsPerMinute: props.requestsPerTargetPerMinute ?? 1000 });
    autoScalingGroup.scaleOnSchedule('DailyPeakScaleOut', {
      schedule: autoscaling.Schedule.cron({ hour: '8', minute: '0', weekDay: 'MON-FRI' }),
      timeZone: 'Asia/Seoul',
      minCapacity: props.peakMinCapacity,
    });
    autoScalingGroup.scaleOnSchedule('DailyPeakScaleIn', {
      schedule: autoscaling.Schedule.cron({ hour: '20', minute: '0', weekDay: 'MON-FRI' }),
      timeZone: 'Asia/Seoul',
      minCapacity: props.minCapacity,
    });
    // The study: an alarm can drive Auto Scaling. Slow responses add instances before CPU shows it.
    autoScalingGroup.scaleOnMetric('ResponseTimeStepScaling', {
      metric: targetGroup.metrics.targetResponseTime({ period: Duration.minutes(1) }),
      scalingSteps: [
        { upper: 0.2, change: -1 },
        { lower: 1, change: +1 },
        { lower: 3, change: +2 },
      ],
      adjustmentType: autoscaling.AdjustmentType.CHANGE_IN_CAPACITY,
      evaluationPeriods: 3,
    });

    const topic = props.alarmTopic;
    const lbMetrics = loadBalancer.metrics;
    this.alarms = [
      addAlarm(this, 'LoadBalancer5xxAlarm', topic, {
        metric: lbMetrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: Duration.minutes(5) }),
        threshold: 10,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING, // no requests, no errors
        description: 'The load balancer returned 10 or more 5XX responses in 5 minutes',
      }),
      addAlarm(this, 'Target5xxAlarm', topic, {
        metric: targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: Duration.minutes(5) }),
        threshold: 10,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        description: 'The instances returned 10 or more 5XX responses in 5 minutes',
      }),
      addAlarm(this, 'TargetResponseTimeAlarm', topic, {
        metric: targetGroup.metrics.targetResponseTime({ period: Duration.minutes(5), statistic: 'p90' }),
        threshold: 2,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        description: 'p90 target response time above 2 s for 15 minutes',
      }),
      addAlarm(this, 'UnhealthyHostsAlarm', topic, {
        metric: targetGroup.metrics.unhealthyHostCount({ period: Duration.minutes(1) }),
        threshold: 1,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING, // a silent health metric means the load balancer is gone
        description: 'At least one target unhealthy for 3 minutes',
      }),
      addAlarm(this, 'CpuAlarm', topic, {
        metric: new cloudwatch.Metric({
          namespace: 'AWS/EC2',
          metricName: 'CPUUtilization',
          dimensionsMap: { AutoScalingGroupName: autoScalingGroup.autoScalingGroupName },
          period: Duration.minutes(5),
        }),
        threshold: 85,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.MISSING,
        description: 'Average CPU of the web tier above 85 % for 15 minutes although scaling should keep it near the target',
      }),
    ];
    // Load balancer metrics (dimension: its full name), not the target group's, whose load balancer dimension the CDK
    // derives by splitting the listener ARN: in a dashboard of another stack, a split of a cross-stack reference
    // CloudFormation does not document.
    // Attached to this stack's account and region, so that a dashboard in another region graphs them where they are
    // (the CDK leaves the region off its targetResponseTime metric).
    this.metrics = [lbMetrics.requestCount(), lbMetrics.targetResponseTime()].map((metric) => metric.attachTo(this));
  }
}

function validate(props: WebTierProps): void {
  const owner = 'WebTier';
  requirePattern(
    owner,
    'instanceType',
    props.instanceType,
    GRAVITON_INSTANCE_TYPE,
    'a Graviton (ARM) instance type such as t4g.micro, because the image is ARM64',
  );
  requireInteger(owner, 'rootVolumeGiB', props.rootVolumeGiB, 8, 16384, 'gp3 volumes; the AL2023 image needs 8 GiB');
  requireInteger(owner, 'maxCapacity', props.maxCapacity, 1, 100);
  requireInteger(owner, 'minCapacity', props.minCapacity, 0, props.maxCapacity, 'at most maxCapacity');
  requireInteger(owner, 'desiredCapacity', props.desiredCapacity, props.minCapacity, props.maxCapacity, 'minCapacity ≤ desiredCapacity ≤ maxCapacity');
  requireInteger(owner, 'peakMinCapacity', props.peakMinCapacity, props.minCapacity, props.maxCapacity, 'between minCapacity and maxCapacity');
  if (props.stickySessionSeconds !== undefined) {
    requireInteger(owner, 'stickySessionSeconds', props.stickySessionSeconds, 1, 604800, 'load balancer cookies last 1 second to 7 days');
  }
  if (props.cpuTargetPercent !== undefined) requireInteger(owner, 'cpuTargetPercent', props.cpuTargetPercent, 10, 90);
  if (props.requestsPerTargetPerMinute !== undefined) requireInteger(owner, 'requestsPerTargetPerMinute', props.requestsPerTargetPerMinute, 1, 1_000_000);
  if (props.certificateArn !== undefined && !Token.isUnresolved(props.certificateArn)) {
    requireCertificateArn(owner, 'certificateArn', props.certificateArn);
  }
  requireThat(
    props.healthCheckGracePeriod === undefined || props.healthCheckGracePeriod.toSeconds() <= 7200,
    owner,
    `healthCheckGracePeriod must be at most 2 hours, got ${props.healthCheckGracePeriod?.toSeconds()} s`,
  );
}

/** The heading of the page the instances serve on `/` (the smoke and integration tests look for it). */
export const WEB_PAGE_HEADING = 'aws-service-atlas web tier';

/** Serves a small page and the health-check path on the app port with the Python that AL2023 ships (no downloads). */
function userData(port: number, bootstrapCommands: readonly string[]): ec2.UserData {
  const data = ec2.UserData.forLinux();
  data.addCommands(
    'set -euo pipefail',
    'mkdir -p /srv/www',
    'TOKEN=$(curl -sX PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 60")',
    'AZ=$(curl -sH "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/placement/availability-zone)',
    `echo "<h1>${WEB_PAGE_HEADING}</h1><p>served from $AZ</p>" > /srv/www/index.html`,
    `echo ok > /srv/www${HEALTH_CHECK_PATH}`,
    'cat > /etc/systemd/system/atlas-web.service <<EOF',
    '[Unit]',
    'Description=aws-service-atlas sample page',
    'After=network-online.target',
    '[Service]',
    `ExecStart=/usr/bin/python3 -m http.server ${port} --directory /srv/www`,
    'DynamicUser=yes',
    'Restart=always',
    '[Install]',
    'WantedBy=multi-user.target',
    'EOF',
    'systemctl daemon-reload',
    'systemctl enable --now atlas-web.service',
    ...bootstrapCommands,
  );
  return data;
}
