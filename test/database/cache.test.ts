import { RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { PRODUCTION } from '../../lib/config';
import { Cache, CacheProps } from '../../lib/database/cache';
import { stackTemplate } from '../support/assembly';
import { networkFixture } from '../support/fixtures';
import { expectProperties, referrersOf, refTarget, resourceAt, resourceOf } from '../support/select';

describe('Cache', () => {
  test('sandbox: switched off, so there is no ElastiCache resource at all', () => {
    const template = stackTemplate('sandbox', 'Data');
    for (const type of ['AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::SubnetGroup']) template.resourceCountIs(type, 0);
  });

  describe('production', () => {
    const template = stackTemplate('production', 'Data');
    const group = resourceAt('production', 'Data', 'Cache', 'AWS::ElastiCache::ReplicationGroup');
    const cache = PRODUCTION.cache!;

    test('Valkey, encrypted at rest with a customer key and in transit, with an AUTH token from Secrets Manager', () => {
      expect(group.Properties).toMatchObject({ Engine: 'valkey', AtRestEncryptionEnabled: true, TransitEncryptionEnabled: true, Port: 6379 });
      expect(group.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^CacheKey/), 'Arn'] });
      const key = refTarget(template, group.Properties.KmsKeyId, 'AWS::KMS::Key');
      // A dynamic reference that CloudFormation resolves at deploy time: the token never appears in the template.
      expect(JSON.stringify(group.Properties.AuthToken)).toMatch(/\{\{resolve:secretsmanager:/);
      // … to the AUTH token secret of this cache, encrypted with the same key.
      const [prefix, secretRef] = (group.Properties.AuthToken as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
      expect(prefix).toBe('{{resolve:secretsmanager:');
      const secret = refTarget(template, secretRef, 'AWS::SecretsManager::Secret');
      expect(refTarget(template, secret.Properties.KmsKeyId).id).toBe(key.id);
    });

    test(`Multi-AZ with automatic failover: ${cache.nodes} nodes in ${cache.nodes} different availability zones`, () => {
      expect(group.Properties).toMatchObject({ MultiAZEnabled: cache.multiAz, AutomaticFailoverEnabled: cache.multiAz, NumCacheClusters: cache.nodes });
      const azs = group.Properties.PreferredCacheClusterAZs as string[];
      expect(azs).toHaveLength(cache.nodes);
      expect(new Set(azs).size).toBe(azs.length);
    });

    test(`in the isolated subnets behind the data security group, snapshots kept ${cache.snapshotRetentionDays} days, a final snapshot on delete`, () => {
      const subnets = refTarget(template, group.Properties.CacheSubnetGroupName, 'AWS::ElastiCache::SubnetGroup');
      expect(JSON.stringify(subnets.Properties.SubnetIds)).toMatch(/IsolatedSubnet/);
      expect(JSON.stringify(group.Properties.SecurityGroupIds)).toMatch(/NetworkDataSecurityGroup/);
      expect(group.Properties.SnapshotRetentionLimit).toBe(cache.snapshotRetentionDays);
      expect(group.DeletionPolicy).toBe('Snapshot');
    });

    test('slow and engine logs go to encrypted log groups', () => {
      const deliveries = group.Properties.LogDeliveryConfigurations as {
        LogType: string;
        DestinationType: string;
        DestinationDetails: { CloudWatchLogsDetails: { LogGroup: unknown } };
      }[];
      expect(deliveries.map((d) => `${d.LogType}→${d.DestinationType}`)).toEqual(['slow-log→cloudwatch-logs', 'engine-log→cloudwatch-logs']);
      // Each delivery's own log group, encrypted with a customer key.
      const logGroups = deliveries.map((d) => refTarget(template, d.DestinationDetails.CloudWatchLogsDetails.LogGroup, 'AWS::Logs::LogGroup'));
      expect(new Set(logGroups.map((g) => g.id)).size).toBe(2);
      for (const logGroup of logGroups) {
        expectProperties(logGroup, { KmsKeyId: Match.anyValue() });
        refTarget(template, logGroup.Properties.KmsKeyId, 'AWS::KMS::Key');
      }
    });

    test('alarms on CPU, memory and evictions of the busiest node', () => {
      // The alarms on this replication group's nodes.
      const alarms = referrersOf(template, group, 'AWS::CloudWatch::Alarm').filter((a) => JSON.stringify(a.Properties).includes('AWS/ElastiCache'));
      const metricNames = alarms.map((a) => JSON.stringify(a.Properties).match(/"MetricName":"(\w+)"/)![1]).sort();
      expect(metricNames).toEqual(['DatabaseMemoryUsagePercentage', 'EngineCPUUtilization', 'Evictions']);
    });
  });

  describe('props', () => {
    const build = (props: Partial<CacheProps>) => {
      const { stack, network, topic } = networkFixture();
      const cache = new Cache(stack, 'Cache', {
        network,
        alarmTopic: topic,
        nodeType: 'cache.t4g.micro',
        nodes: 1,
        multiAz: false,
        snapshotRetentionDays: 1,
        removalPolicy: RemovalPolicy.DESTROY,
        logRetention: RetentionDays.ONE_WEEK,
        ...props,
      });
      return { template: Template.fromStack(stack), cache };
    };

    test('a single node without Multi-AZ is allowed (and has no failover)', () => {
      const { template, cache } = build({});
      expectProperties(resourceOf(template, cache.replicationGroup, 'AWS::ElastiCache::ReplicationGroup'), {
        NumCacheClusters: 1,
        MultiAZEnabled: false,
        AutomaticFailoverEnabled: false,
      });
    });

    test.each<[string, Partial<CacheProps>, RegExp]>([
      ['Multi-AZ with one node', { multiAz: true, nodes: 1 }, /Cache multiAz needs at least 2 nodes \(a primary and a replica to fail over to\), got 1/],
      ['more than 6 nodes', { nodes: 7 }, /Cache nodes must be a whole number from 1 to 6.*got 7/],
      [
        'a node type without the cache. prefix',
        { nodeType: 't4g.micro' },
        /Cache nodeType must be an ElastiCache node type such as cache\.t4g\.micro, got 't4g\.micro'/,
      ],
      ['snapshots kept longer than 35 days', { snapshotRetentionDays: 36 }, /Cache snapshotRetentionDays must be a whole number from 0 to 35.*got 36/],
    ])('fails on %s', (_what, props, message) => {
      expect(() => build(props)).toThrow(message);
    });
  });
});
