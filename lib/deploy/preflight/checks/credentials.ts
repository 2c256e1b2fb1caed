import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { classifyAwsError } from '../aws-errors';
import { CheckResult, PreflightContext, result } from '../check';

const NAME = 'credentials';

/** The outcome of the credentials check: its line, and the account when the credentials work. */
export interface CredentialsOutcome {
  readonly result: CheckResult;
  /** The 12-digit account the credentials belong to; undefined when they do not work (no other check can run). */
  readonly account?: string;
}

/**
 * Who the credentials are (STS `GetCallerIdentity`, which needs no permission), and the account they belong to.
 * Every failure is one line with the fix: none found, expired, rejected, denied, throttled, unreachable.
 */
export async function checkCredentials(context: PreflightContext): Promise<CredentialsOutcome> {
  const { config, clients } = context;
  const profile = context.profile ?? '<profile>';
  const signIn = `sign in with \`aws sso login --profile ${profile}\` and \`export AWS_PROFILE=${profile}\``;
  try {
    const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
    const account = identity.Account ?? '';
    if (config.account !== undefined && config.account !== account) {
      return {
        result: result(
          'blocked',
          NAME,
          `account ${account} (${identity.Arn}), but the ${config.stageName} config pins account ${config.account}: use credentials for ${config.account}`,
        ),
      };
    }
    return { result: result('ok', NAME, `account ${account} (${identity.Arn})`), account };
  } catch (error) {
    const failure = classifyAwsError(error);
    if (!failure) throw error;
    const code = failure.code;
    switch (failure.kind) {
      case 'no-credentials':
        return {
          result: result(
            'missing',
            NAME,
            context.profile
              ? `profile '${context.profile}' gave no credentials (${code}): run \`aws sso login --profile ${context.profile}\`, or check the profile in ~/.aws/config`
              : `no AWS credentials found (${code}): ${signIn}, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`,
          ),
        };
      case 'expired':
        return { result: result('blocked', NAME, `the credentials have expired (${code}): ${signIn} again, or export a fresh AWS_SESSION_TOKEN`) };
      case 'invalid-credentials':
        return {
          result: result(
            'blocked',
            NAME,
            `AWS rejected the credentials (${code}): the access key is unknown or its secret wrong; check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or ${signIn}`,
          ),
        };
      case 'access-denied':
        // GetCallerIdentity needs no permission, and a policy that denies it has no effect
        // (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html): the account or region is the problem.
        return {
          result: result(
            'blocked',
            NAME,
            `AWS refused sts:GetCallerIdentity (${code}), which needs no IAM permission: check that the account is active and that ${config.region} is enabled for it (console → Account → AWS Regions)`,
          ),
        };
      case 'throttled':
        return {
          result: result('blocked', NAME, `STS throttled sts:GetCallerIdentity even after the SDK's retries (${code}): run the preflight again in a minute`),
        };
      case 'unreachable':
        return { result: result('blocked', NAME, `could not reach STS in ${config.region} (${code}): check the network or proxy and run the preflight again`) };
      default:
        return { result: result('blocked', NAME, `sts:GetCallerIdentity failed (${code}${failure.detail ? `: ${failure.detail}` : ''})`) };
    }
  }
}
