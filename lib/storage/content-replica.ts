import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge, HIPAA, inPacks, NIST, PCI } from '../compliance/acknowledge';
import { NO_OBJECT_LOCK } from '../compliance/common-exceptions';
import { acknowledgeAutoDeleteProvider, sendEventsToEventBridge, privateBucketProps } from '../shared/buckets';
import { LogBucket } from '../shared/log-bucket';
import { rotatingKey } from '../shared/rotating-key';

/** Properties of `ContentReplica`. */
export interface ContentReplicaProps {
  /** `DESTROY` empties and deletes the bucket with the stack; `RETAIN` keeps it. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The standby region's copy of the content bucket: the destination of the content bucket's cross-region replication
 * and CloudFront's secondary origin. Private like its source (no public access, TLS only, versioned as replication
 * requires, access-logged to a log bucket in its own region, encrypted with a rotating key of its own region) and
 * readable only by CloudFront through Origin Access Control.
 *
 * CloudFront is admitted for any distribution of this account (`AWS:SourceArn` `distribution/*`): the distribution
 * lives in the primary region's stack, which depends on this one, so naming it here would be a dependency cycle. The
 * same posture CDK takes for the source bucket's key.
 */
export class ContentReplica extends Construct {
  /** The replica bucket. */
  public readonly bucket: s3.IBucket;
  /** The key that encrypts the replicas (S3 replication encrypts with it; CloudFront decrypts with it). */
  public readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: ContentReplicaProps) {
    super(scope, id);
    const destroy = props.removalPolicy === RemovalPolicy.DESTROY;
    const logBucket = new LogBucket(this, 'Logs', { removalPolicy: props.removalPolicy }).bucket;
    const key = rotatingKey(this, 'Key', 'Encrypts the replica of the content bucket', props.removalPolicy);
    const bucket = new s3.Bucket(this, 'Bucket', {
      ...privateBucketProps(key, logBucket, 'content-replica/'),
      // Lifecycle rules do not replicate: the replica expires its old versions itself, like its source.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(7) }],
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: destroy,
    });
    sendEventsToEventBridge(bucket);
    acknowledgeAutoDeleteProvider(bucket);

    const { account, partition } = Stack.of(this);
    const fromAccountDistributions = {
      StringEquals: { 'AWS:SourceAccount': account },
      ArnLike: { 'AWS:SourceArn': `arn:${partition}:cloudfront::${account}:distribution/*` },
    };
    const cloudFront = new iam.ServicePrincipal('cloudfront.amazonaws.com');
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudFrontOriginAccessControl',
        principals: [cloudFront],
        actions: ['s3:GetObject'],
        resources: [bucket.arnForObjects('*')],
        conditions: fromAccountDistributions,
      }),
    );
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudFrontToDecryptReplicas',
        principals: [cloudFront],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: fromAccountDistributions,
      }),
    );
    acknowledge(bucket, NO_OBJECT_LOCK, {
      id: inPacks('S3BucketReplicationEnabled', NIST, HIPAA, PCI),
      reason: 'This bucket is itself the cross-region replica of the content bucket; replicating the replica would only add a third copy.',
    });
    this.bucket = bucket;
    this.key = key;
  }
}
