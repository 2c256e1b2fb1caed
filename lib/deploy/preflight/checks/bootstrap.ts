import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { failedCheck, isNamed } from '../aws-errors';
import { CheckResult, PreflightContext, result } from '../check';
import { clientsIn, primaryRegion, StageRegion, stageRegions } from '../regions';
import { requiredBootstrapVersion } from '../templates';

const NAME = 'cdk-bootstrap';

/** The stack `cdk bootstrap` creates (default qualifier, which this app does not change). */
export const BOOTSTRAP_STACK_NAME = 'CDKToolkit';

/**
 * The bootstrap version the app's templates need when no synthesized template is at hand to read it from.
 *
 * It is aws-cdk-lib's `MIN_BOOTSTRAP_STACK_VERSION` (aws-cdk-lib 2.276.0,
 * `core/lib/stack-synthesizers/default-synthesizer.js`: `MIN_BOOTSTRAP_STACK_VERSION=6`), which the default synthesizer
 * writes into every template as the `CheckBootstrapVersion` rule ("CDK bootstrap stack version 6 required") and into
 * the manifest as `requiresBootstrapStackVersion: 6`. A test synthesizes a stack and checks the two agree.
 */
export const MIN_BOOTSTRAP_VERSION = 6;

/** Stack states in which the bootstrap stack works (a failed update rolled back to the last good template). */
const USABLE = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE']);
/** Its creation failed: CloudFormation cannot update such a stack, only delete it. */
const FAILED_CREATE = new Set(['ROLLBACK_COMPLETE', 'ROLLBACK_FAILED', 'CREATE_FAILED', 'DELETE_FAILED']);

/**
 * The CDK bootstrap stack in one region of the stage (every region it deploys to needs its own): present, in a usable
 * state, and at least the version the templates require (their `CheckBootstrapVersion` rule, else
 * `MIN_BOOTSTRAP_VERSION`). `cdk bootstrap` without environments bootstraps every region the stage's stacks name
 * (us-east-1 too, where the stage deploys CloudFront's certificate).
 *
 * @param where the region (default: the stage's primary region)
 */
export async function checkBootstrap(context: PreflightContext, where: StageRegion = primaryRegion(context.config)): Promise<CheckResult> {
  const { config, templates } = context;
  const { region, label } = where;
  const fromTemplates = requiredBootstrapVersion(templates);
  const required = fromTemplates ?? MIN_BOOTSTRAP_VERSION;
  const bootstrap = `run \`npx cdk bootstrap -c stage=${config.stageName}\``;
  const toolkit = `${BOOTSTRAP_STACK_NAME} in ${label}`;
  let stack;
  try {
    stack = (await clientsIn(context, where).cloudFormation.send(new DescribeStacksCommand({ StackName: BOOTSTRAP_STACK_NAME }))).Stacks?.[0];
  } catch (error) {
    // DescribeStacks answers a missing stack with a ValidationError "Stack with id CDKToolkit does not exist".
    if (!(isNamed(error, 'ValidationError') && /does not exist/.test((error as Error).message)))
      return failedCheck(NAME, 'cloudformation:DescribeStacks', error, region);
  }
  if (!stack) {
    const every = stageRegions(config).length > 1 ? ', which bootstraps every region of the stage' : '';
    return result('missing', NAME, `no ${BOOTSTRAP_STACK_NAME} stack in ${label}: ${bootstrap}${every} (once per account and region)`);
  }

  const status = String(stack.StackStatus);
  const deleteIt = `aws cloudformation delete-stack --stack-name ${BOOTSTRAP_STACK_NAME} --region ${region}`;
  if (status === 'REVIEW_IN_PROGRESS') {
    return result('blocked', NAME, `${toolkit} is ${status} (created but never executed): delete it with \`${deleteIt}\`, then ${bootstrap}`);
  }
  if (status.endsWith('_IN_PROGRESS')) {
    return result(
      'blocked',
      NAME,
      `${toolkit} is ${status}: wait until it settles (CloudFormation console, ${region} → Stacks → ${BOOTSTRAP_STACK_NAME} → Events), then run the preflight again`,
    );
  }
  if (FAILED_CREATE.has(status)) {
    return result(
      'blocked',
      NAME,
      `${toolkit} is ${status}: delete it with \`${deleteIt}\` (empty its cdk-…-assets bucket first if the delete fails), then ${bootstrap}`,
    );
  }
  if (status === 'UPDATE_ROLLBACK_FAILED') {
    return result(
      'blocked',
      NAME,
      `${toolkit} is ${status}: run \`aws cloudformation continue-update-rollback --stack-name ${BOOTSTRAP_STACK_NAME} --region ${region}\`, then ${bootstrap}`,
    );
  }
  if (!USABLE.has(status))
    return result('blocked', NAME, `${toolkit} is ${status}: fix or delete it in the CloudFormation console (${region}), then ${bootstrap}`);

  const output = stack.Outputs?.find((o) => o.OutputKey === 'BootstrapVersion')?.OutputValue;
  const version = output !== undefined && /^\d+$/.test(output) ? Number(output) : undefined;
  const source = fromTemplates !== undefined ? "the templates' CheckBootstrapVersion rule" : 'aws-cdk-lib';
  if (version === undefined) {
    return result(
      'blocked',
      NAME,
      `${toolkit} has no BootstrapVersion output (a legacy or hand-made bootstrap): ${bootstrap} to replace it with version ${required} or later`,
    );
  }
  if (version < required) {
    return result('blocked', NAME, `${toolkit} is version ${version}, older than the ${required} ${source} requires: ${bootstrap} to update it`);
  }
  return result('ok', NAME, `${BOOTSTRAP_STACK_NAME} version ${version} in ${label} (${source} requires ${required} or later), ${status}`);
}
