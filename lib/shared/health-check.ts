/**
 * Where and how to probe an HTTP(S) endpoint from outside, as a Route 53 health check does. The web tier exposes its
 * own (`WebTier.healthCheck`), so that a check on it follows the tier instead of restating its path and protocol.
 */
export interface HttpHealthCheck {
  /** Path requested, e.g. `/health`. */
  readonly path: string;
  /** `HTTPS` where the endpoint has a certificate, `HTTP` otherwise. */
  readonly protocol: 'HTTP' | 'HTTPS';
  /** TCP port the endpoint answers on. */
  readonly port: number;
}
