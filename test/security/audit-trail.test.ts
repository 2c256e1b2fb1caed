import { Match } from 'aws-cdk-lib/assertions';
import { PRESETS } from '../../lib/config';
import { stackTemplate } from '../support/assembly';
import { resourcesOf } from '../support/fixtures';
import { at, expectProperties, referrersOf, refTarget, resourceAt, stackOutputTarget } from '../support/select';

describe('AuditTrail', () => {
  describe.each(['sandbox', 'production'] as const)('%s stage', (stage) => {
    const template = stackTemplate(stage, 'Audit');
    const production = stage === 'production';
    // The trail, and what it references: its bucket, key, log group and role.
    const trail = () => resourceAt(stage, 'Audit', 'AuditTrail', 'AWS::CloudTrail::Trail');
    const trailBucket = () => refTarget(template, trail().Properties.S3BucketName, 'AWS::S3::Bucket');
    const trailKey = () => refTarget(template, trail().Properties.KMSKeyId, 'AWS::KMS::Key');

    test('one trail for all regions with log file validation, KMS encryption and CloudWatch Logs delivery', () => {
      template.resourceCountIs('AWS::CloudTrail::Trail', 1);
      const t = trail();
      expectProperties(t, {
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: true,
        EnableLogFileValidation: true,
        IsLogging: true,
        KMSKeyId: Match.anyValue(),
        CloudWatchLogsLogGroupArn: Match.anyValue(),
        CloudWatchLogsRoleArn: Match.anyValue(),
      });
      expectProperties(trailKey(), { EnableKeyRotation: true });
      refTarget(template, t.Properties.CloudWatchLogsLogGroupArn, 'AWS::Logs::LogGroup');
      refTarget(template, t.Properties.CloudWatchLogsRoleArn, 'AWS::IAM::Role');
    });

    test(`management events plus S3 data events of the content bucket${PRESETS[stage].standby ? ' and its replica in the standby region' : ''}`, () => {
      const t = trail();
      const bucketObjects = (stackName: string) => ({
        'Fn::Join': ['', [Match.objectLike({ 'Fn::GetStackOutput': Match.objectLike({ StackName: stackName }) }), '/']],
      });
      expectProperties(t, {
        EventSelectors: [
          { IncludeManagementEvents: true, ReadWriteType: 'All' },
          {
            IncludeManagementEvents: false,
            ReadWriteType: 'All',
            DataResources: [
              {
                Type: 'AWS::S3::Object',
                Values: [bucketObjects(`${stage}-Edge`), ...(PRESETS[stage].standby ? [bucketObjects(`${stage}-StandbyData`)] : [])],
              },
            ],
          },
        ],
      });
      // The data resources are the buckets the distribution serves: the content bucket of the Edge stack, and its
      // replica (the origin group's fallback) where the stage has one.
      const [, dataEvents] = t.Properties.EventSelectors as { DataResources: { Values: { 'Fn::Join': [string, unknown[]] }[] }[] }[];
      const buckets = dataEvents.DataResources[0].Values.map((value) => stackOutputTarget(stage, value['Fn::Join'][1][0], 'AWS::S3::Bucket'));
      const distribution = resourceAt(stage, 'Edge', 'ContentDelivery/Distribution', 'AWS::CloudFront::Distribution');
      const edge = stackTemplate(stage, 'Edge');
      const origins = at(distribution.Properties, 'DistributionConfig', 'Origins') as { DomainName: unknown }[];
      const originBucket = (domainName: unknown) =>
        (domainName as Record<string, unknown>)['Fn::GetStackOutput'] ? stackOutputTarget(stage, domainName).resource.id : refTarget(edge, domainName).id;
      expect(origins.map((o) => originBucket(o.DomainName))).toEqual(buckets.map((b) => b.resource.id));
    });

    test('the trail bucket is KMS-encrypted, private, TLS-only, access-logged and moves files to Glacier after 90 days', () => {
      expectProperties(trailBucket(), {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })],
        },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'trail-bucket/' }),
        LifecycleConfiguration: { Rules: [Match.objectLike({ Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 90 }] })] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      });
      const policies = referrersOf(template, trailBucket(), 'AWS::S3::BucketPolicy', 'Bucket');
      expect(policies).toHaveLength(1);
      expectProperties(policies[0], {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    });

    test(`the trail bucket is ${production ? 'retained' : 'removed'} with the stack`, () => {
      expect(trailBucket().DeletionPolicy).toBe(production ? 'Retain' : 'Delete');
      // And so is its access log bucket (every bucket of the stack).
      for (const b of resourcesOf(template, 'AWS::S3::Bucket')) expect(b.resource.DeletionPolicy).toBe(production ? 'Retain' : 'Delete');
    });

    test(
      production
        ? 'trail files are locked for a year (Object Lock, governance mode)'
        : 'the sandbox trail bucket has no Object Lock, so cdk destroy can empty it',
      () => {
        const bucket = trailBucket();
        if (production) {
          expect(bucket.Properties).toMatchObject({
            ObjectLockEnabled: true,
            ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 365 } } },
          });
        } else {
          expect(bucket.Properties.ObjectLockEnabled).toBe(false);
          expect(bucket.Properties.ObjectLockConfiguration).toBeUndefined();
        }
      },
    );

    test("CloudTrail may encrypt trail files of this account's trails with the key (checked when the trail is created)", () => {
      expectProperties(trailKey(), {
        Description: 'Encrypts the CloudTrail trail files',
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Sid: 'AllowCloudTrailToEncryptTrailFiles',
              Principal: { Service: 'cloudtrail.amazonaws.com' },
              Action: 'kms:GenerateDataKey*',
              Condition: {
                StringEquals: { 'aws:SourceAccount': Match.anyValue() },
                StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': Match.anyValue() },
              },
            }),
            Match.objectLike({ Sid: 'AllowCloudTrailToDescribeKey', Action: 'kms:DescribeKey' }),
          ]),
        },
      });
    });

    test('every bucket sends its events to EventBridge', () => {
      for (const b of resourcesOf(template, 'AWS::S3::Bucket'))
        expect(b.props.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    });

    test('the CloudWatch Logs copy is encrypted with a retention', () => {
      const logGroup = refTarget(template, trail().Properties.CloudWatchLogsLogGroupArn, 'AWS::Logs::LogGroup');
      expectProperties(logGroup, { KmsKeyId: Match.anyValue(), RetentionInDays: PRESETS[stage].logRetention });
      refTarget(template, logGroup.Properties.KmsKeyId, 'AWS::KMS::Key');
    });
  });
});
