import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../compliance/acknowledge';
import { NO_OBJECT_LOCK, SINGLE_REGION_BUCKET } from '../compliance/common-exceptions';
import { acknowledgeAutoDeleteProvider, sendEventsToEventBridge, privateBucketProps } from '../shared/buckets';
import { LogBucket } from '../shared/log-bucket';
import { rotatingKey } from '../shared/rotating-key';
import { requireInteger, requireThat } from '../shared/validate';

/**
 * Minimum storage durations (days) of the archive classes: an object deleted, overwritten or moved earlier is still
 * billed for them. The study: "deleted before 90 days is still billed for 90 days".
 */
export const MINIMUM_STORAGE_DAYS = { infrequentAccess: 30, glacier: 90, deepArchive: 180 } as const;

/** Properties of an `ArchiveBucket`. */
export interface ArchiveBucketProps {
  /** Age (days) at which objects move to S3 Standard-IA: at least 30 (S3 does not transition earlier). */
  readonly infrequentAccessAfterDays: number;
  /** Age (days) at which objects move to S3 Glacier Flexible Retrieval: after Standard-IA plus its 30-day minimum. */
  readonly glacierAfterDays: number;
  /** Age (days) at which objects move to S3 Glacier Deep Archive: after Glacier plus its 90-day minimum. */
  readonly deepArchiveAfterDays: number;
  /**
   * Age (days) at which objects expire: at least Deep Archive's 180-day minimum after they arrive there.
   *
   * @default - objects never expire
   */
  readonly expireAfterDays?: number;
  /** Days after which noncurrent (overwritten or deleted) versions expire: at least 1. */
  readonly noncurrentExpireAfterDays: number;
  /** `RETAIN` keeps the bucket (production); `DESTROY` empties and deletes it. */
  readonly removalPolicy: RemovalPolicy;
}

/** Checks an archive lifecycle against S3's rules and the classes' minimum storage durations; returns every problem (empty when valid). */
export function archiveLifecycleProblems(owner: string, p: Omit<ArchiveBucketProps, 'removalPolicy'>): string[] {
  const problems: string[] = [];
  const check = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      problems.push((error as Error).message);
    }
  };
  const { infrequentAccess, glacier, deepArchive } = MINIMUM_STORAGE_DAYS;
  check(() =>
    requireInteger(owner, 'infrequentAccessAfterDays', p.infrequentAccessAfterDays, 30, 36500, 'S3 moves objects to Standard-IA at 30 days at the earliest'),
  );
  check(() => requireInteger(owner, 'noncurrentExpireAfterDays', p.noncurrentExpireAfterDays, 1, 36500));
  check(() =>
    requireThat(
      p.glacierAfterDays >= p.infrequentAccessAfterDays + infrequentAccess,
      owner,
      `glacierAfterDays must be at least infrequentAccessAfterDays + ${infrequentAccess} (Standard-IA bills ${infrequentAccess} days minimum, transitions go in order), got ${p.glacierAfterDays} after ${p.infrequentAccessAfterDays}`,
    ),
  );
  check(() =>
    requireThat(
      p.deepArchiveAfterDays >= p.glacierAfterDays + glacier,
      owner,
      `deepArchiveAfterDays must be at least glacierAfterDays + ${glacier} (Glacier Flexible Retrieval bills ${glacier} days minimum: deleted before 90 days is still billed for 90 days), got ${p.deepArchiveAfterDays} after ${p.glacierAfterDays}`,
    ),
  );
  if (p.expireAfterDays !== undefined) {
    check(() =>
      requireThat(
        p.expireAfterDays! >= p.deepArchiveAfterDays + deepArchive,
        owner,
        `expireAfterDays must be at least deepArchiveAfterDays + ${deepArchive} (Deep Archive bills ${deepArchive} days minimum), got ${p.expireAfterDays} after ${p.deepArchiveAfterDays}`,
      ),
    );
  }
  return problems;
}

/**
 * The study's Glacier, as AWS offers it today: S3 Glacier vaults are closed to new customers, so archives are S3
 * objects that a lifecycle moves through Standard-IA, Glacier Flexible Retrieval and Glacier Deep Archive.
 *
 * Private, TLS-only, versioned, access-logged, encrypted with a rotating customer-managed key; noncurrent versions expire, and
 * objects optionally expire once every class's minimum storage duration has passed. The transitions are checked
 * against those minimums, so no lifecycle pays for storage it deletes early.
 */
export class ArchiveBucket extends Construct {
  /** The bucket. */
  public readonly bucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: ArchiveBucketProps) {
    super(scope, id);
    const problems = archiveLifecycleProblems('ArchiveBucket', props);
    requireThat(problems.length === 0, 'ArchiveBucket', `lifecycle is invalid: ${problems.join('; ')}`);
    const destroy = props.removalPolicy === RemovalPolicy.DESTROY;
    const bucket = new s3.Bucket(this, 'Resource', {
      ...privateBucketProps(
        rotatingKey(this, 'Key', 'Encrypts the archive bucket', props.removalPolicy),
        new LogBucket(this, 'AccessLogs', { removalPolicy: props.removalPolicy }).bucket,
        'archive-bucket/',
      ),
      lifecycleRules: [
        {
          id: 'Archive',
          transitions: [
            { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(props.infrequentAccessAfterDays) },
            { storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(props.glacierAfterDays) },
            { storageClass: s3.StorageClass.DEEP_ARCHIVE, transitionAfter: Duration.days(props.deepArchiveAfterDays) },
          ],
          expiration: props.expireAfterDays === undefined ? undefined : Duration.days(props.expireAfterDays),
          noncurrentVersionExpiration: Duration.days(props.noncurrentExpireAfterDays),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: destroy,
    });
    sendEventsToEventBridge(bucket);
    acknowledgeAutoDeleteProvider(bucket);
    acknowledge(bucket, SINGLE_REGION_BUCKET, NO_OBJECT_LOCK);
    this.bucket = bucket;
  }
}
