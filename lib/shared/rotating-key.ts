import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * A customer-managed KMS key with yearly rotation. With `DESTROY` (sandbox) it is scheduled for deletion after the
 * shortest waiting period, 7 days; otherwise it is kept.
 *
 * Grants on the key can only be created by or for AWS services (Control Tower CT.KMS.PR.3): a grant is a
 * permission that bypasses the key policy, so no principal may hand one out to itself or to anyone else.
 */
export function rotatingKey(scope: Construct, id: string, description: string, removalPolicy: RemovalPolicy): kms.Key {
  const destroy = removalPolicy === RemovalPolicy.DESTROY;
  const key = new kms.Key(scope, id, {
    description,
    enableKeyRotation: true,
    removalPolicy: destroy ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    pendingWindow: destroy ? Duration.days(7) : undefined,
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyGrantsExceptForAwsServices',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }),
  );
  return key;
}
