import { Match } from 'aws-cdk-lib/assertions';
import { stackTemplate } from '../support/assembly';
import { resourcesOf } from '../support/fixtures';

describe('AuditTrail', () => {
  describe.each(['sandbox', 'production'] as const)('%s stage', (stage) => {
    const template = stackTemplate(stage, 'Audit');
    const production = stage === 'production';

    test('one trail for all regions with log file validation, KMS encryption and CloudWatch Logs delivery', () => {
      template.hasResourceProperties('AWS::CloudTrail::Trail', {
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: true,
        EnableLogFileValidation: true,
        IsLogging: true,
        KMSKeyId: Match.anyValue(),
        CloudWatchLogsLogGroupArn: Match.anyValue(),
        CloudWatchLogsRoleArn: Match.anyValue(),
      });
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    });

    test('management events plus S3 data events of the content bucket', () => {
      template.hasResourceProperties('AWS::CloudTrail::Trail', {
        EventSelectors: [
          { IncludeManagementEvents: true, ReadWriteType: 'All' },
          {
            IncludeManagementEvents: false,
            ReadWriteType: 'All',
            DataResources: [{ Type: 'AWS::S3::Object', Values: [{ 'Fn::Join': ['', [Match.objectLike({ 'Fn::GetStackOutput': Match.objectLike({ StackName: `${stage}-Edge` }) }), '/']] }] }],
          },
        ],
      });
    });

    test('the trail bucket is KMS-encrypted, private, TLS-only, access-logged and moves files to Glacier after 90 days', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'trail-bucket/' }),
        LifecycleConfiguration: { Rules: [Match.objectLike({ Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 90 }] })] },
      });
    });

    test(`the trail bucket is ${production ? 'retained' : 'removed'} with the stack`, () => {
      for (const b of resourcesOf(template, 'AWS::S3::Bucket')) expect(b.resource.DeletionPolicy).toBe(production ? 'Retain' : 'Delete');
    });

    test(production ? 'trail files are locked for a year (Object Lock, governance mode)' : 'the sandbox trail bucket has no Object Lock, so cdk destroy can empty it', () => {
      const trailBucket = resourcesOf(template, 'AWS::S3::Bucket').find((b) => JSON.stringify(b.props.BucketEncryption).includes('aws:kms'))!;
      if (production) {
        expect(trailBucket.props).toMatchObject({ ObjectLockEnabled: true, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 365 } } } });
      } else {
        expect(trailBucket.props.ObjectLockEnabled).toBe(false);
        expect(trailBucket.props.ObjectLockConfiguration).toBeUndefined();
      }
    });

    test('CloudTrail may encrypt trail files of this account\'s trails with the key (checked when the trail is created)', () => {
      template.hasResourceProperties('AWS::KMS::Key', {
        Description: 'Encrypts the CloudTrail trail files',
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Sid: 'AllowCloudTrailToEncryptTrailFiles',
              Principal: { Service: 'cloudtrail.amazonaws.com' },
              Action: 'kms:GenerateDataKey*',
              Condition: { StringEquals: { 'aws:SourceAccount': Match.anyValue() }, StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': Match.anyValue() } },
            }),
            Match.objectLike({ Sid: 'AllowCloudTrailToDescribeKey', Action: 'kms:DescribeKey' }),
          ]),
        },
      });
    });

    test('every bucket sends its events to EventBridge', () => {
      for (const b of resourcesOf(template, 'AWS::S3::Bucket')) expect(b.props.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    });

    test('the CloudWatch Logs copy is encrypted with a retention', () => {
      template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: Match.anyValue(), RetentionInDays: production ? 365 : 7 });
    });
  });
});
