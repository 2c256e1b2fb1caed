import { GetAccountSettingsCommand } from '@aws-sdk/client-lambda';
import { classifyAwsError, failedCheck } from '../aws-errors';
import { CheckResult, PreflightContext, result } from '../check';

const NAME = 'lambda-concurrency';

/**
 * Service Quotas code of Lambda's "Concurrent executions" quota, used by
 * `aws service-quotas request-service-quota-increase --service-code lambda --quota-code L-B99A9384` (as AWS users
 * quote it, e.g. https://briankeating.net/blog/2025-03-07-understanding-aws-lambda-concurrent-execution-quota).
 */
export const LAMBDA_CONCURRENCY_QUOTA_CODE = 'L-B99A9384';

/**
 * How much concurrency Lambda keeps unreserved: "You can reserve up to the Unreserved account concurrency value
 * minus 100" (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html). Accounts whose whole
 * limit is below 100 (new accounts start at 10 or 50) are refused any reservation: the error then reads "decreases
 * account's UnreservedConcurrentExecution below its minimum value of [10]" or "[50]", the account's whole limit
 * (e.g. https://github.com/aws-samples/alarm-context-tool/issues/2, https://github.com/aws-samples/siem-on-amazon-opensearch-service/issues/175).
 */
export function unreservedMinimum(accountLimit: number): number {
  return Math.min(100, accountLimit);
}

/**
 * The stage's reserved concurrency (`functions.reservedConcurrency`) against the account's Lambda settings
 * (`GetAccountSettings`): the reservation must leave Lambda's unreserved minimum free, or the function's creation
 * fails and the Compute stack rolls back.
 */
export async function checkLambdaConcurrency(context: PreflightContext): Promise<CheckResult> {
  const { config, clients } = context;
  const reserved = config.functions.reservedConcurrency ?? 0;
  let limit: number;
  let unreserved: number;
  try {
    const settings = await clients.lambda.send(new GetAccountSettingsCommand({}));
    limit = settings.AccountLimit?.ConcurrentExecutions ?? 0;
    unreserved = settings.AccountLimit?.UnreservedConcurrentExecutions ?? 0;
  } catch (error) {
    // Without a reservation there is nothing the account settings could refuse.
    if (reserved === 0 && classifyAwsError(error)) {
      return result('ok', NAME, 'the stage reserves no concurrency (the account settings were not readable: lambda:GetAccountSettings)');
    }
    return failedCheck(NAME, 'lambda:GetAccountSettings', error);
  }
  if (reserved === 0) return result('ok', NAME, `the stage reserves no concurrency (account limit ${limit}, ${unreserved} unreserved)`);

  const minimum = unreservedMinimum(limit);
  const left = unreserved - reserved;
  if (left < minimum) {
    // Reservations of other functions stay; the limit must cover them, this stage's and Lambda's 100.
    const desired = limit - unreserved + reserved + 100;
    return result(
      'blocked',
      NAME,
      `the stage reserves ${reserved} of ${unreserved} unreserved (account limit ${limit}), but Lambda keeps at least ${minimum} unreserved` +
        ` (figures include this stage's own reservation if it is deployed already): request a limit of ${desired} with` +
        ` \`aws service-quotas request-service-quota-increase --service-code lambda --quota-code ${LAMBDA_CONCURRENCY_QUOTA_CODE} --desired-value ${desired} --region ${config.region}\`` +
        ` (Service Quotas console → AWS Lambda → Concurrent executions), or lower functions.reservedConcurrency in lib/config/presets.ts`,
    );
  }
  return result('ok', NAME, `the stage reserves ${reserved}; ${left} of the account limit ${limit} stay unreserved (Lambda keeps at least ${minimum})`);
}
