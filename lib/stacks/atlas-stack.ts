import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { StageConfig } from '../config';

/**
 * Where a stack of a stage runs: the stage's primary region, its standby region (`StageConfig.standby`), or
 * us-east-1 for what CloudFront takes only from there (its certificate).
 */
export type Placement = 'primary' | 'standby' | 'us-east-1';

/** Properties every stack of a stage receives. */
export interface AtlasStackProps extends StackProps {
  /** The validated configuration of the stage the stack belongs to. */
  readonly config: StageConfig;
  /**
   * The region the stack runs in: the standby region needs `config.standby`; us-east-1 is for CloudFront's certificate.
   *
   * @default 'primary'
   */
  readonly placement?: Placement;
}

/**
 * Base of every stack in a stage: it knows its stage's config and answers `availabilityZones` from it (the
 * primary's or the standby's zones), so that constructs asking the stack for its AZs (VPC, subnets) never trigger a
 * context lookup.
 *
 * In a stage with a standby region every stack may read values of a stack in the other region: CloudFormation's
 * `Fn::GetStackOutput` (the weak references cdk.json chooses) carries them, and `crossRegionReferences` lets the L2
 * constructs' ARN and name attributes take that path (without it they would need physical names). No custom
 * resource is involved.
 */
export abstract class AtlasStack extends Stack {
  /** The stage configuration. */
  public readonly config: StageConfig;
  /** Which of the stage's regions this stack runs in. */
  public readonly placement: Placement;

  protected constructor(scope: Construct, id: string, props: AtlasStackProps) {
    const placement = props.placement ?? 'primary';
    const { config } = props;
    if (placement === 'standby' && !config.standby) throw new Error(`stack ${id} is placed in the standby region, but stage ${config.stageName} has none`);
    super(scope, id, {
      ...props,
      env: placement === 'primary' ? props.env : { account: config.account, region: placement === 'standby' ? config.standby!.region : 'us-east-1' },
      crossRegionReferences: props.crossRegionReferences ?? (config.standby !== undefined || config.dns.issueCertificates === true),
    });
    this.config = config;
    this.placement = placement;
  }

  /** The stage's pinned availability zones in this stack's region (never looked up). */
  public override get availabilityZones(): string[] {
    if (this.placement === 'us-east-1') throw new Error(`stack ${this.node.id} in us-east-1 holds nothing zonal: the stage pins no availability zones there`);
    return [...(this.placement === 'standby' ? this.config.standby!.availabilityZones : this.config.availabilityZones)];
  }
}
