import { performance } from 'perf_hooks';
import { setTimeout as sleep } from 'timers/promises';
import { Endpoint } from './endpoints';
import { probe, ProbeFailure, ProbeOptions, ProbeResponse } from './probe';

/** Options of `checkEndpoints`. */
export interface SmokeOptions extends ProbeOptions {
  /** Attempts per endpoint before it fails: a fresh deploy takes minutes to pass its health checks. */
  readonly attempts: number;
  /** Seconds between the end of an attempt and the start of the next one. */
  readonly intervalSeconds: number;
  /**
   * Called after each failed attempt that will be retried, e.g. to show progress while endpoints warm up.
   *
   * @default - nothing
   */
  readonly onRetry?: (endpoint: Endpoint, retry: RetryReport) => void;
  /**
   * Called once per endpoint as soon as its check is over, with its index in the `endpoints` passed.
   *
   * @default - nothing
   */
  readonly onResult?: (result: EndpointResult, index: number) => void;
}

/**
 * The defaults the CLI uses: up to 10 attempts 15 s apart, each request given 10 s, about two and a half minutes of
 * waiting for an endpoint that is still warming up (a new target passes its health checks in about a minute).
 */
export const DEFAULT_SMOKE_OPTIONS = { attempts: 10, intervalSeconds: 15, timeoutSeconds: 10 } as const;

/** A failed attempt that will be retried. */
export interface RetryReport {
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  /** Attempts allowed in all. */
  readonly attempts: number;
  /** What the attempt saw, e.g. `503 Service Unavailable`. */
  readonly reason: string;
  /** Seconds until the next attempt. */
  readonly nextInSeconds: number;
}

/** The outcome of checking one endpoint. */
export interface EndpointResult {
  /** The endpoint checked. */
  readonly endpoint: Endpoint;
  /** Whether its last attempt answered as expected. */
  readonly ok: boolean;
  /**
   * What the last attempt saw: `200, marker found, TLS verified` when ok, else the reason it failed
   * (`404 Not Found`, `TLS: self-signed certificate, not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)`, …).
   */
  readonly detail: string;
  /** Attempts made. */
  readonly attempts: number;
  /**
   * What usually causes the last failure, where the endpoint knows (a DNS name not found: the zone is not delegated).
   *
   * @default - none
   */
  readonly hint?: string;
  /** Whether the last failure ended the checks early because waiting cannot fix it (TLS, an unexpected status). */
  readonly gaveUpEarly: boolean;
  /** Duration of the last attempt in seconds. */
  readonly seconds: number;
}

/** What one attempt concluded. */
interface Verdict {
  readonly ok: boolean;
  readonly detail: string;
  readonly retryable: boolean;
  readonly hint?: string;
}

/**
 * Checks every endpoint concurrently, each with up to `attempts` attempts `intervalSeconds` apart, and resolves with
 * one result per endpoint in the order given. An attempt passes on a 200 whose body shows the endpoint's marker.
 *
 * Retried, since a fresh deploy produces them while it warms up: connection refused or reset, timeouts, DNS names
 * not found yet, 5xx and 429, and also 404 and a 200 without the marker (a site still being copied, a target group
 * not yet registered), whose last occurrence the result reports. Not retried: TLS failures and other statuses,
 * which waiting does not fix.
 */
export async function checkEndpoints(endpoints: readonly Endpoint[], options: SmokeOptions): Promise<EndpointResult[]> {
  return Promise.all(
    endpoints.map(async (endpoint, index) => {
      const result = await checkEndpoint(endpoint, options);
      options.onResult?.(result, index);
      return result;
    }),
  );
}

async function checkEndpoint(endpoint: Endpoint, options: SmokeOptions): Promise<EndpointResult> {
  for (let attempt = 1; ; attempt++) {
    const started = performance.now();
    const verdict = await attemptOnce(endpoint, options);
    const seconds = (performance.now() - started) / 1000;
    const retrying = !verdict.ok && verdict.retryable && attempt < options.attempts;
    if (!retrying) {
      const hint = verdict.hint ? { hint: verdict.hint } : {};
      return { endpoint, ok: verdict.ok, detail: verdict.detail, ...hint, attempts: attempt, gaveUpEarly: !verdict.ok && !verdict.retryable, seconds };
    }
    options.onRetry?.(endpoint, { attempt, attempts: options.attempts, reason: verdict.detail, nextInSeconds: options.intervalSeconds });
    await sleep(options.intervalSeconds * 1000);
  }
}

async function attemptOnce(endpoint: Endpoint, options: SmokeOptions): Promise<Verdict> {
  let response: ProbeResponse;
  try {
    response = await probe(endpoint.url, options);
  } catch (error) {
    if (!(error instanceof ProbeFailure)) throw error;
    const hint = error.kind === 'dns' && endpoint.notFoundHint ? { hint: endpoint.notFoundHint } : {};
    return { ok: false, detail: error.message, retryable: error.retryable, ...hint };
  }
  return judge(response, endpoint);
}

/** A response against what the endpoint must answer. */
function judge(response: ProbeResponse, endpoint: Endpoint): Verdict {
  const check = endpoint.body;
  const status = `${response.status} ${response.statusText}`.trim();
  const redirected = response.finalUrl !== new URL(endpoint.url).href;
  if (response.status === 200) {
    const found = 'equals' in check ? response.body.trim() === check.equals : check.includesAnyOf.some((marker) => response.body.includes(marker));
    if (found) {
      const what = 'equals' in check ? `body ${quote(check.equals)}` : 'marker found';
      const detail = ['200', what, response.tls, redirected ? `via ${response.finalUrl}` : undefined].filter(Boolean).join(', ');
      return { ok: true, detail, retryable: false };
    }
    const seen = response.body.trim() === '' ? 'an empty body' : `a body starting ${quote(snippet(response.body))}`;
    const expected = 'equals' in check ? `exactly ${quote(check.equals)}` : check.includesAnyOf.map(quote).join(' or ');
    return { ok: false, detail: `200 but ${seen}, expected ${expected}${at(response, redirected)}`, retryable: true };
  }
  // 404: a site still being copied or a listener rule not yet in place; 429 and 5xx: targets not yet healthy.
  const retryable = response.status === 404 || response.status === 429 || response.status >= 500;
  return { ok: false, detail: `${status}${retryable ? '' : ', expected 200'}${at(response, redirected)}`, retryable };
}

/** Where a failing response came from, when a redirect took the request elsewhere. */
function at(response: ProbeResponse, redirected: boolean): string {
  return redirected ? ` at ${response.finalUrl}` : '';
}

function snippet(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function quote(text: string): string {
  return JSON.stringify(text);
}
