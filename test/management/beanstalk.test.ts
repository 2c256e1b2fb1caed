import * as fs from 'fs';
import * as path from 'path';
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { PRODUCTION } from '../../lib/config';
import { BeanstalkApp, BeanstalkAppProps, PLATFORM_ARN_PATH } from '../../lib/management/beanstalk';
import { ROOT } from '../support/context';

const APP_DIR = path.join(ROOT, 'assets', 'beanstalk-app');
import { stackTemplate } from '../support/assembly';
import { networkFixture, resourcesOf } from '../support/fixtures';
import { resourceOf, text } from '../support/select';

describe('BeanstalkApp', () => {
  test('sandbox: switched off, no Elastic Beanstalk resource at all', () => {
    const template = stackTemplate('sandbox', 'Compute');
    for (const type of ['AWS::ElasticBeanstalk::Application', 'AWS::ElasticBeanstalk::ApplicationVersion', 'AWS::ElasticBeanstalk::Environment'])
      template.resourceCountIs(type, 0);
  });

  describe('production', () => {
    const template = stackTemplate('production', 'Compute');
    const [environment] = resourcesOf(template, 'AWS::ElasticBeanstalk::Environment');
    const settings = Object.fromEntries(
      (environment.props.OptionSettings as { Namespace: string; OptionName: string; Value: unknown }[]).map((o) => [`${o.Namespace}:${o.OptionName}`, o.Value]),
    );

    test('an application version from the sample app zipped as an S3 asset', () => {
      const [version] = resourcesOf(template, 'AWS::ElasticBeanstalk::ApplicationVersion');
      expect(JSON.stringify(version.props.SourceBundle)).toMatch(/\.zip/);
      expect(environment.props.VersionLabel).toEqual({ Ref: version.id });
    });

    test("runs the platform branch's recommended version, looked up at deploy time (a pinned version goes stale for new accounts)", () => {
      expect(environment.props.SolutionStackName).toBeUndefined();
      const attribute = (environment.props.PlatformArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
      expect(attribute[1]).toBe(PLATFORM_ARN_PATH);
      const lookup = resourceOf(template, attribute[0]);
      expect(lookup.Type).toBe('Custom::BeanstalkPlatform');
      const call = JSON.parse(text(lookup.Properties.Create)) as unknown; // the SDK call, as the CDK writes it: a JSON string
      expect(call).toMatchObject({
        service: 'ElasticBeanstalk',
        action: 'listPlatformVersions',
        parameters: {
          Filters: [
            { Type: 'PlatformBranchName', Operator: '=', Values: [PRODUCTION.beanstalk!.platformBranch] },
            { Type: 'PlatformLifecycleState', Operator: '=', Values: ['recommended'] },
          ],
        },
        outputPaths: [PLATFORM_ARN_PATH],
      });
    });

    test('the sample app bundle contains the file its start script runs (a clean clone too: assets/ is never git-ignored)', () => {
      const pkg = JSON.parse(fs.readFileSync(path.join(APP_DIR, 'package.json'), 'utf8')) as { scripts: { start: string } };
      const file = /^node\s+(\S+)/.exec(pkg.scripts.start)![1];
      expect(fs.existsSync(path.join(APP_DIR, file))).toBe(true);
    });

    test('load-balanced in the VPC: instances in the application subnets, the load balancer in the public ones', () => {
      expect(settings['aws:elasticbeanstalk:environment:EnvironmentType']).toBe('LoadBalanced');
      expect(settings['aws:elasticbeanstalk:environment:LoadBalancerType']).toBe('application');
      expect(JSON.stringify(settings['aws:ec2:vpc:Subnets'])).toMatch(/ApplicationSubnet/);
      expect(JSON.stringify(settings['aws:ec2:vpc:ELBSubnets'])).toMatch(/PublicSubnet/);
      expect(settings['aws:ec2:vpc:AssociatePublicIpAddress']).toBe('false');
      // The load balancer reaches the app on the application tier's port, which the NACLs admit (not nginx's 80).
      expect(settings['aws:elasticbeanstalk:environment:process:default:Port']).toBe('8080');
      expect(settings['aws:elasticbeanstalk:application:environment:PORT']).toBe('8080');
    });

    test('enhanced health, managed platform updates, IMDSv2 only, logs streamed and published', () => {
      expect(settings).toMatchObject({
        'aws:elasticbeanstalk:healthreporting:system:SystemType': 'enhanced',
        'aws:elasticbeanstalk:managedactions:ManagedActionsEnabled': 'true',
        'aws:elasticbeanstalk:managedactions:platformupdate:UpdateLevel': 'minor',
        'aws:autoscaling:launchconfiguration:DisableIMDSv1': 'true',
        'aws:elasticbeanstalk:cloudwatch:logs:StreamLogs': 'true',
        'aws:elasticbeanstalk:hostmanager:LogPublicationControl': 'true',
      });
    });

    test('least privilege: the instance role only reports health, reads its bundle, streams and publishes logs; the service role has the two documented policies', () => {
      const roles = resourcesOf(template, 'AWS::IAM::Role');
      const service = roles.find((r) => r.id.startsWith('BeanstalkServiceRole'))!;
      expect(JSON.stringify(service.props.ManagedPolicyArns)).toMatch(/AWSElasticBeanstalkEnhancedHealth.*AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy/);
      const policy = resourcesOf(template, 'AWS::IAM::Policy').find((p) => p.id.startsWith('BeanstalkInstanceRole'))!;
      const actions = (policy.props.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement.flatMap((s) => [s.Action].flat());
      expect(actions.filter((a) => !a.startsWith('s3:') && !a.startsWith('logs:')).sort()).toEqual(['elasticbeanstalk:PutInstanceStatistics']);
      expect(actions.filter((a) => a.startsWith('logs:')).sort()).toEqual([
        'logs:CreateLogStream',
        'logs:DescribeLogGroups',
        'logs:DescribeLogStreams',
        'logs:PutLogEvents',
      ]);
    });
  });

  describe('props', () => {
    const build = (props: Partial<BeanstalkAppProps>) => {
      const { stack, network } = networkFixture();
      return new BeanstalkApp(stack, 'Beanstalk', {
        network,
        ...PRODUCTION.beanstalk!,
        logRetention: RetentionDays.ONE_WEEK,
        removalPolicy: RemovalPolicy.DESTROY,
        ...props,
      });
    };

    test.each<[string, Partial<BeanstalkAppProps>, RegExp]>([
      [
        'an empty platform branch',
        { platformBranch: ' ' },
        /BeanstalkApp platformBranch must be a platform branch such as 'Node\.js 22 running on 64bit Amazon Linux 2023' \(list them with aws elasticbeanstalk list-platform-branches\), got ' '/,
      ],
      [
        'a pinned solution stack instead of a branch',
        { platformBranch: '64bit Amazon Linux 2023 v6.10.0 running Node.js 22' },
        /BeanstalkApp platformBranch must be a platform branch .*, got '64bit Amazon Linux 2023 v6\.10\.0 running Node\.js 22'/,
      ],
      [
        'an x86 instance type',
        { instanceType: 't3.small' },
        /BeanstalkApp instanceType must be a Graviton \(ARM\) instance type such as t4g\.small, got 't3\.small'/,
      ],
      [
        'min above max',
        { minInstances: 5, maxInstances: 4 },
        /BeanstalkApp minInstances must be a whole number from 1 to 4 \(between 1 and maxInstances\), got 5/,
      ],
    ])('fails on %s', (_what, props, message) => {
      expect(() => build(props)).toThrow(message);
    });
  });
});
