import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { PRESETS } from '../../lib/config';
import { CONTAINER_IMAGE, ContainerService, ContainerServiceProps } from '../../lib/compute/container-service';
import { stackTemplate } from '../support/assembly';
import { networkFixture } from '../support/fixtures';
import { expectProperties, expectSomeProperties, referrersOf, refTarget, resourceAt } from '../support/select';

describe('ContainerService', () => {
  describe.each(['sandbox', 'production'] as const)('%s stage', (stage) => {
    const template = stackTemplate(stage, 'Compute');
    const config = PRESETS[stage].containers;
    // The service, and what it references: its task definition, cluster and target group.
    const service = resourceAt(stage, 'Compute', 'Containers/Service/Service', 'AWS::ECS::Service');
    const task = refTarget(template, service.Properties.TaskDefinition, 'AWS::ECS::TaskDefinition');
    const [container] = task.Properties.ContainerDefinitions as Record<string, unknown>[];

    test('a cluster with Container Insights', () => {
      const cluster = refTarget(template, service.Properties.Cluster, 'AWS::ECS::Cluster');
      expectProperties(cluster, { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] });
    });

    test(`a Fargate task on ARM64 (${config.cpu} CPU units, ${config.memoryMiB} MiB) running the public image by URI`, () => {
      expect(task.Properties).toMatchObject({
        RequiresCompatibilities: ['FARGATE'],
        NetworkMode: 'awsvpc',
        Cpu: String(config.cpu),
        Memory: String(config.memoryMiB),
        RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
      });
      expect(container).toMatchObject({ Image: CONTAINER_IMAGE, ReadonlyRootFilesystem: true, User: '65534', Privileged: false, Memory: config.memoryMiB });
      expect(container.LogConfiguration).toMatchObject({ LogDriver: 'awslogs' });
    });

    test('the task role has no permissions (the container calls no AWS API)', () => {
      const role = refTarget(template, task.Properties.TaskRoleArn, 'AWS::IAM::Role');
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.Policies).toBeUndefined();
      const attached = referrersOf(template, role, 'AWS::IAM::Policy', 'Roles');
      expect(attached).toEqual([]);
    });

    test('the service: application subnets, application security group, no public IP, circuit breaker with rollback', () => {
      expect(service.Properties).toMatchObject({
        DesiredCount: config.desiredCount,
        LaunchType: 'FARGATE',
        DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: true }, MinimumHealthyPercent: 100, MaximumPercent: 200 },
        NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED' } },
      });
      const network = JSON.stringify(service.Properties.NetworkConfiguration);
      expect(network).toMatch(/ApplicationSubnet/);
      expect(network).toMatch(/NetworkApplicationSecurityGroup/);
    });

    test('reached through the load balancer by a path-based listener rule', () => {
      // The service's target group, the listener rule that forwards to it, and that rule's listener and load balancer.
      const loadBalancers = service.Properties.LoadBalancers as { TargetGroupArn: unknown }[];
      expect(loadBalancers).toHaveLength(1);
      const targetGroup = refTarget(template, loadBalancers[0].TargetGroupArn, 'AWS::ElasticLoadBalancingV2::TargetGroup');
      const rules = referrersOf(template, targetGroup, 'AWS::ElasticLoadBalancingV2::ListenerRule', 'Actions');
      expect(rules).toHaveLength(1);
      expectProperties(rules[0], {
        Priority: 10,
        Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/containers', '/containers/*'] } }],
      });
      const listener = refTarget(template, rules[0].Properties.ListenerArn, 'AWS::ElasticLoadBalancingV2::Listener');
      refTarget(template, listener.Properties.LoadBalancerArn, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    });

    test(`service auto scaling on CPU between ${config.desiredCount} and ${config.maxCount} tasks`, () => {
      // The scalable target of this service, and its scaling policies.
      const targets = referrersOf(template, service, 'AWS::ApplicationAutoScaling::ScalableTarget', 'ResourceId');
      expect(targets).toHaveLength(1);
      expectProperties(targets[0], { MinCapacity: config.desiredCount, MaxCapacity: config.maxCount, ScalableDimension: 'ecs:service:DesiredCount' });
      expectSomeProperties(referrersOf(template, targets[0], 'AWS::ApplicationAutoScaling::ScalingPolicy', 'ScalingTargetId'), {
        TargetTrackingScalingPolicyConfiguration: {
          PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
          TargetValue: 60,
        },
      });
    });

    test('alarms on CPU and memory of the service', () => {
      // The alarms on this service's metrics.
      const alarms = referrersOf(template, service, 'AWS::CloudWatch::Alarm', 'Dimensions');
      const names = alarms
        .filter((a) => a.Properties.Namespace === 'AWS/ECS')
        .map((a) => a.Properties.MetricName)
        .sort();
      expect(names).toEqual(['CPUUtilization', 'MemoryUtilization']);
    });
  });

  describe('props', () => {
    const build = (props: Partial<ContainerServiceProps>) => {
      const { stack, network, topic } = networkFixture();
      const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc: network.vpc, internetFacing: true });
      const listener = loadBalancer.addListener('Http', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(404) });
      return new ContainerService(stack, 'Containers', {
        network,
        listener,
        alarmTopic: topic,
        cpu: 256,
        memoryMiB: 512,
        desiredCount: 1,
        maxCount: 2,
        logRetention: RetentionDays.ONE_WEEK,
        removalPolicy: RemovalPolicy.DESTROY,
        ...props,
      });
    };

    test.each<[string, Partial<ContainerServiceProps>, RegExp]>([
      ['a CPU size Fargate does not offer', { cpu: 300 }, /ContainerService cpu must be one of 256, 512, 1024, 2048, 4096 \(Fargate task sizes\), got 300/],
      [
        'memory that does not fit the CPU',
        { cpu: 256, memoryMiB: 4096 },
        /ContainerService memoryMiB must be one of 512, 1024, 2048 for 256 CPU units \(Fargate task sizes\), got 4096/,
      ],
      ['no running task', { desiredCount: 0 }, /ContainerService desiredCount must be a whole number from 1 to 100, got 0/],
      [
        'a ceiling below the desired count',
        { desiredCount: 3, maxCount: 2 },
        /ContainerService maxCount must be a whole number from 3 to 100 \(at least desiredCount\), got 2/,
      ],
    ])('fails on %s', (_what, props, message) => {
      expect(() => build(props)).toThrow(message);
    });
  });
});
