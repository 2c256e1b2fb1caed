import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { WebTier, WebTierProps } from '../compute/web-tier';
import { WebTierConfig } from '../config';
import { ZoneCertificate } from '../networking/certificate';
import { Network } from '../networking/network';
import { AtlasStack } from './atlas-stack';

/** What a stack passes to `addStageWebTier`. */
export interface StageWebTierOptions {
  /** The web tier section of the config for this region (the primary's `webTier` or the standby's). */
  readonly webTier: WebTierConfig;
  readonly network: Network;
  readonly alarmTopic: sns.ITopic;
  /**
   * The stage's hosted zone, where the stage issues its certificates (`dns.issueCertificates`): the load balancer
   * then serves HTTPS with a certificate of this region (`Certificate` in the stack) validated there.
   *
   * @default - the configured `webTier.certificateArn`, if any
   */
  readonly certificateZone?: route53.IHostedZone;
  /** Props only this region's tier takes (instance tags, bootstrap commands). */
  readonly extra?: Pick<WebTierProps, 'instanceTags' | 'bootstrapCommands'>;
}

/**
 * The stage's web tier in a stack of either region (`WebTier`), mapped field by field from the config, with the
 * certificate the stage issues for that region where it issues them.
 */
export function addStageWebTier(stack: AtlasStack, options: StageWebTierOptions): WebTier {
  const { webTier, certificateZone } = options;
  const { durability, logRetention, dns } = stack.config;
  const certificateArn = certificateZone
    ? new ZoneCertificate(stack, 'Certificate', { zone: certificateZone, zoneName: dns.domainName }).certificate.certificateArn
    : webTier.certificateArn;
  return new WebTier(stack, 'WebTier', {
    network: options.network,
    alarmTopic: options.alarmTopic,
    instanceType: webTier.instanceType,
    rootVolumeGiB: webTier.rootVolumeGiB,
    minCapacity: webTier.minCapacity,
    desiredCapacity: webTier.desiredCapacity,
    maxCapacity: webTier.maxCapacity,
    peakMinCapacity: webTier.peakMinCapacity,
    certificateArn,
    stickySessionSeconds: webTier.stickySessionSeconds,
    removalPolicy: durability.removalPolicy,
    logRetention,
    ...options.extra,
  });
}
