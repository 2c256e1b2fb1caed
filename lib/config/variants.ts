import { PRODUCTION } from './presets';
import { StageConfig } from './stage-config';

/**
 * A stage config with every optional part switched on: HTTPS on the load balancers and a custom domain on CloudFront
 * (certificate ARNs where the stage does not issue its own),
 * an alarm e-mail, the Direct Connect connection and the VPN, and the costly parts the sandbox leaves off (cache,
 * document database, Elastic Beanstalk, CloudTrail Lake; sized as in production where the stage has none). The
 * presets leave some of these unset (they need a domain, certificates, a circuit and a router you own), so the
 * compliance gate and the exceptions table use this variant to prove that the design holds with them too.
 *
 * The certificate ARNs, the Direct Connect location and the router address (1.2.3.4) are placeholders: synthesize
 * with them, never deploy them.
 */
export function withEveryOptionalPart(config: StageConfig): StageConfig {
  // A stage that issues its own certificates (production) takes no ARNs: HTTPS is already on.
  const certificates = !config.dns.issueCertificates;
  return {
    ...config,
    ...(certificates ? certificateArns(config) : {}),
    webTier: { ...(certificates ? certificateArns(config).webTier : config.webTier), stickySessionSeconds: 3600 },
    monitoring: { ...config.monitoring, alarmEmail: 'operations@example.com' },
    hybrid: {
      ...config.hybrid,
      directConnect: config.hybrid.directConnect ?? { location: 'KINX1', bandwidth: '1Gbps', vlan: 101, customerAsn: 65020 },
      vpn: config.hybrid.vpn ?? { customerGatewayIp: '1.2.3.4', customerGatewayAsn: 65010 },
    },
    cloudTrailLake: config.cloudTrailLake ?? { retentionDays: 2557 },
    cache: config.cache ?? PRODUCTION.cache,
    document: config.document ?? PRODUCTION.document,
    beanstalk: config.beanstalk ?? PRODUCTION.beanstalk,
  };
}

/** Placeholder certificate ARNs (and CloudFront's custom name) for a stage that brings its own certificates. */
function certificateArns(config: StageConfig): Pick<StageConfig, 'webTier' | 'edge' | 'standby'> {
  return {
    webTier: {
      ...config.webTier,
      certificateArn: `arn:aws:acm:${config.region}:123456789012:certificate/11111111-2222-3333-4444-555555555555`,
    },
    edge: {
      ...config.edge,
      domainName: `www.${config.dns.domainName}`,
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/66666666-7777-8888-9999-000000000000',
    },
    standby: config.standby && {
      ...config.standby,
      webTier: {
        ...config.standby.webTier,
        certificateArn: `arn:aws:acm:${config.standby.region}:123456789012:certificate/22222222-3333-4444-5555-666666666666`,
      },
    },
  };
}
