/** A lower-case DNS name of at least two labels, e.g. `atlas.example.org`. */
export const DOMAIN_NAME_PATTERN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Names reserved for documentation and testing (RFC 2606): Route 53 refuses hosted zones for them. */
export function isReservedDomain(domain: string): boolean {
  return /(^|\.)(example\.(com|net|org)|example|test|invalid|localhost)$/.test(domain);
}
