import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { Functions } from '../compute/functions';
import { WebTier } from '../compute/web-tier';
import { Network } from '../networking/network';
import { AtlasStack, AtlasStackProps } from './atlas-stack';

/** Properties of the `ComputeStack`. */
export interface ComputeStackProps extends AtlasStackProps {
  readonly network: Network;
  readonly alarmTopic: sns.ITopic;
  /** Bucket whose object-created events trigger the functions. */
  readonly eventSourceBucket: s3.IBucket;
}

/** Stateless compute: the web tier and the functions. Replaceable at any time. */
export class ComputeStack extends AtlasStack {
  public readonly webTier: WebTier;
  public readonly functions: Functions;

  constructor(scope: Construct, id: string, props: ComputeStackProps) {
    super(scope, id, props);
    const { webTier, functions, durability, logRetention } = props.config;
    this.webTier = new WebTier(this, 'WebTier', {
      network: props.network,
      alarmTopic: props.alarmTopic,
      ...webTier,
      removalPolicy: durability.removalPolicy,
      logRetention,
    });
    this.functions = new Functions(this, 'Functions', {
      network: props.network,
      alarmTopic: props.alarmTopic,
      sourceBucket: props.eventSourceBucket,
      ...functions,
      logRetention,
      removalPolicy: durability.removalPolicy,
    });
  }
}
