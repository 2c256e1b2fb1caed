import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AuditTrail } from '../security/audit-trail';
import { CloudTrailLake } from '../security/cloudtrail-lake';
import { AtlasStack, AtlasStackProps } from './atlas-stack';

/** Properties of the `AuditStack`. */
export interface AuditStackProps extends AtlasStackProps {
  /** Buckets whose data events the trail records. */
  readonly dataEventBuckets: readonly s3.IBucket[];
}

/** The audit trail and, where switched on, CloudTrail Lake. Holds the trail bucket: termination-protected in production. */
export class AuditStack extends AtlasStack {
  public readonly auditTrail: AuditTrail;
  /** The CloudTrail Lake event data store, where the stage switches it on. */
  public readonly lake?: CloudTrailLake;

  constructor(scope: Construct, id: string, props: AuditStackProps) {
    super(scope, id, { ...props, terminationProtection: props.config.durability.terminationProtection });
    const { logRetention, durability, cloudTrailLake } = props.config;
    this.auditTrail = new AuditTrail(this, 'AuditTrail', {
      dataEventBuckets: props.dataEventBuckets,
      logRetention,
      removalPolicy: durability.removalPolicy,
    });
    if (cloudTrailLake) this.lake = new CloudTrailLake(this, 'Lake', { retentionDays: cloudTrailLake.retentionDays, removalPolicy: durability.removalPolicy });
  }
}
