/** Parses `a.b.c.d/n`; returns undefined when it is not IPv4 CIDR notation. */
export function parseIpv4Cidr(cidr: string): { base: number; prefix: number } | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  return { base: octets.reduce((acc, o) => acc * 256 + o, 0), prefix };
}
