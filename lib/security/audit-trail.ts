import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge, guard } from '../compliance/acknowledge';
import { GRANT_POLICY, SINGLE_REGION_BUCKET } from '../compliance/common-exceptions';
import { acknowledgeAutoDeleteProvider, sendEventsToEventBridge, privateBucketProps } from '../shared/buckets';
import { EncryptedLogGroup } from '../shared/encrypted-log-group';
import { LogBucket } from '../shared/log-bucket';
import { requireInteger } from '../shared/validate';
import { rotatingKey } from '../shared/rotating-key';

/** Where data is retained, trail files are locked (S3 Object Lock, governance mode) this long. */
export const TRAIL_LOCK_RETENTION = Duration.days(365);

/** Properties of an `AuditTrail`. */
export interface AuditTrailProps {
  /** Buckets whose object-level (data) events are recorded as well. */
  readonly dataEventBuckets: readonly s3.IBucket[];
  /** Retention of the CloudWatch Logs copy of the trail. */
  readonly logRetention: logs.RetentionDays;
  /** `RETAIN` keeps the trail bucket and key (production); `DESTROY` empties and deletes them. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * Age in days at which trail files move to Glacier Flexible Retrieval.
   *
   * @default 90
   */
  readonly archiveAfterDays?: number;
}

/**
 * The study's CloudTrail: who did what, when, from where. One trail for all regions with log file validation,
 * encrypted with a rotating customer-managed key, delivered to a dedicated TLS-only bucket (moved to Glacier after
 * 90 days; locked against deletion for a year where data is retained) and to CloudWatch Logs; management events plus S3 data events for the given buckets.
 */
export class AuditTrail extends Construct {
  /** The trail. */
  public readonly trail: cloudtrail.Trail;
  /** The bucket that receives the trail files. */
  public readonly bucket: s3.IBucket;
  /** The key that encrypts the trail files. */
  public readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const archiveAfterDays = props.archiveAfterDays ?? 90;
    requireInteger('AuditTrail', 'archiveAfterDays', archiveAfterDays, 1, 3650);
    const destroy = props.removalPolicy === RemovalPolicy.DESTROY;

    const key = rotatingKey(this, 'Key', 'Encrypts the CloudTrail trail files', props.removalPolicy);
    // CloudTrail checks when the trail is created that it may encrypt with the key (the Trail L2 does not add this):
    // trails of this account only, as the CloudTrail documentation's key policy has it.
    const stack = Stack.of(this);
    const cloudTrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudTrailToEncryptTrailFiles',
        principals: [cloudTrail],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${stack.partition}:cloudtrail:*:${stack.account}:trail/*` },
        },
      }),
    );
    key.addToResourcePolicy(
      new iam.PolicyStatement({ sid: 'AllowCloudTrailToDescribeKey', principals: [cloudTrail], actions: ['kms:DescribeKey'], resources: ['*'] }),
    );
    this.encryptionKey = key;
    const accessLogs = new LogBucket(this, 'AccessLogs', { removalPolicy: props.removalPolicy }).bucket;
    const bucket = new s3.Bucket(this, 'Bucket', {
      ...privateBucketProps(key, accessLogs, 'trail-bucket/'),
      lifecycleRules: [
        {
          transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(archiveAfterDays) }],
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: destroy,
      // Where data is retained, trail files cannot be deleted or overwritten for a year, not even by an
      // administrator without the governance-bypass permission: log file validation detects tampering, the lock prevents it.
      objectLockEnabled: !destroy,
      objectLockDefaultRetention: destroy ? undefined : s3.ObjectLockRetention.governance(TRAIL_LOCK_RETENTION),
    });
    sendEventsToEventBridge(bucket);
    acknowledgeAutoDeleteProvider(bucket);
    acknowledge(bucket, SINGLE_REGION_BUCKET);
    if (destroy) {
      acknowledge(bucket, {
        id: guard('s3_bucket_object_lock_enabled_check'),
        reason:
          'The sandbox trail bucket must be emptied and deleted by cdk destroy, which Object Lock forbids; production locks trail files for a year in governance mode.',
      });
    }
    this.bucket = bucket;
    const logGroup = new EncryptedLogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: props.removalPolicy });

    this.trail = new cloudtrail.Trail(this, 'Resource', {
      bucket,
      encryptionKey: key,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: logGroup.logGroup,
      managementEvents: cloudtrail.ReadWriteType.ALL,
    });
    // The role CloudTrail assumes to write to CloudWatch Logs gets a grant on exactly that log group.
    acknowledge(this.trail, GRANT_POLICY);
    if (props.dataEventBuckets.length > 0) {
      this.trail.addS3EventSelector(
        props.dataEventBuckets.map((b) => ({ bucket: b })),
        {
          readWriteType: cloudtrail.ReadWriteType.ALL,
          includeManagementEvents: false,
        },
      );
    }
  }
}
