import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HEALTH_CHECK_PATH, WebTier, WebTierProps } from '../../lib/compute/web-tier';
import { PRESETS } from '../../lib/config';
import { stackTemplate } from '../support/assembly';
import { networkFixture, resourcesOf } from '../support/fixtures';

describe('WebTier', () => {
  describe.each(['sandbox', 'production'] as const)('%s stage', (stage) => {
    const template = stackTemplate(stage, 'Compute');
    const config = PRESETS[stage].webTier;

    test('an internet-facing ALB that drops invalid headers, logs access, and is deletion-protected only in production', () => {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
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
      const [acl] = resourcesOf(template, 'AWS::WAFv2::WebACL');
      expect(acl.props).toMatchObject({ Scope: 'REGIONAL', DefaultAction: { Allow: {} } });
      const rules = acl.props.Rules as { Name: string; Statement: Record<string, unknown> }[];
      expect(rules.map((r) => r.Name)).toEqual(['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'RateLimitPerIp']);
      expect(rules[3].Statement).toEqual({ RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP' } });
      const [lb] = resourcesOf(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
      template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { ResourceArn: { Ref: lb.id }, WebACLArn: { 'Fn::GetAtt': [acl.id, 'Arn'] } });
      template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
        RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
      });
      template.hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: `aws-waf-logs-${stage}-Compute`,
        KmsKeyId: Match.anyValue(),
        RetentionInDays: stage === 'production' ? 365 : 7,
      });
    });

    test('the load balancer sits in the public subnet of every AZ', () => {
      const [lb] = resourcesOf(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
      expect(lb.props.Subnets).toHaveLength(PRESETS[stage].availabilityZones.length);
      expect(JSON.stringify(lb.props.Subnets)).toMatch(/PublicSubnet/);
    });

    test('the ASG spreads across every AZ (its application subnets) with the configured bounds and ELB health checks', () => {
      const [asg] = resourcesOf(template, 'AWS::AutoScaling::AutoScalingGroup');
      expect(asg.props.VPCZoneIdentifier).toHaveLength(PRESETS[stage].availabilityZones.length);
      // The AZs are explicit as well, so that template checks see the spread.
      expect(asg.props.AvailabilityZones).toEqual(PRESETS[stage].availabilityZones);
      expect(JSON.stringify(asg.props.VPCZoneIdentifier)).toMatch(/ApplicationSubnet/);
      expect(asg.props).toMatchObject({
        MinSize: String(config.minCapacity),
        DesiredCapacity: String(config.desiredCapacity),
        MaxSize: String(config.maxCapacity),
        HealthCheckType: 'ELB',
        HealthCheckGracePeriod: 300,
      });
      expect(asg.resource.UpdatePolicy).toMatchObject({ AutoScalingRollingUpdate: { MaxBatchSize: 1, MinInstancesInService: config.minCapacity } });
    });

    test('instances: AL2023 ARM from the public SSM parameter, IMDSv2 only, encrypted gp3 root volume, no key pair', () => {
      template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
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
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'ec2.amazonaws.com' } })] }),
        ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonSSMManagedInstanceCore']] }],
      });
    });

    test(`the target group health-checks ${HEALTH_CHECK_PATH} on the app port`, () => {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        Port: 8080,
        Protocol: 'HTTP',
        HealthCheckPath: HEALTH_CHECK_PATH,
        Matcher: { HttpCode: '200' },
      });
    });

    test('without a certificate the listener serves HTTP on 80 (no HTTPS listener)', () => {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP' });
      template.resourcePropertiesCountIs('AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTPS' }, 0);
    });

    test('target tracking on CPU and on requests per target, plus a step policy driven by a response-time alarm', () => {
      template.hasResourceProperties('AWS::AutoScaling::ScalingPolicy', {
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingConfiguration: Match.objectLike({ PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' }, TargetValue: 50 }),
      });
      template.hasResourceProperties('AWS::AutoScaling::ScalingPolicy', {
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingConfiguration: Match.objectLike({ PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: 'ALBRequestCountPerTarget' }) }),
      });
      const step = resourcesOf(template, 'AWS::AutoScaling::ScalingPolicy').filter((p) => p.props.PolicyType === 'StepScaling');
      expect(step.length).toBeGreaterThan(0);
      // The study: an alarm can drive Auto Scaling. The alarm's action is the step policy itself.
      const stepIds = step.map((p) => p.id);
      const driven = resourcesOf(template, 'AWS::CloudWatch::Alarm').filter((a) =>
        JSON.stringify(a.props.AlarmActions).match(new RegExp(stepIds.join('|'))),
      );
      expect(driven.length).toBeGreaterThan(0);
      expect(driven[0].props.MetricName).toBe('TargetResponseTime');
    });

    test('a scheduled scale-out for the daily peak and scale-in afterwards, in Asia/Seoul', () => {
      template.hasResourceProperties('AWS::AutoScaling::ScheduledAction', { Recurrence: '0 8 * * MON-FRI', TimeZone: 'Asia/Seoul', MinSize: config.peakMinCapacity });
      template.hasResourceProperties('AWS::AutoScaling::ScheduledAction', { Recurrence: '0 20 * * MON-FRI', TimeZone: 'Asia/Seoul', MinSize: config.minCapacity });
    });

    test('Auto Scaling notifications go to the alarm topic', () => {
      const [asg] = resourcesOf(template, 'AWS::AutoScaling::AutoScalingGroup');
      expect(asg.props.NotificationConfigurations).toEqual([
        expect.objectContaining({ NotificationTypes: expect.arrayContaining(['autoscaling:EC2_INSTANCE_LAUNCH_ERROR']) }),
      ]);
    });

    test('alarms for 5XX, response time, unhealthy hosts and CPU notify the topic, each with a deliberate missing-data policy', () => {
      const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm').filter((a) => JSON.stringify(a.props.AlarmActions ?? []).includes('Topic'));
      const byMetric = Object.fromEntries(alarms.map((a) => [`${a.props.Namespace}/${a.props.MetricName}`, a.props.TreatMissingData]));
      expect(byMetric).toMatchObject({
        'AWS/ApplicationELB/HTTPCode_ELB_5XX_Count': 'notBreaching',
        'AWS/ApplicationELB/HTTPCode_Target_5XX_Count': 'notBreaching',
        'AWS/ApplicationELB/TargetResponseTime': 'notBreaching',
        'AWS/ApplicationELB/UnHealthyHostCount': 'breaching',
        'AWS/EC2/CPUUtilization': 'missing',
      });
    });

    test('the access log bucket is private, TLS-only and encrypted', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    });
  });

  test('production sticks sessions for an hour; sandbox does not', () => {
    stackTemplate('production', 'Compute').hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetGroupAttributes: Match.arrayWith([
        { Key: 'stickiness.enabled', Value: 'true' },
        { Key: 'stickiness.lb_cookie.duration_seconds', Value: '3600' },
      ]),
    });
    stackTemplate('sandbox', 'Compute').hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetGroupAttributes: Match.not(Match.arrayWith([{ Key: 'stickiness.enabled', Value: 'true' }])),
    });
  });

  describe('props', () => {
    const base: Omit<WebTierProps, 'network' | 'alarmTopic'> = {
      instanceType: 't4g.micro', rootVolumeGiB: 8, minCapacity: 1, desiredCapacity: 1, maxCapacity: 2, peakMinCapacity: 2,
      removalPolicy: RemovalPolicy.DESTROY, logRetention: RetentionDays.ONE_WEEK,
    };
    const build = (props: Partial<WebTierProps> = {}) => {
      const { stack, network, topic } = networkFixture();
      new WebTier(stack, 'WebTier', { network, alarmTopic: topic, ...base, ...props });
      return Template.fromStack(stack);
    };

    test('with a certificate: HTTPS listener with a modern TLS policy, and HTTP redirects to it', () => {
      const template = build({ certificateArn: 'arn:aws:acm:ap-northeast-2:123456789012:certificate/abcd-1234' });
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
        Port: 443, Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        Certificates: [{ CertificateArn: 'arn:aws:acm:ap-northeast-2:123456789012:certificate/abcd-1234' }],
      });
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
        Port: 80, Protocol: 'HTTP', DefaultActions: [Match.objectLike({ Type: 'redirect', RedirectConfig: Match.objectLike({ Protocol: 'HTTPS', Port: '443' }) })],
      });
    });

    test.each<[string, Partial<WebTierProps>, RegExp]>([
      ['min > max', { minCapacity: 3, desiredCapacity: 3, maxCapacity: 2 }, /WebTier minCapacity must be a whole number from 0 to 2 \(at most maxCapacity\), got 3/],
      ['desired below min', { minCapacity: 2, desiredCapacity: 1, maxCapacity: 4 }, /WebTier desiredCapacity must be a whole number from 2 to 4 \(minCapacity ≤ desiredCapacity ≤ maxCapacity\), got 1/],
      ['desired above max', { desiredCapacity: 3 }, /desiredCapacity must be a whole number from 1 to 2.*got 3/],
      ['max of 0', { minCapacity: 0, desiredCapacity: 0, maxCapacity: 0 }, /WebTier maxCapacity must be a whole number from 1 to 100, got 0/],
      ['a peak outside the bounds', { peakMinCapacity: 5 }, /peakMinCapacity must be a whole number from 1 to 2.*got 5/],
      ['an x86 instance type', { instanceType: 't3.micro' }, /WebTier instanceType must be a Graviton \(ARM\) instance type.*got 't3\.micro'/],
      ['a root volume below the image size', { rootVolumeGiB: 4 }, /WebTier rootVolumeGiB must be a whole number from 8 to 16384.*got 4/],
      ['sticky sessions beyond 7 days', { stickySessionSeconds: 700000 }, /stickySessionSeconds must be a whole number from 1 to 604800.*got 700000/],
      ['a certificate of another region', { certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abcd' }, /WebTier certificateArn must be a certificate in the load balancer's region ap-northeast-2, got one in us-east-1/],
      ['a malformed certificate ARN', { certificateArn: 'my-cert' }, /WebTier certificateArn must be an ACM certificate ARN, got 'my-cert'/],
    ])('fails on %s', (_name, props, message) => {
      expect(() => build(props)).toThrow(message);
    });
  });
});
