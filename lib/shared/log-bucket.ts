import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../compliance/acknowledge';
import { LOG_BUCKET_NOT_LOGGED, LOG_DELIVERY_NEEDS_SSE_S3, NO_OBJECT_LOCK, SINGLE_REGION_BUCKET } from '../compliance/common-exceptions';
import { acknowledgeAutoDeleteProvider, sendEventsToEventBridge } from './buckets';

/** Properties of a `LogBucket`. */
export interface LogBucketProps {
  /** `DESTROY` empties and deletes the bucket with the stack (sandbox); `RETAIN` keeps it (production). */
  readonly removalPolicy: RemovalPolicy;
  /**
   * Age at which log objects move to Glacier Flexible Retrieval.
   *
   * @default Duration.days(90)
   */
  readonly archiveAfter?: Duration;
}

/**
 * A bucket that receives service logs (load balancer, CloudFront, S3 server access logs): private, TLS-only,
 * versioned, SSE-S3 encrypted (the only encryption ALB and CloudFront log delivery support), events to
 * EventBridge, with logs moved to Glacier after 90 days.
 */
export class LogBucket extends Construct {
  /** The bucket. */
  public readonly bucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: LogBucketProps) {
    super(scope, id);
    const destroy = props.removalPolicy === RemovalPolicy.DESTROY;
    const bucket = new s3.Bucket(this, 'Resource', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      // CloudFront standard logging writes with ACLs; other services use the bucket policy.
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [
        {
          transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: props.archiveAfter ?? Duration.days(90) }],
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: destroy,
    });
    sendEventsToEventBridge(bucket);
    acknowledgeAutoDeleteProvider(bucket);
    acknowledge(bucket, LOG_DELIVERY_NEEDS_SSE_S3, LOG_BUCKET_NOT_LOGGED, SINGLE_REGION_BUCKET, NO_OBJECT_LOCK);
    this.bucket = bucket;
  }
}
