import * as http from 'http';
import * as https from 'https';
import type { LookupFunction } from 'net';
import * as tls from 'tls';

/**
 * One GET of a URL with `node:http`/`node:https` (not `fetch`: the smoke test needs TLS details fetch does not
 * expose, namely a host-name check it may skip for the load balancer's own name, and extra trusted certificates for
 * the tests' loopback servers). Redirects are followed; connection, TLS and timeout errors come back as a
 * `ProbeFailure` with a readable reason and whether waiting could help.
 */

/** Options of `probe`. */
export interface ProbeOptions {
  /** The whole request, redirects included, must complete within this many seconds. */
  readonly timeoutSeconds: number;
  /**
   * Certificates (PEM) trusted besides Node's built-in root certificates.
   *
   * @default - the built-in root certificates only
   */
  readonly extraCaCertificates?: readonly string[];
  /**
   * Resolves host names instead of the system resolver (tests point real-looking names at loopback with it).
   *
   * @default - the system resolver
   */
  readonly lookup?: LookupFunction;
  /**
   * Redirects followed before giving up.
   *
   * @default 5
   */
  readonly maxRedirects?: number;
}

/** A complete response (after redirects). */
export interface ProbeResponse {
  readonly status: number;
  readonly statusText: string;
  /** The body as text (at most `MAX_BODY_BYTES` of it). */
  readonly body: string;
  /** The URL that answered, after redirects. */
  readonly finalUrl: string;
  /** How TLS was checked when the final URL is https: `verified`, or why the host name was not. */
  readonly tls?: string;
}

/** Why a request got no complete response. */
export class ProbeFailure extends Error {
  constructor(
    /** A readable reason, e.g. `connection refused (ECONNREFUSED)`. */
    message: string,
    /** What kind of failure: TLS and protocol failures do not go away by waiting, the others may. */
    public readonly kind: 'tls' | 'dns' | 'network' | 'timeout' | 'protocol',
    /** Whether a later attempt may succeed (the endpoint may still be warming up). */
    public readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'ProbeFailure';
  }
}

/** The part of a body kept for the marker check: the pages are small, a huge body is not one of them. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The load balancer's own DNS name (`<name>-<id>.<region>.elb.amazonaws.com`): no certificate a user can get covers
 * it, so over HTTPS its host-name check is skipped (the chain is still verified) and the DNS record names, which
 * the certificate must cover, check the host name instead.
 */
export const LOAD_BALANCER_HOST = /\.elb\.amazonaws\.com(\.cn)?$/i;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** TLS errors by code (OpenSSL's verification codes and Node's host-name check), in words. */
const TLS_REASONS: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate, not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'certificate chain ends in an untrusted self-signed root',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate not issued by a trusted authority',
  UNABLE_TO_GET_ISSUER_CERT: 'certificate not issued by a trusted authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'certificate not issued by a trusted authority',
  CERT_HAS_EXPIRED: 'certificate expired',
  CERT_NOT_YET_VALID: 'certificate not valid yet',
  CERT_REVOKED: 'certificate revoked',
  ERR_SSL_WRONG_VERSION_NUMBER: 'handshake failed: the server does not speak TLS on this port',
};

/** Network errors that an endpoint still warming up produces, in words. */
const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  ETIMEDOUT: 'connect timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/**
 * GETs `url`, following redirects, and resolves with the final response.
 *
 * @throws ProbeFailure when no complete response arrives (connection, DNS, TLS, timeout, too many redirects)
 */
export async function probe(url: string, options: ProbeOptions): Promise<ProbeResponse> {
  const signal = AbortSignal.timeout(options.timeoutSeconds * 1000);
  const maxRedirects = options.maxRedirects ?? 5;
  let current = new URL(url);
  for (let redirects = 0; ; redirects++) {
    const response = await requestOnce(current, options, signal);
    if (!REDIRECT_STATUSES.has(response.status)) return { ...response, finalUrl: current.href };
    if (redirects >= maxRedirects) throw new ProbeFailure(`more than ${maxRedirects} redirects (last to ${current.href})`, 'protocol', false);
    if (!response.location) throw new ProbeFailure(`${response.status} redirect without a Location header`, 'protocol', false);
    const next = new URL(response.location, current);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new ProbeFailure(`redirect to ${next.href}, not http(s)`, 'protocol', false);
    current = next;
  }
}

interface RawResponse {
  readonly status: number;
  readonly statusText: string;
  readonly body: string;
  readonly location?: string;
  readonly tls?: string;
}

function requestOnce(url: URL, options: ProbeOptions, signal: AbortSignal): Promise<RawResponse> {
  const secure = url.protocol === 'https:';
  let hostNameSkipped = false;
  const tlsOptions: https.RequestOptions = secure
    ? {
        ca: options.extraCaCertificates ? [...tls.rootCertificates, ...options.extraCaCertificates] : undefined,
        rejectUnauthorized: true,
        checkServerIdentity: (host, certificate) => {
          const mismatch = tls.checkServerIdentity(host, certificate);
          if (mismatch && LOAD_BALANCER_HOST.test(host)) {
            hostNameSkipped = true;
            return undefined;
          }
          return mismatch;
        },
      }
    : {};
  return new Promise((resolve, reject) => {
    let phase = 'connecting';
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onTimeout);
      outcome();
    };
    const fail = (error: unknown) => finish(() => reject(error instanceof ProbeFailure ? error : describeError(error, url)));

    const request = (secure ? https : http).request(
      url,
      {
        method: 'GET',
        agent: false, // a fresh connection per request: nothing pooled outlives the check
        headers: { 'user-agent': 'aws-service-atlas-smoke', accept: 'text/html, text/plain, */*', 'accept-encoding': 'identity', connection: 'close' },
        lookup: options.lookup,
        ...tlsOptions,
      },
      (response) => {
        phase = 'reading the body';
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < MAX_BODY_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        response.on('error', fail);
        response.on('close', () => {
          if (!response.complete) fail(new ProbeFailure('connection closed before the body was complete', 'network', true));
        });
        response.on('end', () =>
          finish(() =>
            resolve({
              status: response.statusCode ?? 0,
              statusText: response.statusMessage || http.STATUS_CODES[response.statusCode ?? 0] || '',
              body: Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8'),
              location: response.headers.location,
              tls: secure ? (hostNameSkipped ? "TLS chain verified, host name not (the load balancer's own name)" : 'TLS verified') : undefined,
            }),
          ),
        );
      },
    );
    request.on('socket', (socket) => {
      socket.once(secure ? 'secureConnect' : 'connect', () => {
        phase = 'waiting for the response';
      });
    });
    request.on('error', fail);
    const onTimeout = () => {
      fail(new ProbeFailure(`timed out after ${options.timeoutSeconds} s ${phase}`, 'timeout', true));
      request.destroy();
    };
    if (signal.aborted) onTimeout();
    else signal.addEventListener('abort', onTimeout, { once: true });
    request.end();
  });
}

/** A request error in words, by its code. */
function describeError(error: unknown, url: URL): ProbeFailure {
  const { code, reason, message } = error as NodeJS.ErrnoException & { reason?: string };
  const withCode = (words: string) => (code ? `${words} (${code})` : words);
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new ProbeFailure(withCode(`TLS: certificate does not cover ${url.hostname}${reason ? ` (${reason})` : ''}`), 'tls', false);
  }
  if (code && TLS_REASONS[code]) return new ProbeFailure(withCode(`TLS: ${TLS_REASONS[code]}`), 'tls', false);
  if (code && (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code.includes('CERT'))) {
    return new ProbeFailure(withCode(`TLS: handshake failed: ${message}`), 'tls', false);
  }
  if (code === 'EPROTO' && /SSL routines/.test(message)) {
    // OpenSSL's own reason, without the file and line: 'wrong version number' is a server that does not speak TLS.
    const sslReason = /SSL routines:[^:]*:([^:]+)/.exec(message)?.[1] ?? 'protocol error';
    const words = sslReason === 'wrong version number' ? TLS_REASONS.ERR_SSL_WRONG_VERSION_NUMBER : `handshake failed: ${sslReason}`;
    return new ProbeFailure(withCode(`TLS: ${words}`), 'tls', false);
  }
  if (code === 'ENOTFOUND') return new ProbeFailure(withCode(`DNS: ${url.hostname} not found`), 'dns', true);
  if (code === 'EAI_AGAIN') return new ProbeFailure(withCode(`DNS: lookup of ${url.hostname} failed for now`), 'dns', true);
  if (code && NETWORK_REASONS[code]) return new ProbeFailure(withCode(NETWORK_REASONS[code]), 'network', true);
  if (code?.startsWith('HPE_')) return new ProbeFailure(withCode(`malformed HTTP response: ${message}`), 'protocol', false);
  return new ProbeFailure(withCode(`request failed: ${message}`), 'network', false);
}
