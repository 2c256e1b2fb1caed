import type { ACMClient } from '@aws-sdk/client-acm';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import type { STSClient } from '@aws-sdk/client-sts';
import { StageConfig } from '../../config';
import type { StageTemplates } from './templates';

/**
 * What a check found.
 *
 * - `ok`: nothing to do (or the deploy itself takes care of it).
 * - `missing`: something the deploy needs does not exist yet; the line says the command that creates it.
 * - `blocked`: something exists but stops the deploy (too old, too small, in a failed state); the line says the fix.
 * - `manual`: no API shows it; the line says what to do or to watch for.
 * - `unknown`: the check could not read what it needs (access denied, throttled); the line names the IAM action.
 */
export type CheckStatus = 'ok' | 'missing' | 'blocked' | 'manual' | 'unknown';

/** The statuses that mean a deploy would fail: any of them makes the preflight exit 1. */
export const FAILING_STATUSES: readonly CheckStatus[] = ['missing', 'blocked'];

/** One line of the preflight: a status, the check's name and a one-line message with the fix where there is one. */
export interface CheckResult {
  readonly status: CheckStatus;
  /** Short, stable name of the check, e.g. `cdk-bootstrap`. */
  readonly name: string;
  /** One line: what was found and, unless `ok`, the exact command or console step that fixes it. */
  readonly message: string;
}

/** The clients of the services whose state is per region (quotas, bootstrap stack, registry, zones, certificates). */
export interface RegionalClients {
  readonly cloudFormation: CloudFormationClient;
  readonly lambda: LambdaClient;
  readonly serviceQuotas: ServiceQuotasClient;
  readonly ec2: EC2Client;
  readonly elasticBeanstalk: ElasticBeanstalkClient;
  /** ACM in this region: the load balancer's certificate. */
  readonly acm: ACMClient;
}

/**
 * The AWS SDK clients the checks read with. Regional clients are created for the stage's region (never the
 * profile's), again for the standby region where the stage has one, and for us-east-1 where the stage deploys there
 * (its certificates); IAM and Route 53 are global; ACM has a second client in us-east-1 for a configured CloudFront
 * certificate.
 */
export interface PreflightClients extends RegionalClients {
  readonly sts: STSClient;
  readonly iam: IAMClient;
  readonly route53: Route53Client;
  /** ACM in us-east-1: CloudFront only takes viewer certificates from there. */
  readonly acmCloudFront: ACMClient;
  /**
   * The regional clients in the standby region (`config.standby.region`).
   *
   * @default - none: the stage has one region
   */
  readonly standby?: RegionalClients;
  /**
   * The regional clients in us-east-1, where a stage that issues its certificates deploys CloudFront's
   * (`EdgeCertificate`): the CDK bootstrap stack and the registry are read there.
   *
   * @default - none: the stage deploys nothing to us-east-1
   */
  readonly usEast1?: RegionalClients;
}

/** What every check receives. */
export interface PreflightContext {
  /** The stage's configuration, with `-c domain` and `-c alarmEmail` applied as the app applies them. */
  readonly config: StageConfig;
  /** The SDK clients (mocked in tests). */
  readonly clients: PreflightClients;
  /**
   * The stage's synthesized templates (`cdk.out/assembly-<stage>/`), for the checks that need to know what the
   * templates contain (resource types, the bootstrap version they require).
   *
   * @default - not synthesized: those checks fall back or report `unknown`
   */
  readonly templates?: StageTemplates;
  /**
   * The AWS profile in use (`AWS_PROFILE`), named in the fixes for credential problems.
   *
   * @default - the fixes say `<profile>`
   */
  readonly profile?: string;
}

/** A check: reads what it needs with the context's clients and returns its lines (none when it does not apply). */
export type Check = (context: PreflightContext) => Promise<CheckResult | readonly CheckResult[]>;

/** Builds a result. */
export function result(status: CheckStatus, name: string, message: string): CheckResult {
  return { status, name, message: oneLine(message) };
}

/** Collapses whitespace (AWS messages can span lines), so that every result is exactly one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
