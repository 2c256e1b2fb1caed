import * as fs from 'fs';
import { HEALTH_CHECK_PATH } from '../../compute/web-tier';
import { CLOUDFRONT_RECORDS, ROUTING_POLICY_RECORDS } from '../../networking/dns';
import { show } from '../../shared/validate';
import { BEANSTALK_MARKER, CONTAINER_MARKER, HEALTH_BODY, SITE_MARKER, WEB_PAGE_MARKER } from './markers';

/**
 * Bad input to the smoke test: a missing or malformed outputs file, an output that is not what the stacks write,
 * no endpoint at all, or a bad flag. The message names the file, field or flag, the value and what is expected;
 * the CLI prints it as one line and exits with 2.
 */
export class SmokeInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SmokeInputError';
  }
}

/** What the body of a 200 response must show. */
export type BodyCheck =
  /** The body contains at least one of the markers (several where a DNS record may answer from either origin). */
  | { readonly includesAnyOf: readonly string[] }
  /** The body, trimmed, is exactly this (for bodies too short to search for, like a health check's `ok`). */
  | { readonly equals: string };

/** One user-facing endpoint of a deployed stage, and what it must answer. */
export interface Endpoint {
  /** The stage the endpoint belongs to (`sandbox`), from the stack name `<stage>-<Id>`. */
  readonly stage: string;
  /**
   * Short name within the stage: `web`, `health`, `containers`, `beanstalk`, `standby-web`, `standby-health`, `site`,
   * `site-domain`, `dns-<policy>`.
   */
  readonly name: string;
  /** The URL requested: `http://` or `https://`; redirects are followed. */
  readonly url: string;
  /** The output it comes from, as `<stack>.<OutputKey>`, for messages. */
  readonly source: string;
  /** What the body of the (200) response must show. */
  readonly body: BodyCheck;
  /**
   * Said when the endpoint's host name is not found in DNS after every attempt: what usually causes it.
   *
   * @default - nothing more than the error
   */
  readonly notFoundHint?: string;
}

/** `stage/name`: how output lines and summaries name an endpoint. */
export function endpointLabel(endpoint: Endpoint): string {
  return `${endpoint.stage}/${endpoint.name}`;
}

/**
 * The stacks whose outputs the smoke test reads: the user-facing HTTP endpoints (`Compute`, `StandbyCompute`, `Edge`,
 * the record names and site URL of `Routing`) and the name servers of `Dns`, which a record's failure hint names.
 * Every other stack of a stage (Data, Network, …) is not read.
 */
const ENDPOINT_STACKS = ['Compute', 'StandbyCompute', 'Edge', 'Dns', 'Routing'] as const;
type EndpointStack = (typeof ENDPOINT_STACKS)[number];

/**
 * The order endpoints are listed in within a stage: the primary load balancer first, then what sits behind it, the
 * standby region's load balancer, then what sits in front of them.
 */
const NAME_ORDER = [
  'web',
  'health',
  'containers',
  'beanstalk',
  'standby-web',
  'standby-health',
  'site',
  'site-domain',
  ...ROUTING_POLICY_RECORDS.map((policy) => `dns-${policy}`),
];

/** A `<Policy>RecordName` output of the Routing stack. */
const RECORD_NAME_OUTPUT = /^([A-Z][A-Za-z0-9]*)RecordName$/;

/**
 * Routing policies whose record always answers from the load balancer in a stage with one region; the others may send
 * a share to CloudFront there. In a stage with a standby region no record points at CloudFront.
 */
const LOAD_BALANCER_ONLY_RECORDS: readonly string[] = ROUTING_POLICY_RECORDS.filter((policy) => !(CLOUDFRONT_RECORDS as readonly string[]).includes(policy));

/**
 * Reads and parses the JSON file that `cdk deploy --outputs-file <file>` writes.
 *
 * @throws SmokeInputError when the file is missing, unreadable or not JSON
 */
export function readOutputsFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new SmokeInputError(`outputs file '${file}' does not exist: write it with cdk deploy --outputs-file ${file}`);
    if (code === 'EISDIR') throw new SmokeInputError(`outputs file '${file}' is a directory, expected the JSON file cdk deploy --outputs-file writes`);
    throw new SmokeInputError(`cannot read outputs file '${file}' (${code ?? (error as Error).message})`);
  }
  if (text.trim() === '') throw new SmokeInputError(`outputs file '${file}' is empty, expected the JSON that cdk deploy --outputs-file writes`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new SmokeInputError(`outputs file '${file}' is not valid JSON (${(error as Error).message}), expected the file cdk deploy --outputs-file writes`);
  }
}

/**
 * Finds the user-facing endpoints in the outputs of `cdk deploy --outputs-file`
 * (`{ "<stage>-<Stack>": { "<OutputKey>": "<value>" } }`), grouped by stage in the order the stages first appear:
 *
 * | output | endpoints | body |
 * |---|---|---|
 * | `<stage>-Compute.LoadBalancerUrl` | `web`: the URL; `health`: `HEALTH_CHECK_PATH` on it | `WEB_PAGE_MARKER`; exactly `HEALTH_BODY` |
 * | `<stage>-Compute.ContainersUrl` | `containers`: the URL | `CONTAINER_MARKER` |
 * | `<stage>-Compute.BeanstalkUrl` (Beanstalk on) | `beanstalk`: the URL | `BEANSTALK_MARKER` |
 * | `<stage>-StandbyCompute.LoadBalancerUrl` | `standby-web`: the URL; `standby-health`: `HEALTH_CHECK_PATH` on it | as `web` and `health` |
 * | `<stage>-Edge.DistributionDomainName` | `site`: `https://<name>/` (CloudFront always serves HTTPS) | `SITE_MARKER` |
 * | `<stage>-Routing.SiteUrl` (a stage that issues its certificates) | `site-domain`: the URL, `https://www.<zone>/` | `SITE_MARKER` |
 * | `<stage>-Routing.<Policy>RecordName` | `dns-<policy>`: `<scheme>://<name>/` | `WEB_PAGE_MARKER`; in a stage with one region also `SITE_MARKER` where the policy may answer from CloudFront |
 *
 * A stage has a standby region when the outputs hold one of its `<stage>-Standby…` stacks (`StandbyRouting` has no
 * outputs, but cdk writes every deployed stack, if only as `{}`). Its records answer from one of the two load
 * balancers, which serve the same page, never from CloudFront: only `WEB_PAGE_MARKER` is accepted there.
 *
 * Other stacks and outputs (the Data stack's endpoints, `NameServers`) are not HTTP endpoints and are ignored;
 * a record's (and `site-domain`'s) hint when its name is not found names `<stage>-Dns.NameServers`, where the zone is
 * delegated to.
 *
 * @param outputs the parsed outputs file
 * @param file how messages name the file
 * @throws SmokeInputError when the outputs are not shaped as cdk writes them, an endpoint output is not a URL or
 * host name, or no endpoint is found
 */
export function findEndpoints(outputs: unknown, file = 'the outputs file'): Endpoint[] {
  if (!isPlainObject(outputs)) {
    throw new SmokeInputError(
      `'${file}' must hold an object of stacks such as {"sandbox-Compute": {"LoadBalancerUrl": "http://…/"}}, got ${describe(outputs)}`,
    );
  }
  // Outputs of the endpoint stacks, by stage, in the order the stages first appear.
  const stages = new Map<string, Partial<Record<EndpointStack, { stackName: string; outputs: Record<string, unknown> }>>>();
  // The stages that have a standby region: one of their stacks is a `Standby…` one.
  const withStandby = new Set<string>();
  for (const [stackName, stackOutputs] of Object.entries(outputs)) {
    if (!isPlainObject(stackOutputs)) {
      throw new SmokeInputError(
        `'${file}': stack ${stackName} must be an object of outputs such as {"LoadBalancerUrl": "http://…/"}, got ${describe(stackOutputs)}`,
      );
    }
    const match = /^(.+)-([A-Za-z0-9]+)$/.exec(stackName);
    if (match?.[2].startsWith('Standby')) withStandby.add(match[1]);
    if (!match || !(ENDPOINT_STACKS as readonly string[]).includes(match[2])) continue;
    const [, stage, stackId] = match;
    stages.set(stage, { ...stages.get(stage), [stackId]: { stackName, outputs: stackOutputs } });
  }

  const endpoints: Endpoint[] = [];
  for (const [stage, stacks] of stages) {
    const found: Endpoint[] = [];
    const output = (stackId: EndpointStack, key: string): { value: string; source: string } | undefined => {
      const stack = stacks[stackId];
      const value = stack?.outputs[key];
      if (stack === undefined || value === undefined) return undefined;
      const source = `${stack.stackName}.${key}`;
      if (typeof value !== 'string') throw new SmokeInputError(`'${file}': ${source} must be a string, got ${describe(value)}`);
      return { value, source };
    };
    const add = (name: string, url: string, source: string, body: BodyCheck, notFoundHint?: string) =>
      found.push({ stage, name, url, source, body, ...(notFoundHint ? { notFoundHint } : {}) });

    const loadBalancer = output('Compute', 'LoadBalancerUrl');
    const loadBalancerUrl = loadBalancer ? httpUrl(file, loadBalancer.source, loadBalancer.value) : undefined;
    if (loadBalancer && loadBalancerUrl) {
      add('web', loadBalancerUrl.href, loadBalancer.source, { includesAnyOf: [WEB_PAGE_MARKER] });
      add('health', new URL(HEALTH_CHECK_PATH, loadBalancerUrl).href, loadBalancer.source, { equals: HEALTH_BODY });
    }
    const containers = output('Compute', 'ContainersUrl');
    if (containers) add('containers', httpUrl(file, containers.source, containers.value).href, containers.source, { includesAnyOf: [CONTAINER_MARKER] });
    const beanstalk = output('Compute', 'BeanstalkUrl');
    if (beanstalk) add('beanstalk', httpUrl(file, beanstalk.source, beanstalk.value).href, beanstalk.source, { includesAnyOf: [BEANSTALK_MARKER] });

    const standbyLoadBalancer = output('StandbyCompute', 'LoadBalancerUrl');
    const standbyLoadBalancerUrl = standbyLoadBalancer ? httpUrl(file, standbyLoadBalancer.source, standbyLoadBalancer.value) : undefined;
    if (standbyLoadBalancer && standbyLoadBalancerUrl) {
      add('standby-web', standbyLoadBalancerUrl.href, standbyLoadBalancer.source, { includesAnyOf: [WEB_PAGE_MARKER] });
      add('standby-health', new URL(HEALTH_CHECK_PATH, standbyLoadBalancerUrl).href, standbyLoadBalancer.source, { equals: HEALTH_BODY });
    }

    const distribution = output('Edge', 'DistributionDomainName');
    // CloudFront redirects HTTP to HTTPS, so the site is promised over HTTPS: check it there.
    if (distribution) add('site', `https://${hostName(file, distribution.source, distribution.value)}/`, distribution.source, { includesAnyOf: [SITE_MARKER] });

    // A record name is served by a load balancer (in a stage with one region, some policies send a share to
    // CloudFront). Its scheme follows the load balancer: https when LoadBalancerUrl is https (the listener has a
    // certificate, which must then cover the record names: a host-name mismatch is a failure), http otherwise, where
    // CloudFront's redirect to https is followed. The two regions of a stage use HTTPS in both or neither (the config
    // validates it), so the standby's URL decides where the primary's is absent. Without either, http: an origin that
    // serves HTTPS redirects to it.
    const scheme = (loadBalancerUrl ?? standbyLoadBalancerUrl)?.protocol === 'https:' ? 'https' : 'http';
    const nameServers = `${stacks.Dns?.stackName ?? `${stage}-Dns`}.NameServers`;
    const delegationHint = `the zone answers once its parent domain delegates to the name servers in ${nameServers}`;

    // The site under the zone's own name (CloudFront with the certificate the stage issues): a name in the zone, so
    // it resolves only once the zone is delegated.
    const siteUrl = output('Routing', 'SiteUrl');
    if (siteUrl) add('site-domain', httpUrl(file, siteUrl.source, siteUrl.value).href, siteUrl.source, { includesAnyOf: [SITE_MARKER] }, delegationHint);
    for (const key of Object.keys(stacks.Routing?.outputs ?? {})) {
      const policyMatch = RECORD_NAME_OUTPUT.exec(key);
      const record = policyMatch ? output('Routing', key) : undefined;
      if (!policyMatch || !record) continue;
      const policy = policyMatch[1][0].toLowerCase() + policyMatch[1].slice(1);
      const markers = withStandby.has(stage) || LOAD_BALANCER_ONLY_RECORDS.includes(policy) ? [WEB_PAGE_MARKER] : [WEB_PAGE_MARKER, SITE_MARKER];
      add(`dns-${policy}`, `${scheme}://${hostName(file, record.source, record.value)}/`, record.source, { includesAnyOf: markers }, delegationHint);
    }
    const rank = (name: string) => (NAME_ORDER.includes(name) ? NAME_ORDER.indexOf(name) : NAME_ORDER.length);
    endpoints.push(...found.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name)));
  }

  if (endpoints.length === 0) {
    const stacks = Object.keys(outputs);
    throw new SmokeInputError(
      `no endpoints in '${file}': expected LoadBalancerUrl, ContainersUrl or BeanstalkUrl in a <stage>-Compute stack, LoadBalancerUrl in ` +
        `<stage>-StandbyCompute, DistributionDomainName in <stage>-Edge, SiteUrl or <Policy>RecordName in <stage>-Routing; found ${stacks.length === 0 ? 'no stacks' : `stacks ${stacks.join(', ')}`}`,
    );
  }
  return endpoints;
}

/** An output that must be an absolute `http://` or `https://` URL. */
function httpUrl(file: string, source: string, value: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new SmokeInputError(
      `'${file}': ${source} must be an http:// or https:// URL such as http://atlas-123.ap-northeast-2.elb.amazonaws.com/, got ${show(value)}`,
    );
  }
  return url;
}

/** An output that must be a bare host name (no scheme, port or path), e.g. `d111111abcdef8.cloudfront.net`. */
function hostName(file: string, source: string, value: string): string {
  let host: string | undefined;
  try {
    const url = new URL(`https://${value}`);
    host = url.hostname === value.toLowerCase() && value.includes('.') ? url.hostname : undefined;
  } catch {
    host = undefined;
  }
  if (!host)
    throw new SmokeInputError(`'${file}': ${source} must be a host name such as d111111abcdef8.cloudfront.net (no scheme or path), got ${show(value)}`);
  return host;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON value for a message: its type where the type is what is wrong, the value itself where it is short. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return show(value);
}
