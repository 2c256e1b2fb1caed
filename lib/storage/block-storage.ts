import * as dlm from 'aws-cdk-lib/aws-dlm';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledge } from '../compliance/acknowledge';
import { requireInteger, requirePattern } from '../shared/validate';

/** Tag key that marks EBS volumes for the stage's snapshot policy; the value is the stage name. */
export const EBS_BACKUP_TAG = 'ebs-backup';

/** Properties of `BlockStorageBackups`. */
export interface BlockStorageBackupsProps {
  /** Volumes tagged `ebs-backup=<this value>` are snapshotted: the stage name. */
  readonly targetTagValue: string;
  /** Snapshots kept per volume: 1 to 1000. */
  readonly retainSnapshots: number;
  /**
   * When the daily snapshot starts (UTC, HH:MM).
   *
   * @default '18:00' (03:00 in Seoul)
   */
  readonly startTime?: string;
}

/**
 * The study's EBS snapshots, "kept in S3": a Data Lifecycle Manager policy (L1 `CfnLifecyclePolicy`; aws-cdk-lib
 * has no L2 for DLM) that snapshots every volume tagged `ebs-backup=<stage>` once a day and keeps the newest N.
 * Snapshots are incremental, stored in S3 by EBS, and inherit the volume's encryption; the web tier's volumes carry
 * the tag.
 */
export class BlockStorageBackups extends Construct {
  /** The lifecycle policy. */
  public readonly policy: dlm.CfnLifecyclePolicy;

  constructor(scope: Construct, id: string, props: BlockStorageBackupsProps) {
    super(scope, id);
    const owner = 'BlockStorageBackups';
    requireInteger(owner, 'retainSnapshots', props.retainSnapshots, 1, 1000, 'Data Lifecycle Manager keeps 1 to 1000 snapshots per schedule');
    const startTime = props.startTime ?? '18:00';
    requirePattern(owner, 'startTime', startTime, /^([01]\d|2[0-3]):[0-5]\d$/, 'a UTC time HH:MM');

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('dlm.amazonaws.com'),
      description: 'Data Lifecycle Manager: snapshots of the tagged EBS volumes',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSDataLifecycleManagerServiceRole')],
    });
    acknowledge(role, {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSDataLifecycleManagerServiceRole]',
      reason: 'Data Lifecycle Manager documents this AWS-managed policy as what its snapshot policies need; the role can only be assumed by DLM.',
    });

    this.policy = new dlm.CfnLifecyclePolicy(this, 'Resource', {
      // The description admits letters, digits, spaces, _ and - only.
      description: `Daily snapshots of EBS volumes tagged ${EBS_BACKUP_TAG} ${props.targetTagValue}`,
      state: 'ENABLED',
      executionRoleArn: role.roleArn,
      policyDetails: {
        policyType: 'EBS_SNAPSHOT_MANAGEMENT',
        resourceTypes: ['VOLUME'],
        targetTags: [{ key: EBS_BACKUP_TAG, value: props.targetTagValue }],
        schedules: [
          {
            name: 'Daily',
            createRule: { interval: 24, intervalUnit: 'HOURS', times: [startTime] },
            retainRule: { count: props.retainSnapshots },
            copyTags: true,
          },
        ],
      },
    });
  }
}
