import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { PRESETS } from '../../lib/config';
import { ContentDelivery, ContentDeliveryProps, ORIGIN_FAILOVER_STATUS_CODES, REPLICATION_RULE_ID } from '../../lib/storage/content-delivery';
import { unitTestApp } from '../support/app';
import { stackTemplate } from '../support/assembly';
import { resourcesOf } from '../support/fixtures';
import { at, expectProperties, referencedIds, referrersOf, refTarget, resourceAt, resourceOf, resourcesOfType, stackOutputTarget } from '../support/select';

describe('ContentDelivery', () => {
  describe.each(['sandbox', 'production'] as const)('%s stage', (stage) => {
    const template = stackTemplate(stage, 'Edge');
    const production = stage === 'production';
    // The distribution, and the content bucket it serves: its only origin, or with a standby region the primary of
    // its origin group.
    const distribution = () => resourceAt(stage, 'Edge', 'ContentDelivery/Distribution', 'AWS::CloudFront::Distribution');
    type Origin = { Id: string; DomainName: unknown; OriginAccessControlId: unknown };
    const origins = () => at(distribution().Properties, 'DistributionConfig', 'Origins') as Origin[];
    const originGroups = () => (at(distribution().Properties, 'DistributionConfig', 'OriginGroups') ?? { Items: [] }) as { Items: Record<string, unknown>[] };
    const origin = () => {
      if (!production) {
        expect(origins()).toHaveLength(1);
        return origins()[0];
      }
      const primaryId = at(originGroups().Items[0], 'Members', 'Items', 0, 'OriginId');
      return origins().find((o) => o.Id === primaryId)!;
    };
    const contentBucket = () => refTarget(template, origin().DomainName, 'AWS::S3::Bucket');
    const deployment = () => resourceAt(stage, 'Edge', 'ContentDelivery/SampleSite/CustomResource', 'Custom::CDKBucketDeployment');

    test('the content bucket is private, encrypted, versioned, access-logged and TLS-only', () => {
      const bucket = contentBucket();
      expectProperties(bucket, {
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: Match.anyValue(),
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'content-bucket/' },
      });
      refTarget(template, at(bucket.Properties, 'LoggingConfiguration', 'DestinationBucketName'), 'AWS::S3::Bucket');
      const policies = referrersOf(template, bucket, 'AWS::S3::BucketPolicy', 'Bucket');
      expect(policies).toHaveLength(1);
      expectProperties(policies[0], {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    });

    test('only CloudFront reads the bucket, through Origin Access Control scoped to this distribution', () => {
      // One Origin Access Control per origin: the bucket's, and the replica's where there is one.
      template.resourceCountIs('AWS::CloudFront::OriginAccessControl', production ? 2 : 1);
      refTarget(template, origin().OriginAccessControlId, 'AWS::CloudFront::OriginAccessControl');
      // The content bucket's policy: CloudFront may read, only on behalf of this distribution.
      const policies = referrersOf(template, contentBucket(), 'AWS::S3::BucketPolicy', 'Bucket');
      expect(policies).toHaveLength(1);
      expectProperties(policies[0], {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'cloudfront.amazonaws.com' },
              Action: 's3:GetObject',
              Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
            }),
          ]),
        },
      });
      const statements = at(policies[0].Properties, 'PolicyDocument', 'Statement') as { Principal?: { Service?: string }; Condition?: unknown }[];
      const cloudFront = statements.filter((st) => st.Principal?.Service === 'cloudfront.amazonaws.com');
      expect(cloudFront.length).toBeGreaterThan(0);
      for (const st of cloudFront) expect([...referencedIds(st.Condition)]).toEqual([distribution().id]);
    });

    test('the distribution redirects to HTTPS, compresses, adds security headers, logs, and serves index.html', () => {
      expectProperties(distribution(), {
        DistributionConfig: Match.objectLike({
          DefaultRootObject: 'index.html',
          PriceClass: PRESETS[stage].edge.priceClass,
          HttpVersion: 'http2and3',
          Logging: Match.objectLike({ Bucket: Match.anyValue(), Prefix: 'cloudfront/' }),
          DefaultCacheBehavior: Match.objectLike({
            ViewerProtocolPolicy: 'redirect-to-https',
            Compress: true,
            ResponseHeadersPolicyId: '67f7725c-6f97-4210-82d7-5512b31e9d03',
          }),
        }),
      });
    });

    test('a sample site is deployed to the bucket and invalidated in CloudFront', () => {
      const d = deployment();
      expectProperties(d, { DistributionPaths: ['/*'], RetainOnDelete: production });
      expect(refTarget(template, d.Properties.DestinationBucketName).id).toBe(contentBucket().id);
      expect(refTarget(template, d.Properties.DistributionId).id).toBe(distribution().id);
    });

    test(`buckets are ${production ? 'retained' : 'emptied and removed'} with the stack`, () => {
      for (const bucket of resourcesOf(template, 'AWS::S3::Bucket')) {
        expect(bucket.resource.DeletionPolicy).toBe(production ? 'Retain' : 'Delete');
      }
      template.resourceCountIs('Custom::S3AutoDeleteObjects', production ? 0 : 2);
    });

    test('every bucket sends its events to EventBridge (object-created events trigger the functions), set on the bucket itself', () => {
      const buckets = resourcesOf(template, 'AWS::S3::Bucket');
      expect(buckets).toHaveLength(2);
      for (const bucket of buckets) {
        expect(bucket.props.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
      }
      // No notification custom resource (and no Lambda function behind it).
      template.resourceCountIs('Custom::S3BucketNotifications', 0);
    });

    test('the content bucket is encrypted with its own rotating key, which CloudFront may use to read', () => {
      const bucket = contentBucket();
      expectProperties(bucket, {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() } },
          ],
        },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'content-bucket/' }),
      });
      const key = refTarget(
        template,
        at(bucket.Properties, 'BucketEncryption', 'ServerSideEncryptionConfiguration', 0, 'ServerSideEncryptionByDefault', 'KMSMasterKeyID'),
        'AWS::KMS::Key',
      );
      expectProperties(key, {
        Description: 'Encrypts the content bucket',
        EnableKeyRotation: true,
        KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 'kms:Decrypt' })]) },
      });
    });

    test('old object versions expire after 30 days and incomplete uploads after 7', () => {
      expectProperties(contentBucket(), {
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'content-bucket/' }),
        LifecycleConfiguration: {
          Rules: [Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } })],
        },
      });
    });

    test('the sample-site deployment logs to an encrypted log group', () => {
      // Deployment → its provider function → the function's log group.
      const handler = refTarget(template, deployment().Properties.ServiceToken, 'AWS::Lambda::Function');
      const logGroup = refTarget(template, at(handler.Properties, 'LoggingConfig', 'LogGroup'), 'AWS::Logs::LogGroup');
      expectProperties(logGroup, { KmsKeyId: Match.anyValue(), RetentionInDays: PRESETS[stage].logRetention });
      refTarget(template, logGroup.Properties.KmsKeyId, 'AWS::KMS::Key');
      template.resourceCountIs('AWS::Logs::LogGroup', 1);
    });

    test('the content bucket logical id is pinned', () => {
      expect(contentBucket().id).toBe('ContentDeliveryBucket1A2EE831');
      expect(
        resourcesOf(template, 'AWS::S3::Bucket')
          .map((b) => b.id)
          .sort(),
      ).toEqual(['ContentDeliveryBucket1A2EE831', 'ContentDeliveryLogsCA05F721']);
    });
  });

  describe('production: the standby region holds a replica, and CloudFront fails over to it', () => {
    const template = stackTemplate('production', 'Edge');
    const standby = PRESETS.production.standby!;
    const distribution = () => resourceAt('production', 'Edge', 'ContentDelivery/Distribution', 'AWS::CloudFront::Distribution');
    const contentBucket = () => resourceAt('production', 'Edge', 'ContentDelivery/Bucket', 'AWS::S3::Bucket');
    const replicaBucket = () => resourceAt('production', 'StandbyData', 'ContentReplica/Bucket', 'AWS::S3::Bucket');
    const replicaKey = () => resourceAt('production', 'StandbyData', 'ContentReplica/Key', 'AWS::KMS::Key');

    test('an origin group: the content bucket first, the replica (a Fn::GetStackOutput of the standby region) second, failing over on 5xx, 403 and 404', () => {
      const config = at(distribution().Properties, 'DistributionConfig') as Record<string, unknown>;
      const groups = at(config, 'OriginGroups', 'Items') as Record<string, unknown>[];
      expect(groups).toHaveLength(1);
      const [group] = groups;
      expect(at(group, 'FailoverCriteria', 'StatusCodes', 'Items')).toEqual(ORIGIN_FAILOVER_STATUS_CODES);
      expect([...ORIGIN_FAILOVER_STATUS_CODES].sort()).toEqual([403, 404, 500, 502, 503, 504]);
      const members = (at(group, 'Members', 'Items') as { OriginId: string }[]).map((m) => m.OriginId);
      const origins = at(config, 'Origins') as { Id: string; DomainName: unknown }[];
      const byId = (id: string) => origins.find((o) => o.Id === id)!;
      expect(members).toHaveLength(2);
      expect(refTarget(template, byId(members[0]).DomainName, 'AWS::S3::Bucket').id).toBe(contentBucket().id);
      const fallback = stackOutputTarget('production', byId(members[1]).DomainName, 'AWS::S3::Bucket');
      expect(fallback).toMatchObject({ stackId: 'StandbyData', resource: { id: replicaBucket().id } });
      expect(at(byId(members[1]).DomainName, 'Fn::GetStackOutput', 'Region')).toBe(standby.region);
      // The default behaviour uses the group, for GET and HEAD only (CloudFront fails over for those methods only).
      expect(at(config, 'DefaultCacheBehavior', 'TargetOriginId')).toBe(group.Id);
      expect(at(config, 'DefaultCacheBehavior', 'AllowedMethods')).toBeUndefined();
    });

    test('the content bucket replicates every new version and delete marker to the replica, encrypted with the replica key', () => {
      const replication = at(contentBucket().Properties, 'ReplicationConfiguration') as Record<string, unknown>;
      const rules = at(replication, 'Rules') as Record<string, unknown>[];
      expect(rules).toHaveLength(1);
      expect(rules[0]).toMatchObject({
        Status: 'Enabled',
        Filter: { Prefix: '' },
        DeleteMarkerReplication: { Status: 'Enabled' },
        SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
      });
      expect(stackOutputTarget('production', at(rules[0], 'Destination', 'Bucket'), 'AWS::S3::Bucket').resource.id).toBe(replicaBucket().id);
      expect(stackOutputTarget('production', at(rules[0], 'Destination', 'EncryptionConfiguration', 'ReplicaKmsKeyID'), 'AWS::KMS::Key').resource.id).toBe(
        replicaKey().id,
      );
    });

    test('the replication role is its own: S3 assumes it, it reads the source versions, writes replicas, and uses each key only through S3 in its region', () => {
      const role = refTarget(template, at(contentBucket().Properties, 'ReplicationConfiguration', 'Role'), 'AWS::IAM::Role');
      expect(at(role.Properties, 'AssumeRolePolicyDocument', 'Statement')).toEqual([
        expect.objectContaining({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 's3.amazonaws.com' } }),
      ]);
      const policies = referrersOf(template, role, 'AWS::IAM::Policy', 'Roles');
      expect(policies).toHaveLength(1);
      const statements = at(policies[0].Properties, 'PolicyDocument', 'Statement') as {
        Sid: string;
        Action: unknown;
        Resource: unknown;
        Condition?: unknown;
      }[];
      const sid = (name: string) => statements.find((st) => st.Sid === name)!;
      expect(statements.map((st) => st.Sid).sort()).toEqual([
        'DecryptSourceThroughS3',
        'EncryptReplicasThroughS3',
        'ReadReplicationConfiguration',
        'ReadSourceVersions',
        'WriteReplicas',
      ]);
      expect(refTarget(template, sid('ReadReplicationConfiguration').Resource).id).toBe(contentBucket().id);
      const sourceKey = refTarget(
        template,
        at(contentBucket().Properties, 'BucketEncryption', 'ServerSideEncryptionConfiguration', 0, 'ServerSideEncryptionByDefault', 'KMSMasterKeyID'),
        'AWS::KMS::Key',
      );
      expect(sid('DecryptSourceThroughS3')).toMatchObject({
        Action: 'kms:Decrypt',
        Condition: { StringEquals: { 'kms:ViaService': `s3.${PRESETS.production.region}.amazonaws.com` } },
      });
      expect(refTarget(template, sid('DecryptSourceThroughS3').Resource).id).toBe(sourceKey.id);
      // S3 Bucket Keys need kms:Decrypt on the replica key too.
      expect(sid('EncryptReplicasThroughS3')).toMatchObject({
        Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        Condition: { StringEquals: { 'kms:ViaService': `s3.${standby.region}.amazonaws.com` } },
      });
      expect(stackOutputTarget('production', sid('EncryptReplicasThroughS3').Resource, 'AWS::KMS::Key').resource.id).toBe(replicaKey().id);
      expect(sid('WriteReplicas').Action).toEqual(['s3:ReplicateDelete', 's3:ReplicateObject', 's3:ReplicateTags']);
      const replicaObjects = at(sid('WriteReplicas').Resource, 'Fn::Join', 1) as unknown[];
      expect(stackOutputTarget('production', replicaObjects[0], 'AWS::S3::Bucket').resource.id).toBe(replicaBucket().id);
      expect(replicaObjects[1]).toBe('/*');
    });

    test('replication metrics are on, without the event threshold S3 refuses unless Replication Time Control is on; failed replications alarm', () => {
      const [rule] = at(contentBucket().Properties, 'ReplicationConfiguration', 'Rules') as Record<string, unknown>[];
      expect(rule.Id).toBe(REPLICATION_RULE_ID);
      expect(at(rule, 'Destination', 'Metrics')).toEqual({ Status: 'Enabled' });
      expect(at(rule, 'Destination', 'ReplicationTime')).toBeUndefined();
      const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').filter((a) => a.Properties.MetricName === 'OperationsFailedReplication');
      expect(alarms).toHaveLength(1);
      const [alarm] = alarms;
      expect(alarm.Properties).toMatchObject({ Namespace: 'AWS/S3', Statistic: 'Sum', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
      const dimension = (name: string) => (alarm.Properties.Dimensions as { Name: string; Value: unknown }[]).find((d) => d.Name === name)!.Value;
      expect(refTarget(template, dimension('SourceBucket')).id).toBe(contentBucket().id);
      expect(stackOutputTarget('production', dimension('DestinationBucket'), 'AWS::S3::Bucket').resource.id).toBe(replicaBucket().id);
      expect(dimension('RuleId')).toBe(REPLICATION_RULE_ID);
      const topic = stackOutputTarget('production', (alarm.Properties.AlarmActions as unknown[])[0], 'AWS::SNS::Topic');
      expect(topic.stackId).toBe('Monitoring');
    });

    test('the sample site is uploaded only once the replication role may replicate it (S3 never retries a failed replication)', () => {
      const deployment = resourceAt('production', 'Edge', 'ContentDelivery/SampleSite/CustomResource', 'Custom::CDKBucketDeployment');
      const role = refTarget(template, at(contentBucket().Properties, 'ReplicationConfiguration', 'Role'), 'AWS::IAM::Role');
      const [policy] = referrersOf(template, role, 'AWS::IAM::Policy', 'Roles');
      expect(deployment.DependsOn).toEqual(expect.arrayContaining([role.id, policy.id]));
    });

    test('the replica is versioned (replication needs it), private, TLS-only, logged in its own region and encrypted with its own rotating key', () => {
      const data = stackTemplate('production', 'StandbyData');
      const replica = replicaBucket();
      expectProperties(replica, {
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'content-replica/' },
        LifecycleConfiguration: { Rules: [Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } })] },
      });
      refTarget(data, at(replica.Properties, 'LoggingConfiguration', 'DestinationBucketName'), 'AWS::S3::Bucket');
      const key = refTarget(
        data,
        at(replica.Properties, 'BucketEncryption', 'ServerSideEncryptionConfiguration', 0, 'ServerSideEncryptionByDefault', 'KMSMasterKeyID'),
        'AWS::KMS::Key',
      );
      expect(key.id).toBe(replicaKey().id);
      expectProperties(key, { EnableKeyRotation: true });
      expect(replica.DeletionPolicy).toBe('Retain');
    });

    test("CloudFront reads the replica and decrypts with its key, for this account's distributions only (the distribution's own id would be a cycle between the regions)", () => {
      const data = stackTemplate('production', 'StandbyData');
      const condition = {
        StringEquals: { 'AWS:SourceAccount': { Ref: 'AWS::AccountId' } },
        // The partition is a literal for a stack in a known region (@aws-cdk/core:enablePartitionLiterals).
        ArnLike: { 'AWS:SourceArn': { 'Fn::Join': ['', ['arn:aws:cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/*']] } },
      };
      const [policy] = referrersOf(data, replicaBucket(), 'AWS::S3::BucketPolicy', 'Bucket');
      expect(at(policy.Properties, 'PolicyDocument', 'Statement')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Sid: 'AllowCloudFrontOriginAccessControl',
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Condition: condition,
          }),
        ]),
      );
      expect(at(replicaKey().Properties, 'KeyPolicy', 'Statement')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Sid: 'AllowCloudFrontToDecryptReplicas',
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 'kms:Decrypt',
            Condition: condition,
          }),
        ]),
      );
    });
  });

  describe('props', () => {
    const build = (props: Partial<ContentDeliveryProps>) => {
      const stack = new Stack(unitTestApp(), 'Edge', { env: { region: 'ap-northeast-2' } });
      const contentDelivery = new ContentDelivery(stack, 'ContentDelivery', {
        priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
        removalPolicy: RemovalPolicy.DESTROY,
        logRetention: RetentionDays.ONE_WEEK,
        ...props,
      });
      return { template: Template.fromStack(stack), contentDelivery };
    };

    test('a custom domain with a us-east-1 certificate enforces TLS 1.2', () => {
      const { template, contentDelivery } = build({
        domainName: 'www.example.com',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abcd-1234',
      });
      expectProperties(resourceOf(template, contentDelivery.distribution, 'AWS::CloudFront::Distribution'), {
        DistributionConfig: Match.objectLike({
          Aliases: ['www.example.com'],
          ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' }),
        }),
      });
    });
    test('fails on a certificate outside us-east-1', () => {
      expect(() => build({ domainName: 'www.example.com', certificateArn: 'arn:aws:acm:ap-northeast-2:123456789012:certificate/abcd' })).toThrow(
        'ContentDelivery certificateArn must be in us-east-1 (CloudFront only uses certificates from there), got one in ap-northeast-2',
      );
    });
    test('fails on a domain without a certificate', () => {
      expect(() => build({ domainName: 'www.example.com' })).toThrow(
        /domainName and certificateArn go together, got domainName www\.example\.com and certificateArn unset/,
      );
    });
    test('fails on a malformed domain name', () => {
      expect(() => build({ domainName: 'Not A Domain', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abcd' })).toThrow(
        /ContentDelivery domainName must be a lower-case DNS name such as www\.example\.com, got 'Not A Domain'/,
      );
    });
  });
});
