import { Stage, StageProps, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { StageConfig, validateStageConfig } from './config';
import { NetworkStack } from './stacks/network-stack';

/** Properties of an `AtlasStage`. */
export interface AtlasStageProps extends StageProps {
  /** The stage configuration; validated before any stack is created. */
  readonly config: StageConfig;
}

/**
 * One environment of the architecture (`sandbox` or `production`): creates the stacks and wires them together
 * by props. The construct id is the stage name, so stack names (`sandbox-Network`) and the cloud assembly
 * (`cdk.out/assembly-sandbox/`) show which stage a template belongs to.
 */
export class AtlasStage extends Stage {
  /** The validated stage configuration. */
  public readonly config: StageConfig;
  /** The network stack. */
  public readonly networkStack: NetworkStack;

  constructor(scope: Construct, props: AtlasStageProps) {
    const config = validateStageConfig(props.config);
    super(scope, config.stageName, { ...props, env: { account: config.account, region: config.region } });
    this.config = config;
    Tags.of(this).add('project', 'aws-service-atlas');
    Tags.of(this).add('stage', config.stageName);

    this.networkStack = new NetworkStack(this, 'Network', {
      config,
      description: `aws-service-atlas ${config.stageName}: VPC, subnet tiers, NACLs, security groups, endpoints, flow logs`,
    });
  }
}
