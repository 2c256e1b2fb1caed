import { domainToASCII, domainToUnicode } from 'url';

/**
 * A lower-case DNS name of at least two labels, e.g. `atlas.example.org`: letters, digits and hyphens (what
 * certificates and CloudFront aliases take), internationalized labels in their punycode form (`xn--…`).
 */
export const DOMAIN_NAME_PATTERN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** Names reserved for documentation and testing (RFC 2606): Route 53 refuses hosted zones for them. */
export function isReservedDomain(domain: string): boolean {
  return /(^|\.)(example\.(com|net|org)|example|test|invalid|localhost)$/.test(domain);
}

/** A domain as the user typed it and as DNS carries it. */
export interface NormalizedDomain {
  /** What DNS and Route 53 use: lower case, no trailing dot, internationalized labels in punycode. */
  readonly name: string;
  /** The same name for people: internationalized labels in Unicode (equal to `name` for an ASCII domain). */
  readonly unicode: string;
}

/**
 * Normalises a domain the way Route 53 reads it: case does not matter, one trailing dot (the root) may be given,
 * and a Unicode name (`예제.한국`) is its punycode form (IDNA, as browsers convert it). Returns undefined when the
 * value is no domain name in any of these forms.
 */
export function normalizeDomain(value: string): NormalizedDomain | undefined {
  const withoutRoot = value.endsWith('.') ? value.slice(0, -1) : value;
  const name = withoutRoot === '' ? '' : domainToASCII(withoutRoot);
  if (!DOMAIN_NAME_PATTERN.test(name)) return undefined;
  return { name, unicode: domainToUnicode(name) };
}
