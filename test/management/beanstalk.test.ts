import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { PRODUCTION } from '../../lib/config';
import { BeanstalkApp, BeanstalkAppProps } from '../../lib/management/beanstalk';
import { stackTemplate } from '../support/assembly';
import { networkFixture, resourcesOf } from '../support/fixtures';

describe('BeanstalkApp', () => {
  test('sandbox: switched off, no Elastic Beanstalk resource at all', () => {
    const template = stackTemplate('sandbox', 'Compute');
    for (const type of ['AWS::ElasticBeanstalk::Application', 'AWS::ElasticBeanstalk::ApplicationVersion', 'AWS::ElasticBeanstalk::Environment']) template.resourceCountIs(type, 0);
  });

  describe('production', () => {
    const template = stackTemplate('production', 'Compute');
    const [environment] = resourcesOf(template, 'AWS::ElasticBeanstalk::Environment');
    const settings = Object.fromEntries(
      (environment.props.OptionSettings as { Namespace: string; OptionName: string; Value: unknown }[]).map((o) => [`${o.Namespace}:${o.OptionName}`, o.Value]),
    );

    test('an application version from the sample app zipped as an S3 asset, on the pinned platform', () => {
      const [version] = resourcesOf(template, 'AWS::ElasticBeanstalk::ApplicationVersion');
      expect(JSON.stringify(version.props.SourceBundle)).toMatch(/\.zip/);
      expect(environment.props.SolutionStackName).toBe(PRODUCTION.beanstalk!.solutionStackName);
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
      expect(actions.filter((a) => a.startsWith('logs:')).sort()).toEqual(['logs:CreateLogStream', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams', 'logs:PutLogEvents']);
    });
  });

  describe('props', () => {
    const build = (props: Partial<BeanstalkAppProps>) => {
      const { stack, network } = networkFixture();
      return new BeanstalkApp(stack, 'Beanstalk', { network, ...PRODUCTION.beanstalk!, logRetention: RetentionDays.ONE_WEEK, ...props });
    };

    test.each<[string, Partial<BeanstalkAppProps>, RegExp]>([
      ['an empty platform name', { solutionStackName: ' ' }, /BeanstalkApp solutionStackName must name a platform \(list them with aws elasticbeanstalk list-available-solution-stacks\), got ' '/],
      ['an x86 instance type', { instanceType: 't3.small' }, /BeanstalkApp instanceType must be a Graviton \(ARM\) instance type such as t4g\.small, got 't3\.small'/],
      ['min above max', { minInstances: 5, maxInstances: 4 }, /BeanstalkApp minInstances must be a whole number from 1 to 4 \(between 1 and maxInstances\), got 5/],
    ])('fails on %s', (_what, props, message) => {
      expect(() => build(props)).toThrow(message);
    });
  });
});
