import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { StageConfig } from '../config';

/** Properties every stack of a stage receives. */
export interface AtlasStackProps extends StackProps {
  /** The validated configuration of the stage the stack belongs to. */
  readonly config: StageConfig;
}

/**
 * Base of every stack in a stage: it knows its stage's config and answers `availabilityZones` from it, so that
 * constructs asking the stack for its AZs (VPC, subnets) never trigger a context lookup.
 */
export abstract class AtlasStack extends Stack {
  /** The stage configuration. */
  public readonly config: StageConfig;

  protected constructor(scope: Construct, id: string, props: AtlasStackProps) {
    super(scope, id, props);
    this.config = props.config;
  }

  /** The stage's pinned availability zones (never looked up). */
  public override get availabilityZones(): string[] {
    return [...this.config.availabilityZones];
  }
}
