import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AuditTrail } from '../security/audit-trail';
import { AtlasStack, AtlasStackProps } from './atlas-stack';

/** Properties of the `AuditStack`. */
export interface AuditStackProps extends AtlasStackProps {
  /** Buckets whose data events the trail records. */
  readonly dataEventBuckets: s3.IBucket[];
}

/** The audit trail. Holds the trail bucket, so it is termination-protected in production. */
export class AuditStack extends AtlasStack {
  public readonly auditTrail: AuditTrail;

  constructor(scope: Construct, id: string, props: AuditStackProps) {
    super(scope, id, { ...props, terminationProtection: props.config.durability.terminationProtection });
    this.auditTrail = new AuditTrail(this, 'AuditTrail', {
      dataEventBuckets: props.dataEventBuckets,
      logRetention: props.config.logRetention,
      removalPolicy: props.config.durability.removalPolicy,
    });
  }
}
