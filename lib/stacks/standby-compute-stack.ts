import { CfnOutput } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { WebTier } from '../compute/web-tier';
import { Network } from '../networking/network';
import { AtlasStack, AtlasStackProps } from './atlas-stack';
import { addStageWebTier } from './stage-web-tier';

/** Properties of the `StandbyComputeStack`. */
export interface StandbyComputeStackProps extends AtlasStackProps {
  /** The standby region's network. */
  readonly network: Network;
  /** The standby region's alarm topic (alarms publish only to topics of their own region). */
  readonly alarmTopic: sns.ITopic;
  /** The stage's hosted zone, where the stage issues its certificates (`ComputeStackProps.certificateZone`). */
  readonly certificateZone?: route53.IHostedZone;
}

/**
 * The standby region's web tier: the same page as the primary's behind a load balancer of its own, smaller, so that
 * Route 53 has a healthy second region to answer with. Only the web tier runs here (README, "Two regions").
 */
export class StandbyComputeStack extends AtlasStack {
  public readonly webTier: WebTier;

  constructor(scope: Construct, id: string, props: StandbyComputeStackProps) {
    super(scope, id, { ...props, placement: 'standby' });
    this.webTier = addStageWebTier(this, {
      webTier: props.config.standby!.webTier,
      network: props.network,
      alarmTopic: props.alarmTopic,
      certificateZone: props.certificateZone,
    });
    const scheme = this.webTier.healthCheck.protocol.toLowerCase();
    new CfnOutput(this, 'LoadBalancerUrl', {
      description: "The standby region's web tier",
      value: `${scheme}://${this.webTier.loadBalancer.loadBalancerDnsName}/`,
    });
  }
}
