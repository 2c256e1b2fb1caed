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
import { CLOUDFRONT_CERTIFICATE_REGION } from './regions';

/**
 * Timeouts of every call: a preflight that cannot reach AWS should say so within seconds rather than hang. The SDK
 * still retries (3 attempts with backoff, its default), so a throttled call is reported only after its retries.
 */
const REQUEST_HANDLER = { connectionTimeout: 5_000, requestTimeout: 15_000 };

/** Which regional sets `createClients` makes besides the primary region's. */
export interface ClientRegions {
  /**
   * A regional set in us-east-1 too, where the stage deploys CloudFront's certificate (`stageRegions` lists it): its
   * CDK bootstrap stack and CloudFormation registry are read there.
   *
   * @default false
   */
  readonly usEast1?: boolean;
}

/**
 * The SDK clients of a preflight. Every regional client is pinned to the stage's region, whatever `AWS_REGION` or
 * the profile says, a second set to the standby region where the stage has one, and a third to us-east-1 where the
 * stage deploys there; IAM and Route 53 are global services (the SDK resolves their global endpoint from any region).
 *
 * @param standbyRegion the stage's standby region (`config.standby.region`), if any
 */
export function createClients(region: string, standbyRegion?: string, regions: ClientRegions = {}): PreflightClients {
  const config = { region, requestHandler: REQUEST_HANDLER };
  return {
    sts: new STSClient(config),
    iam: new IAMClient(config),
    route53: new Route53Client(config),
    acmCloudFront: new ACMClient({ ...config, region: CLOUDFRONT_CERTIFICATE_REGION }),
    ...regionalClients(region),
    ...(standbyRegion ? { standby: regionalClients(standbyRegion) } : {}),
    ...(regions.usEast1 ? { usEast1: regionalClients(CLOUDFRONT_CERTIFICATE_REGION) } : {}),
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

/**
 * Closes the clients' connections (the standby region's and us-east-1's too), so that the process ends as soon as the
 * report is written.
 */
export function destroyClients(clients: PreflightClients): void {
  const { standby, usEast1, ...primary } = clients;
  // Typed by what is called: Object.values of an interface is any[].
  const all: Readonly<Record<keyof typeof primary, { destroy(): void }>> = primary;
  const regional = (set: RegionalClients | undefined): Readonly<Partial<Record<keyof RegionalClients, { destroy(): void }>>> => set ?? {};
  for (const client of [...Object.values(all), ...Object.values(regional(standby)), ...Object.values(regional(usEast1))]) client.destroy();
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
