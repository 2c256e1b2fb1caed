import { ACMClient } from '@aws-sdk/client-acm';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { Route53Client } from '@aws-sdk/client-route-53';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { STSClient } from '@aws-sdk/client-sts';
import { PreflightClients, RegionalClients } from './check';

/** CloudFront takes viewer certificates from ACM in this region only. */
export const CLOUDFRONT_CERTIFICATE_REGION = 'us-east-1';

/**
 * Timeouts of every call: a preflight that cannot reach AWS should say so within seconds rather than hang. The SDK
 * still retries (3 attempts with backoff, its default), so a throttled call is reported only after its retries.
 */
const REQUEST_HANDLER = { connectionTimeout: 5_000, requestTimeout: 15_000 };

/**
 * The SDK clients of a preflight. Every regional client is pinned to the stage's region, whatever `AWS_REGION` or
 * the profile says, and a second set to the standby region where the stage has one; IAM and Route 53 are global
 * services (the SDK resolves their global endpoint from any region).
 *
 * @param standbyRegion the stage's standby region (`config.standby.region`), if any
 */
export function createClients(region: string, standbyRegion?: string): PreflightClients {
  const config = { region, requestHandler: REQUEST_HANDLER };
  return {
    sts: new STSClient(config),
    iam: new IAMClient(config),
    route53: new Route53Client(config),
    acmCloudFront: new ACMClient({ ...config, region: CLOUDFRONT_CERTIFICATE_REGION }),
    ...regionalClients(region),
    ...(standbyRegion ? { standby: regionalClients(standbyRegion) } : {}),
  };
}

function regionalClients(region: string): RegionalClients {
  const config = { region, requestHandler: REQUEST_HANDLER };
  return {
    cloudFormation: new CloudFormationClient(config),
    lambda: new LambdaClient(config),
    serviceQuotas: new ServiceQuotasClient(config),
    ec2: new EC2Client(config),
    elasticBeanstalk: new ElasticBeanstalkClient(config),
    acm: new ACMClient(config),
  };
}

/** Closes the clients' connections (the standby region's too), so that the process ends as soon as the report is written. */
export function destroyClients(clients: PreflightClients): void {
  const { standby, ...primary } = clients;
  // Typed by what is called: Object.values of an interface is any[].
  const all: Readonly<Record<keyof typeof primary, { destroy(): void }>> = primary;
  const standbyAll: Readonly<Partial<Record<keyof RegionalClients, { destroy(): void }>>> = standby ?? {};
  for (const client of [...Object.values(all), ...Object.values(standbyAll)]) client.destroy();
}

/**
 * The region the JS SDK resolves when none is passed: `AWS_REGION`, else the `region` of the profile in use. (The AWS
 * CLI also reads `AWS_DEFAULT_REGION`; the SDK does not.) The preflight only reports it: the stage's region wins.
 *
 * @returns undefined when nothing configures a region
 */
export async function sdkDefaultRegion(): Promise<string | undefined> {
  const client = new STSClient({});
  try {
    return await client.config.region();
  } catch {
    return undefined;
  } finally {
    client.destroy();
  }
}
