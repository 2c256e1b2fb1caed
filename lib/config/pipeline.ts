import * as fs from 'fs';
import * as path from 'path';
import { show } from '../shared/validate';
import { ConfigError } from './validate';

/**
 * The optional delivery pipeline (`-c pipelineRepository=<owner>/<repo> -c pipelineConnectionArn=<ARN>`): what the
 * context values become once parsed, and the CDK CLI version the pipeline's generated steps install.
 */

/** Where the pipeline reads the app from: a GitHub repository, through an AWS CodeConnections connection. */
export interface PipelineSourceChoice {
  /** `<owner>/<repo>` of the GitHub repository. */
  readonly repository: string;
  /** ARN of the connection that is authorised to read the repository (`codeconnections` or `codestar-connections`). */
  readonly connectionArn: string;
}

/**
 * A GitHub repository as `<owner>/<repo>`: the owner (user or organisation) is 1 to 39 letters, digits and single
 * hyphens, neither first nor last; the repository name is 1 to 100 letters, digits, `.`, `-` and `_`, and not `.`
 * or `..`.
 */
export const GITHUB_REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\/(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/;

/**
 * An AWS CodeConnections connection ARN in any partition. Connections created since July 2024 carry the
 * `codeconnections` service name; older ones keep `codestar-connections` (the service's former name), and both work.
 */
export const CONNECTION_ARN =
  /^arn:aws(?:-[a-z]+)*:(?:codeconnections|codestar-connections):[a-z]{2}(?:-[a-z]+)+-\d+:\d{12}:connection\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Parses the two pipeline context values: both absent means no pipeline (the app is exactly as without them); both
 * present and well-formed gives the pipeline's source; anything else is a `ConfigError` naming the field, the value
 * and what is allowed.
 */
export function selectPipelineSource(repository: unknown, connectionArn: unknown): PipelineSourceChoice | undefined {
  if (repository === undefined && connectionArn === undefined) return undefined;
  if (repository === undefined) {
    throw new ConfigError([
      `pipelineRepository is required with pipelineConnectionArn: the GitHub repository the pipeline deploys, as <owner>/<repo>, got none (pipelineConnectionArn ${show(connectionArn)})`,
    ]);
  }
  if (connectionArn === undefined) {
    throw new ConfigError([
      `pipelineConnectionArn is required with pipelineRepository: the ARN of the CodeConnections connection that reads the repository, got none (pipelineRepository ${show(repository)})`,
    ]);
  }
  if (typeof repository !== 'string' || !GITHUB_REPOSITORY.test(repository)) {
    throw new ConfigError([
      `pipelineRepository must be a GitHub repository as <owner>/<repo> (owner: letters, digits and single hyphens, at most 39, no hyphen first or last; repo: letters, digits, '.', '-' and '_', at most 100), got ${show(repository)}`,
    ]);
  }
  if (typeof connectionArn !== 'string' || !CONNECTION_ARN.test(connectionArn)) {
    throw new ConfigError([
      `pipelineConnectionArn must be a CodeConnections connection ARN, arn:<partition>:codeconnections:<region>:<12-digit account>:connection/<uuid> (or codestar-connections, the former service name), got ${show(connectionArn)}`,
    ]);
  }
  return { repository, connectionArn };
}

/**
 * Placeholder pipeline context for what only reads the synthesized pipeline (the diagrams, the exceptions table, the
 * concept map's check): a repository and a connection that do not exist (111122223333 is the account id AWS's
 * documentation uses). Synthesize with them, never deploy them.
 */
export const EXAMPLE_PIPELINE = {
  pipelineRepository: 'your-org/aws-service-atlas',
  pipelineConnectionArn: 'arn:aws:codeconnections:ap-northeast-2:111122223333:connection/00000000-0000-4000-8000-000000000000',
} as const;

/**
 * The exact version of the CDK CLI the project pins (`devDependencies['aws-cdk']` in package.json): the pipeline's
 * generated steps (self-mutation) install this version, so they run the CLI the synth step ran. Read, not repeated,
 * so that one change to package.json moves both. A range would let the pipeline drift from the lock file, so it is
 * refused.
 */
export function projectCdkCliVersion(packageJson = path.join(__dirname, '..', '..', 'package.json')): string {
  const { devDependencies = {} } = JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { devDependencies?: Record<string, string> };
  const version = devDependencies['aws-cdk'];
  if (version === undefined || !/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error(`${packageJson} must pin devDependencies['aws-cdk'] to an exact version (the pipeline installs the same CLI), got ${show(version)}`);
  }
  return version;
}
