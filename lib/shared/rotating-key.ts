import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * A customer-managed KMS key with yearly rotation. With `DESTROY` (sandbox) it is scheduled for deletion after the
 * shortest waiting period, 7 days; otherwise it is kept.
 */
export function rotatingKey(scope: Construct, id: string, description: string, removalPolicy: RemovalPolicy): kms.Key {
  const destroy = removalPolicy === RemovalPolicy.DESTROY;
  return new kms.Key(scope, id, {
    description,
    enableKeyRotation: true,
    removalPolicy: destroy ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    pendingWindow: destroy ? Duration.days(7) : undefined,
  });
}
