import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HEALTH_CHECK_PATH, WebTier, WebTierProps } from '../../lib/compute/web-tier';
import { PRESETS } from '../../lib/config';
import { stackTemplate } from '../support/assembly';
import { networkFixture } from '../support/fixtures';
import {
  TemplateResource,
  at,
  expectProperties,
  expectSomeProperties,
  logicalIdAt,
  logicalIdOf,
  referencedIds,
  referrersOf,
  refTarget,
  resourceAt,
  resourceOf,
  resourcesOfType,
  stackOutputTarget,
  text,
} from '../support/select';

describe('WebTier', () => {
  describe.each(['sandbox', 'production'] as const)('%s stage', (stage) => {
    const template = stackTemplate(stage, 'Compute');
    const config = PRESETS[stage].webTier;
    // The web tier's resources, selected from its load balancer and Auto Scaling group by reference.
    const loadBalancer = () => resourceAt(stage, 'Compute', 'WebTier/LoadBalancer', 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    const autoScalingGroup = () => resourceAt(stage, 'Compute', 'WebTier/AutoScalingGroup/ASG', 'AWS::AutoScaling::AutoScalingGroup');
    const targetGroup = () => {
      const arns = autoScalingGroup().Properties.TargetGroupARNs as unknown[];
      expect(arns).toHaveLength(1);
      return refTarget(template, arns[0], 'AWS::ElasticLoadBalancingV2::TargetGroup');
    };
    const launchTemplate = () => refTarget(template, at(autoScalingGroup().Properties, 'LaunchTemplate', 'LaunchTemplateId'), 'AWS::EC2::LaunchTemplate');
    const notifiesAlarmTopic = (alarm: TemplateResource) => {
      const topicId = logicalIdAt(stage, 'Monitoring', 'AlarmTopic/Resource');
      return ((alarm.Properties.AlarmActions ?? []) as unknown[]).some(
        (action) => typeof action === 'object' && action !== null && 'Fn::GetStackOutput' in action && stackOutputTarget(stage, action).resource.id === topicId,
      );
    };

    test('an internet-facing ALB that drops invalid headers, logs access, and is deletion-protected only in production', () => {
      expectProperties(loadBalancer(), {
        Scheme: 'internet-facing',
        Type: 'application',
        LoadBalancerAttributes: Match.arrayWith([
          { Key: 'deletion_protection.enabled', Value: String(stage === 'production') },
          { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
          { Key: 'access_logs.s3.enabled', Value: 'true' },
        ]),
      });
    });

    test('AWS WAF guards the load balancer: managed rule groups, a per-IP rate limit, and logging with secrets redacted', () => {
      const lb = loadBalancer();
      const associations = referrersOf(template, lb, 'AWS::WAFv2::WebACLAssociation', 'ResourceArn');
      expect(associations).toHaveLength(1);
      const [association] = associations;
      const acl = refTarget(template, association.Properties.WebACLArn, 'AWS::WAFv2::WebACL');
      expect(association.Properties).toMatchObject({ ResourceArn: { Ref: lb.id }, WebACLArn: { 'Fn::GetAtt': [acl.id, 'Arn'] } });
      expect(acl.Properties).toMatchObject({ Scope: 'REGIONAL', DefaultAction: { Allow: {} } });
      const rules = acl.Properties.Rules as { Name: string; Statement: Record<string, unknown> }[];
      expect(rules.map((r) => r.Name)).toEqual([
        'AWSManagedRulesAmazonIpReputationList',
        'AWSManagedRulesCommonRuleSet',
        'AWSManagedRulesKnownBadInputsRuleSet',
        'RateLimitPerIp',
      ]);
      expect(rules[3].Statement).toEqual({ RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP' } });
      // The logging configuration of this web ACL, and the log group its destination ARN names.
      const loggings = referrersOf(template, acl, 'AWS::WAFv2::LoggingConfiguration', 'ResourceArn');
      expect(loggings).toHaveLength(1);
      const [logging] = loggings;
      expectProperties(logging, {
        ResourceArn: { 'Fn::GetAtt': [acl.id, 'Arn'] },
        RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
      });
      const destinations = logging.Properties.LogDestinationConfigs as unknown[];
      expect(destinations).toHaveLength(1);
      const join = (destinations[0] as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
      const arn = join ? join[1].filter((part) => typeof part === 'string').join('') : String(destinations[0]);
      const logGroupName = /:log-group:([^:*]+)$/.exec(arn)?.[1];
      expect(logGroupName).toBe(`aws-waf-logs-${stage}-Compute`);
      const logGroups = resourcesOfType(template, 'AWS::Logs::LogGroup').filter((g) => g.Properties.LogGroupName === logGroupName);
      expect(logGroups).toHaveLength(1);
      expectProperties(logGroups[0], {
        LogGroupName: `aws-waf-logs-${stage}-Compute`,
        KmsKeyId: Match.anyValue(),
        RetentionInDays: PRESETS[stage].logRetention,
      });
      refTarget(template, logGroups[0].Properties.KmsKeyId, 'AWS::KMS::Key');
    });

    test('the load balancer sits in the public subnet of every AZ', () => {
      const lb = loadBalancer();
      expect(lb.Properties.Subnets).toHaveLength(PRESETS[stage].availabilityZones.length);
      expect(JSON.stringify(lb.Properties.Subnets)).toMatch(/PublicSubnet/);
    });

    test('the ASG spreads across every AZ (its application subnets) with the configured bounds and ELB health checks', () => {
      const asg = autoScalingGroup();
      expect(asg.Properties.VPCZoneIdentifier).toHaveLength(PRESETS[stage].availabilityZones.length);
      // The AZs are explicit as well, so that template checks see the spread.
      expect(asg.Properties.AvailabilityZones).toEqual(PRESETS[stage].availabilityZones);
      expect(JSON.stringify(asg.Properties.VPCZoneIdentifier)).toMatch(/ApplicationSubnet/);
      expect(asg.Properties).toMatchObject({
        MinSize: String(config.minCapacity),
        DesiredCapacity: String(config.desiredCapacity),
        MaxSize: String(config.maxCapacity),
        HealthCheckType: 'ELB',
        HealthCheckGracePeriod: 300,
      });
      expect(asg.UpdatePolicy).toMatchObject({ AutoScalingRollingUpdate: { MaxBatchSize: 1, MinInstancesInService: config.minCapacity } });
    });

    test('instances: AL2023 ARM from the public SSM parameter, IMDSv2 only, encrypted gp3 root volume, no key pair', () => {
      expectProperties(launchTemplate(), {
        LaunchTemplateData: Match.objectLike({
          InstanceType: config.instanceType,
          ImageId: { Ref: Match.stringLikeRegexp('SsmParameterValue.*al2023.*arm64') },
          MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
          BlockDeviceMappings: [
            { DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeSize: config.rootVolumeGiB, VolumeType: 'gp3', DeleteOnTermination: true } },
          ],
          KeyName: Match.absent(),
        }),
      });
      const parameters = JSON.stringify(template.toJSON().Parameters);
      expect(parameters).toMatch(/"\/aws\/service\/ami-amazon-linux-latest\/al2023-ami-kernel-[0-9.]+-arm64"/);
    });

    test('the instance role has only the Session Manager policy', () => {
      // Launch template → instance profile → role.
      const profile = refTarget(template, at(launchTemplate().Properties, 'LaunchTemplateData', 'IamInstanceProfile', 'Arn'), 'AWS::IAM::InstanceProfile');
      const roles = profile.Properties.Roles as unknown[];
      expect(roles).toHaveLength(1);
      expectProperties(refTarget(template, roles[0], 'AWS::IAM::Role'), {
        AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'ec2.amazonaws.com' } })] }),
        ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonSSMManagedInstanceCore']] }],
      });
    });

    test(`the target group health-checks ${HEALTH_CHECK_PATH} on the app port`, () => {
      expectProperties(targetGroup(), {
        Port: 8080,
        Protocol: 'HTTP',
        HealthCheckPath: HEALTH_CHECK_PATH,
        Matcher: { HttpCode: '200' },
      });
    });

    const issued = PRESETS[stage].dns.issueCertificates === true;
    test(
      issued
        ? "with the stage's issued certificate (this region's, DNS-validated in the zone): HTTPS on 443, and HTTP on 80 redirects to it"
        : 'without a certificate the listener serves HTTP on 80 (no HTTPS listener)',
      () => {
        const listeners = referrersOf(template, loadBalancer(), 'AWS::ElasticLoadBalancingV2::Listener', 'LoadBalancerArn');
        if (!issued) {
          expectSomeProperties(listeners, { Port: 80, Protocol: 'HTTP' });
          expect(listeners.filter((l) => l.Properties.Protocol === 'HTTPS').map((l) => l.id)).toEqual([]);
          template.resourcePropertiesCountIs('AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTPS' }, 0);
          return;
        }
        const https = listeners.filter((l) => l.Properties.Protocol === 'HTTPS');
        expect(https).toHaveLength(1);
        const certificate = refTarget(template, at(https[0].Properties, 'Certificates', 0, 'CertificateArn'), 'AWS::CertificateManager::Certificate');
        const domain = PRESETS[stage].dns.domainName;
        expectProperties(certificate, { DomainName: domain, SubjectAlternativeNames: [`*.${domain}`], ValidationMethod: 'DNS' });
        const zone = stackOutputTarget(stage, at(certificate.Properties, 'DomainValidationOptions', 0, 'HostedZoneId'), 'AWS::Route53::HostedZone');
        expect(zone.stackId).toBe('Dns');
        const http = listeners.filter((l) => l.Properties.Protocol === 'HTTP');
        expect(http.map((l) => [l.Properties.Port, at(l.Properties, 'DefaultActions', 0, 'RedirectConfig')])).toEqual([
          [80, { Port: '443', Protocol: 'HTTPS', StatusCode: 'HTTP_301' }],
        ]);
      },
    );

    test('target tracking on CPU and on requests per target, plus a step policy driven by a response-time alarm', () => {
      const policies = referrersOf(template, autoScalingGroup(), 'AWS::AutoScaling::ScalingPolicy', 'AutoScalingGroupName');
      expectSomeProperties(policies, {
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingConfiguration: Match.objectLike({ PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' }, TargetValue: 50 }),
      });
      expectSomeProperties(policies, {
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingConfiguration: Match.objectLike({
          PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: 'ALBRequestCountPerTarget' }),
        }),
      });
      const step = policies.filter((p) => p.Properties.PolicyType === 'StepScaling');
      expect(step.length).toBeGreaterThan(0);
      // The study: an alarm can drive Auto Scaling. The alarm's action is the step policy itself.
      const driven = resourcesOfType(template, 'AWS::CloudWatch::Alarm').filter((a) => {
        const actions = referencedIds(a.Properties.AlarmActions ?? []);
        return step.some((p) => actions.has(p.id));
      });
      expect(driven.length).toBeGreaterThan(0);
      for (const alarm of driven) expect(alarm.Properties.MetricName).toBe('TargetResponseTime');
    });

    test('a scheduled scale-out for the daily peak and scale-in afterwards, in Asia/Seoul', () => {
      const actions = referrersOf(template, autoScalingGroup(), 'AWS::AutoScaling::ScheduledAction', 'AutoScalingGroupName');
      expectSomeProperties(actions, { Recurrence: '0 8 * * MON-FRI', TimeZone: 'Asia/Seoul', MinSize: config.peakMinCapacity });
      expectSomeProperties(actions, { Recurrence: '0 20 * * MON-FRI', TimeZone: 'Asia/Seoul', MinSize: config.minCapacity });
    });

    test('Auto Scaling notifications go to the alarm topic', () => {
      const notifications = autoScalingGroup().Properties.NotificationConfigurations as { TopicARN: unknown; NotificationTypes: unknown }[];
      expect(notifications).toHaveLength(1);
      expect(notifications[0].NotificationTypes).toEqual(expect.arrayContaining(['autoscaling:EC2_INSTANCE_LAUNCH_ERROR']));
      const topic = stackOutputTarget(stage, notifications[0].TopicARN, 'AWS::SNS::Topic');
      expect(topic.resource.id).toBe(logicalIdAt(stage, 'Monitoring', 'AlarmTopic/Resource'));
    });

    test('alarms for 5XX, response time, unhealthy hosts and CPU notify the topic, each with a deliberate missing-data policy', () => {
      // The alarms on the web tier's load balancer, target group and Auto Scaling group that notify the alarm topic.
      const alarms = referrersOf(template, [loadBalancer(), targetGroup(), autoScalingGroup()], 'AWS::CloudWatch::Alarm', 'Dimensions').filter(
        notifiesAlarmTopic,
      );
      const byMetric = Object.fromEntries(
        alarms.map((a) => [`${text(a.Properties.Namespace)}/${text(a.Properties.MetricName)}`, a.Properties.TreatMissingData]),
      );
      expect(byMetric).toMatchObject({
        'AWS/ApplicationELB/HTTPCode_ELB_5XX_Count': 'notBreaching',
        'AWS/ApplicationELB/HTTPCode_Target_5XX_Count': 'notBreaching',
        'AWS/ApplicationELB/TargetResponseTime': 'notBreaching',
        'AWS/ApplicationELB/UnHealthyHostCount': 'breaching',
        'AWS/EC2/CPUUtilization': 'missing',
      });
    });

    test('the access log bucket is private, TLS-only and encrypted', () => {
      // The bucket the load balancer writes its access logs to, and that bucket's policy.
      const attributes = loadBalancer().Properties.LoadBalancerAttributes as { Key: string; Value: unknown }[];
      const bucket = refTarget(template, attributes.find((a) => a.Key === 'access_logs.s3.bucket')?.Value, 'AWS::S3::Bucket');
      expectProperties(bucket, {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      });
      const policies = referrersOf(template, bucket, 'AWS::S3::BucketPolicy', 'Bucket');
      expect(policies).toHaveLength(1);
      expectProperties(policies[0], {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    });
  });

  const stickiness = `${PRESETS.production.webTier.stickySessionSeconds} seconds`;
  test(`production sticks sessions for ${stickiness}; sandbox does not`, () => {
    const targetGroupOf = (stage: 'sandbox' | 'production') => {
      const asg = resourceAt(stage, 'Compute', 'WebTier/AutoScalingGroup/ASG', 'AWS::AutoScaling::AutoScalingGroup');
      const arns = asg.Properties.TargetGroupARNs as unknown[];
      expect(arns).toHaveLength(1);
      return refTarget(stackTemplate(stage, 'Compute'), arns[0], 'AWS::ElasticLoadBalancingV2::TargetGroup');
    };
    expectProperties(targetGroupOf('production'), {
      TargetGroupAttributes: Match.arrayWith([
        { Key: 'stickiness.enabled', Value: 'true' },
        { Key: 'stickiness.lb_cookie.duration_seconds', Value: String(PRESETS.production.webTier.stickySessionSeconds) },
      ]),
    });
    expectProperties(targetGroupOf('sandbox'), {
      TargetGroupAttributes: Match.not(Match.arrayWith([{ Key: 'stickiness.enabled', Value: 'true' }])),
    });
  });

  describe('props', () => {
    const base: Omit<WebTierProps, 'network' | 'alarmTopic'> = {
      instanceType: 't4g.micro',
      rootVolumeGiB: 8,
      minCapacity: 1,
      desiredCapacity: 1,
      maxCapacity: 2,
      peakMinCapacity: 2,
      removalPolicy: RemovalPolicy.DESTROY,
      logRetention: RetentionDays.ONE_WEEK,
    };
    const build = (props: Partial<WebTierProps> = {}) => {
      const { stack, network, topic } = networkFixture();
      const webTier = new WebTier(stack, 'WebTier', { network, alarmTopic: topic, ...base, ...props });
      return { template: Template.fromStack(stack), webTier };
    };

    test('with a certificate: HTTPS listener with a modern TLS policy, and HTTP redirects to it', () => {
      const { template, webTier } = build({ certificateArn: 'arn:aws:acm:ap-northeast-2:123456789012:certificate/abcd-1234' });
      // The listeners of the web tier's load balancer: the HTTPS one (the tier's listener) and the HTTP one.
      const listeners = referrersOf(template, logicalIdOf(webTier.loadBalancer), 'AWS::ElasticLoadBalancingV2::Listener', 'LoadBalancerArn');
      const https = listeners.filter((l) => l.Properties.Port === 443);
      const http = listeners.filter((l) => l.Properties.Port === 80);
      expect([https.length, http.length]).toEqual([1, 1]);
      expect(https[0].id).toBe(logicalIdOf(webTier.listener));
      expectProperties(https[0], {
        Port: 443,
        Protocol: 'HTTPS',
        SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        Certificates: [{ CertificateArn: 'arn:aws:acm:ap-northeast-2:123456789012:certificate/abcd-1234' }],
      });
      expectProperties(http[0], {
        Port: 80,
        Protocol: 'HTTP',
        DefaultActions: [Match.objectLike({ Type: 'redirect', RedirectConfig: Match.objectLike({ Protocol: 'HTTPS', Port: '443' }) })],
      });
    });

    test.each<[string, Partial<WebTierProps>]>([
      ['without a certificate', {}],
      ['with a certificate', { certificateArn: 'arn:aws:acm:ap-northeast-2:123456789012:certificate/abcd-1234' }],
    ])('%s, the health check it exposes is the path its target group probes, on the protocol and port of its client listener', (_name, props) => {
      const { template, webTier } = build(props);
      const targetGroup = resourceOf(template, webTier.targetGroup, 'AWS::ElasticLoadBalancingV2::TargetGroup');
      const listener = resourceOf(template, webTier.listener, 'AWS::ElasticLoadBalancingV2::Listener');
      expect(webTier.healthCheck).toEqual({
        path: targetGroup.Properties.HealthCheckPath,
        protocol: listener.Properties.Protocol,
        port: listener.Properties.Port,
      });
      expect(webTier.healthCheck).toEqual(
        props.certificateArn ? { path: HEALTH_CHECK_PATH, protocol: 'HTTPS', port: 443 } : { path: HEALTH_CHECK_PATH, protocol: 'HTTP', port: 80 },
      );
    });

    test("the metrics it exposes for the dashboard are its load balancer's requests and target response time", () => {
      const { webTier } = build();
      const stack = Stack.of(webTier);
      // By the load balancer's full name: the target group's metrics would carry a dimension split from the listener ARN.
      const loadBalancer = { name: 'LoadBalancer', value: { 'Fn::GetAtt': [logicalIdOf(webTier.loadBalancer), 'LoadBalancerFullName'] } };
      expect(webTier.metrics.map((metric) => stack.resolve(metric.toMetricConfig().metricStat) as unknown)).toEqual([
        expect.objectContaining({ namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', dimensions: [loadBalancer] }),
        expect.objectContaining({ namespace: 'AWS/ApplicationELB', metricName: 'TargetResponseTime', dimensions: [loadBalancer] }),
      ]);
    });

    test.each<[string, Partial<WebTierProps>, RegExp]>([
      [
        'min > max',
        { minCapacity: 3, desiredCapacity: 3, maxCapacity: 2 },
        /WebTier minCapacity must be a whole number from 0 to 2 \(at most maxCapacity\), got 3/,
      ],
      [
        'desired below min',
        { minCapacity: 2, desiredCapacity: 1, maxCapacity: 4 },
        /WebTier desiredCapacity must be a whole number from 2 to 4 \(minCapacity ≤ desiredCapacity ≤ maxCapacity\), got 1/,
      ],
      ['desired above max', { desiredCapacity: 3 }, /desiredCapacity must be a whole number from 1 to 2.*got 3/],
      ['max of 0', { minCapacity: 0, desiredCapacity: 0, maxCapacity: 0 }, /WebTier maxCapacity must be a whole number from 1 to 100, got 0/],
      ['a peak outside the bounds', { peakMinCapacity: 5 }, /peakMinCapacity must be a whole number from 1 to 2.*got 5/],
      ['an x86 instance type', { instanceType: 't3.micro' }, /WebTier instanceType must be a Graviton \(ARM\) instance type.*got 't3\.micro'/],
      ['a root volume below the image size', { rootVolumeGiB: 4 }, /WebTier rootVolumeGiB must be a whole number from 8 to 16384.*got 4/],
      ['sticky sessions beyond 7 days', { stickySessionSeconds: 700000 }, /stickySessionSeconds must be a whole number from 1 to 604800.*got 700000/],
      [
        'a certificate of another region',
        { certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abcd' },
        /WebTier certificateArn must be a certificate in the load balancer's region ap-northeast-2, got one in us-east-1/,
      ],
      ['a malformed certificate ARN', { certificateArn: 'my-cert' }, /WebTier certificateArn must be an ACM certificate ARN, got 'my-cert'/],
    ])('fails on %s', (_name, props, message) => {
      expect(() => build(props)).toThrow(message);
    });
  });
});
