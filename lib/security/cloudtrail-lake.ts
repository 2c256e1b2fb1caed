import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { rotatingKey } from '../shared/rotating-key';
import { requireInteger } from '../shared/validate';

/** Properties of a `CloudTrailLake`. */
export interface CloudTrailLakeProps {
  /** Days events are kept: 7 to 2557 (the seven-year retention option). */
  readonly retentionDays: number;
  /** `RETAIN` keeps the store and turns on termination protection (production); `DESTROY` deletes it. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * CloudTrail Lake: an event data store (L1 `CfnEventDataStore`; aws-cdk-lib has no L2) that keeps the management
 * events of every region and answers SQL queries over them, encrypted with a rotating customer key, termination
 * protected where data is retained. Billed per GB ingested, so optional (off in the sandbox).
 */
export class CloudTrailLake extends Construct {
  /** The event data store. */
  public readonly eventDataStore: cloudtrail.CfnEventDataStore;

  constructor(scope: Construct, id: string, props: CloudTrailLakeProps) {
    super(scope, id);
    requireInteger(
      'CloudTrailLake',
      'retentionDays',
      props.retentionDays,
      7,
      2557,
      'CloudTrail Lake keeps events 7 days to 7 years with seven-year retention pricing',
    );
    const retain = props.removalPolicy !== RemovalPolicy.DESTROY;
    const key = rotatingKey(this, 'Key', 'Encrypts the CloudTrail Lake event data store', props.removalPolicy);
    // CloudTrail encrypts the store's events with the key on behalf of this account only.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudTrailLakeOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.eventDataStore = new cloudtrail.CfnEventDataStore(this, 'Resource', {
      retentionPeriod: props.retentionDays,
      billingMode: 'FIXED_RETENTION_PRICING',
      multiRegionEnabled: true,
      organizationEnabled: false,
      kmsKeyId: key.keyArn,
      terminationProtectionEnabled: retain,
      advancedEventSelectors: [{ name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }] }],
    });
    this.eventDataStore.applyRemovalPolicy(retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);
  }
}
