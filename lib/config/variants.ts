import { StageConfig } from './stage-config';

/**
 * A stage config with every optional part switched on: HTTPS on the load balancer, a custom domain on CloudFront,
 * an alarm e-mail. The presets leave these unset (they need a domain and certificates you own), so the compliance
 * gate and the exceptions table use this variant to prove that the design holds with them too.
 *
 * The certificate ARNs and the address are placeholders: synthesize with them, never deploy them.
 */
export function withEveryOptionalPart(config: StageConfig): StageConfig {
  return {
    ...config,
    webTier: { ...config.webTier, certificateArn: `arn:aws:acm:${config.region}:123456789012:certificate/11111111-2222-3333-4444-555555555555`, stickySessionSeconds: 3600 },
    edge: { ...config.edge, domainName: 'www.example.com', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/66666666-7777-8888-9999-000000000000' },
    monitoring: { ...config.monitoring, alarmEmail: 'operations@example.com' },
  };
}
