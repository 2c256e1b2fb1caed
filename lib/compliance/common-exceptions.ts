import { Stack } from 'aws-cdk-lib';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as cr from 'aws-cdk-lib/custom-resources';
import { acknowledgeSingleton, Exception, guard, HIPAA, inPacks, NIST, PCI, wildcardResource } from './acknowledge';

/**
 * Exceptions that several constructs share because the same design decision causes them in each. Every construct
 * still acknowledges them itself, on its own resource, so a reader sees the exception next to the design; only the
 * wording lives here, so one decision has one reason.
 */

/** CDK grants write a policy attached to one role; the framework packs want customer-managed policies instead. */
export const GRANT_POLICY: Exception = {
  id: inPacks('IAMNoInlinePolicy', NIST, HIPAA, PCI),
  reason:
    'Permissions come from CDK grants, which write a policy attached to exactly this role and scoped to the named resources; a standalone managed policy could be attached to other roles, which least privilege avoids.',
};

/**
 * Logs, archives and deploy artifacts stay in their region; only the content bucket, which serves users, is replicated
 * to the standby region (production).
 */
export const SINGLE_REGION_BUCKET: Exception = {
  id: inPacks('S3BucketReplicationEnabled', NIST, HIPAA, PCI),
  reason:
    'Only the content bucket, which serves users, is replicated to the standby region (production); this bucket holds logs, archives or artifacts that no failover path reads, so a second copy would double its storage for nothing, and versioning plus RETAIN in production protect the objects here.',
};

/** Object Lock is for records that must not change; these objects are replaced by deploys or expired by lifecycle. */
export const NO_OBJECT_LOCK: Exception = {
  id: guard('s3_bucket_object_lock_enabled_check'),
  reason:
    'Object Lock is for records that must not change until a retention date; the objects here are replaced by deploys or expired by lifecycle rules, and versioning with TLS-only access protects them meanwhile.',
};

/** ALB, CloudFront and S3 server access log delivery write only to SSE-S3 buckets. */
export const LOG_DELIVERY_NEEDS_SSE_S3: Exception = {
  id: [...inPacks('S3DefaultEncryptionKMS', NIST, HIPAA, PCI), guard('s3_bucket_default_encryption_kms_check')],
  reason:
    'Load balancer access logs, CloudFront standard logs and S3 server access logs can only be delivered to a bucket encrypted with SSE-S3, so this log bucket cannot use a KMS key.',
};

/** A log bucket does not log access to itself. */
export const LOG_BUCKET_NOT_LOGGED: Exception = {
  id: guard('s3_bucket_logging_enabled_check'),
  reason: 'This bucket is itself a log destination; logging access to it would need another log bucket, and that one another, without end.',
};

/** CDK-managed custom-resource providers run only during deployments. */
export const CDK_PROVIDER_OUTSIDE_VPC: Exception = {
  id: guard('lambda_inside_vpc_check'),
  reason:
    'This is a CDK-managed custom-resource provider that runs only while CloudFormation deploys the stack and calls AWS APIs only; it handles no data, so it needs no VPC.',
};

/** A CDK-managed provider function writes its own logs with the AWS basic execution policy. */
export const CDK_PROVIDER_BASIC_EXECUTION: Exception = {
  id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
  reason: 'This CDK-managed provider function only writes its own logs with the AWS basic execution policy, and runs only while CloudFormation deploys.',
};

/** A CDK-managed provider outside the VPC, as every pack and the guard rules report it. */
export const CDK_PROVIDER_OUTSIDE_VPC_EVERY_PACK: Exception = {
  ...CDK_PROVIDER_OUTSIDE_VPC,
  id: [guard('lambda_inside_vpc_check'), ...inPacks('LambdaInsideVPC', NIST, HIPAA, PCI)],
};

/** A CDK-managed provider that CloudFormation invokes synchronously during deploys. */
export const CDK_PROVIDER_SYNCHRONOUS: Exception = {
  id: [...inPacks('LambdaDLQ', NIST, HIPAA), 'Serverless-LambdaDLQ', ...inPacks('LambdaConcurrency', NIST, HIPAA), 'Serverless-LambdaTracing'],
  reason:
    'CloudFormation invokes this CDK-managed provider synchronously, once per deploy, and reads its result itself: there is no asynchronous event to dead-letter, no load to cap and no request path to trace.',
};

/** The guard rules cannot follow subnets passed in from another stack. */
export const CROSS_STACK_SUBNETS: Exception = {
  id: guard('lambda_inside_vpc_check'),
  reason:
    'The function runs in the application subnets, which the Network stack passes in as cross-stack references; the guard rule only accepts literal or same-template subnet ids, and the unit tests assert the VpcConfig.',
};

/** Availability zones are pinned in the stage config so that synth never looks them up. */
export const PINNED_AVAILABILITY_ZONES: Exception = {
  id: 'CloudFormation-Validate::W3010',
  reason:
    'Availability zones are pinned in the stage config on purpose: synth must work offline with no AZ lookup, and the config validates each AZ against its region.',
};

/** A dead-letter queue is the end of its chain. */
export const DEAD_LETTER_QUEUE: Exception = {
  id: ['Serverless-SQSRedrivePolicy', guard('sqs_dlq_check')],
  reason: 'This queue is a dead-letter queue, the end of the chain: what lands here is kept 14 days for inspection instead of moving on to yet another queue.',
};

/** A CDK asset grant: read the uploaded asset (a zip) from the bootstrap asset bucket of this account and region. */
export function cdkAssetRead(asset: s3assets.Asset): Exception {
  return {
    id: [
      wildcardResource(asset, asset.bucket.arnForObjects('*')),
      'AwsSolutions-IAM5[Action::s3:GetBucket*]',
      'AwsSolutions-IAM5[Action::s3:GetObject*]',
      'AwsSolutions-IAM5[Action::s3:List*]',
    ],
    reason:
      'The CDK asset grant reads the uploaded asset from the bootstrap asset bucket of this account and region; its object keys are content hashes, so the grant names the bucket with a key wildcard.',
  };
}

/** The policy an `AwsCustomResource` writes for its SDK calls, attached to the shared provider role. */
export const AWS_CUSTOM_RESOURCE_POLICY: Exception = {
  id: inPacks('IAMNoInlinePolicy', NIST, HIPAA, PCI),
  reason:
    'The CDK writes the SDK calls of this custom resource as a policy on the provider role, scoped to exactly what those calls touch; it runs only while CloudFormation deploys.',
};

/**
 * Acknowledges, on the provider function the CDK adds once per stack for every `AwsCustomResource`, what a
 * deploy-time helper does not need: it runs only while CloudFormation deploys the stack, synchronously, and calls
 * AWS APIs only.
 */
export function acknowledgeAwsCustomResourceProvider(stack: Stack): void {
  acknowledgeSingleton(
    stack,
    `AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`,
    CDK_PROVIDER_BASIC_EXECUTION,
    CDK_PROVIDER_OUTSIDE_VPC_EVERY_PACK,
    CDK_PROVIDER_SYNCHRONOUS,
  );
}
