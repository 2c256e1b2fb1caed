import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Network } from '../../lib/networking/network';
import { unitTestApp } from './app';

/** A stack with a small two-AZ network and an alarm topic, for constructs that need both. */
export function networkFixture(): { stack: Stack; network: Network; topic: sns.ITopic } {
  const stack = new Stack(unitTestApp(), 'Fixture', { env: { region: 'ap-northeast-2' } });
  const network = new Network(stack, 'Network', {
    availabilityZones: ['ap-northeast-2a', 'ap-northeast-2c'],
    vpcCidr: '10.0.0.0/16',
    natGateways: 1,
    flowLogRetention: RetentionDays.ONE_WEEK,
    systemsManagerEndpoints: false,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  return { stack, network, topic: new sns.Topic(stack, 'Topic') };
}

/** Every resource of a type with its properties, for checks across all of them. */
export function resourcesOf(template: Template, type: string): { id: string; props: Record<string, unknown>; resource: Record<string, unknown> }[] {
  return Object.entries(template.findResources(type)).map(([id, resource]) => ({
    id,
    props: (resource as { Properties?: Record<string, unknown> }).Properties ?? {},
    resource,
  }));
}
