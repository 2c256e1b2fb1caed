import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledge } from '../compliance/acknowledge';
import { CDK_PROVIDER_OUTSIDE_VPC } from '../compliance/common-exceptions';

/**
 * Sends the bucket's events (object created, deleted, restored …) to EventBridge, where rules can react to them;
 * events nobody matches cost nothing (Control Tower CT.S3.PR.4).
 *
 * Set on the bucket resource itself rather than with the `eventBridgeEnabled` prop, which configures notifications
 * through a CDK custom resource (a Lambda function per stack) that the template checks cannot see.
 */
export function sendEventsToEventBridge(bucket: s3.Bucket): void {
  const cfnBucket = bucket.node.defaultChild as s3.CfnBucket;
  cfnBucket.notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
}

/**
 * Acknowledges, on the CDK's auto-delete provider of the bucket's stack, that it runs outside the VPC. The CDK adds
 * that provider (one per stack) to empty `autoDeleteObjects` buckets when the sandbox is destroyed.
 */
export function acknowledgeAutoDeleteProvider(bucket: s3.IBucket): void {
  const stack = Stack.of(bucket);
  const provider = stack.node.tryFindChild('Custom::S3AutoDeleteObjectsCustomResourceProvider');
  if (provider) acknowledge(provider, CDK_PROVIDER_OUTSIDE_VPC);
}

/**
 * What every private data bucket of the project has in common: encrypted with its own customer-managed key (S3
 * Bucket Keys on, fewer KMS calls), no public access, TLS only, versioned, and its access logged to a log bucket of
 * its region under `accessLogPrefix`. Spread into the bucket's props, next to what is its own (lifecycle, removal).
 */
export function privateBucketProps(
  encryptionKey: kms.IKey,
  accessLogs: s3.IBucket,
  accessLogPrefix: string,
): Pick<
  s3.BucketProps,
  'encryption' | 'encryptionKey' | 'bucketKeyEnabled' | 'blockPublicAccess' | 'enforceSSL' | 'versioned' | 'serverAccessLogsBucket' | 'serverAccessLogsPrefix'
> {
  return {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey,
    bucketKeyEnabled: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: true,
    serverAccessLogsBucket: accessLogs,
    serverAccessLogsPrefix: accessLogPrefix,
  };
}
