import { CheckResult, CheckStatus, oneLine, result } from './check';

/** What kind of failure an AWS SDK call met, as far as the fix is concerned. */
export type AwsFailureKind =
  /** The SDK found no credentials at all (`CredentialsProviderError`: "Could not load credentials from any providers"). */
  | 'no-credentials'
  /** Credentials that were valid once: an expired session token or SSO session. */
  | 'expired'
  /** Credentials AWS does not accept: an unknown key, a wrong secret. */
  | 'invalid-credentials'
  /** The principal may not call the action. */
  | 'access-denied'
  /** AWS throttled the call, and the SDK's own retries (3 attempts with backoff) did not get through. */
  | 'throttled'
  /** No answer from AWS: DNS, connection or timeout. */
  | 'unreachable'
  /** Any other error the service returned. */
  | 'service';

/** A classified AWS failure. */
export interface AwsFailure {
  readonly kind: AwsFailureKind;
  /** The error code or name, e.g. `ExpiredToken`, `AccessDenied`, `ENOTFOUND`. */
  readonly code: string;
  /** The first line of the error message, whitespace collapsed and cut to a readable length. */
  readonly detail: string;
}

const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired']);
const INVALID = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'InvalidAccessKeyId',
  'AuthFailure',
  'InvalidSignatureException',
]);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedAccess', 'AuthorizationError']);
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'PriorRequestNotComplete',
  'SlowDown',
  'RequestThrottled',
  'RequestThrottledException',
]);
/** The credential providers' own errors (package @smithy/property-provider and the SSO token provider). */
const PROVIDER_ERRORS = new Set(['CredentialsProviderError', 'TokenProviderError']);
const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
const NETWORK_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);

interface ErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly Code?: unknown;
  readonly message?: unknown;
  readonly $metadata?: unknown;
  readonly $fault?: unknown;
  readonly $retryable?: { readonly throttling?: boolean };
}

/**
 * Classifies an error thrown by an AWS SDK v3 call. Returns undefined for anything that is not an AWS or network
 * failure (a programming error), which the caller should rethrow.
 */
export function classifyAwsError(error: unknown): AwsFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as ErrorShape;
  const name = typeof e.name === 'string' ? e.name : '';
  const errorCode = typeof e.Code === 'string' ? e.Code : typeof e.code === 'string' ? e.code : '';
  // The SDK names a service error by its code (`ExpiredToken`, `AccessDenied`); Node's network errors are plain
  // `Error`s with a `code` (`ENOTFOUND`).
  const code = name && name !== 'Error' ? name : errorCode || name;
  const message = typeof e.message === 'string' ? e.message : '';
  const detail = shorten(message.split('\n')[0] ?? '');
  const fromService = e.$metadata !== undefined || e.$fault !== undefined;
  const failure = (kind: AwsFailureKind, shown = code): AwsFailure => ({ kind, code: shown || 'Error', detail });

  if (PROVIDER_ERRORS.has(name)) {
    // An SSO session past its end: "The SSO session associated with this profile has expired or is otherwise invalid".
    return failure(/expired|refresh/i.test(message) ? 'expired' : 'no-credentials', name);
  }
  if (/could not load credentials/i.test(message)) return failure('no-credentials', name || 'CredentialsProviderError');
  if (EXPIRED.has(name) || EXPIRED.has(errorCode) || (fromService && /token.*(is|has) expired/i.test(message))) return failure('expired');
  if (INVALID.has(name) || INVALID.has(errorCode)) return failure('invalid-credentials');
  if (DENIED.has(name) || DENIED.has(errorCode)) return failure('access-denied');
  if (THROTTLED.has(name) || THROTTLED.has(errorCode) || e.$retryable?.throttling === true) return failure('throttled');
  if (NETWORK_CODES.has(errorCode)) return failure('unreachable', errorCode);
  if (NETWORK_NAMES.has(name)) return failure('unreachable', name);
  if (fromService) return failure('service');
  return undefined;
}

/** Is this the error a `Get`/`Describe` call returns for a resource that does not exist (by name or code)? */
export function isNamed(error: unknown, ...names: string[]): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as ErrorShape;
  return names.some((n) => e.name === n || e.code === n || e.Code === n);
}

/**
 * The line of a check whose own read call failed: `unknown`, with the IAM action it needs when access was denied,
 * and never a stack trace. Rethrows errors that are not AWS failures (programming errors).
 *
 * @param name the check's name
 * @param action the IAM action of the failed call, e.g. `servicequotas:GetServiceQuota`
 * @param subject what the check was looking at, put first in the message, e.g. a role name
 */
export function failedCheck(name: string, action: string, error: unknown, subject?: string): CheckResult {
  const failure = classifyAwsError(error);
  if (!failure) throw error;
  const prefix = subject ? `${subject}: ` : '';
  const status: CheckStatus = 'unknown';
  switch (failure.kind) {
    case 'access-denied':
      return result(status, name, `${prefix}not allowed to call ${action} (${failure.code}): grant ${action} to these credentials to check this`);
    case 'throttled':
      return result(status, name, `${prefix}${action} was throttled even after the SDK's retries (${failure.code}): run the preflight again in a minute`);
    case 'unreachable':
      return result(status, name, `${prefix}could not reach AWS for ${action} (${failure.code}): check the network or proxy and run the preflight again`);
    case 'no-credentials':
    case 'expired':
    case 'invalid-credentials':
      return result(status, name, `${prefix}the credentials stopped working during the run (${failure.code}): sign in again and run the preflight again`);
    default:
      return result(status, name, `${prefix}${action} failed (${failure.code}${failure.detail ? `: ${failure.detail}` : ''})`);
  }
}

function shorten(text: string, max = 200): string {
  const line = oneLine(text);
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
