import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { StageConfig } from '../config';

/** Where a stack of a stage runs: the stage's primary region, or its standby region (`StageConfig.standby`). */
export type Placement = 'primary' | 'standby';

/** Properties every stack of a stage receives. */
export interface AtlasStackProps extends StackProps {
  /** The validated configuration of the stage the stack belongs to. */
  readonly config: StageConfig;
  /**
   * The region the stack runs in: the standby region needs `config.standby`.
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
  /** The region of the stage this stack runs in. */
  public readonly placement: Placement;

  protected constructor(scope: Construct, id: string, props: AtlasStackProps) {
    const placement = props.placement ?? 'primary';
    const { config } = props;
    if (placement === 'standby' && !config.standby) throw new Error(`stack ${id} is placed in the standby region, but stage ${config.stageName} has none`);
    super(scope, id, {
      ...props,
      env: placement === 'standby' ? { account: config.account, region: config.standby!.region } : props.env,
      crossRegionReferences: props.crossRegionReferences ?? config.standby !== undefined,
    });
    this.config = config;
    this.placement = placement;
  }

  /** The stage's pinned availability zones in this stack's region (never looked up). */
  public override get availabilityZones(): string[] {
    return [...(this.placement === 'standby' ? this.config.standby!.availabilityZones : this.config.availabilityZones)];
  }
}
