import { execFile } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import type { AddressInfo, LookupFunction } from 'net';
import * as path from 'path';
import { CfnOutput, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { addAtlasStages } from '../../lib/atlas-app';
import type { AtlasStage } from '../../lib/atlas-stage';
import { HEALTH_CHECK_PATH } from '../../lib/compute/web-tier';
import { CONTAINER_PATH } from '../../lib/compute/container-service';
import { withEveryOptionalPart } from '../../lib/config/variants';
import {
  BEANSTALK_MARKER,
  checkEndpoints,
  CONTAINER_MARKER,
  DEFAULT_SMOKE_OPTIONS,
  Endpoint,
  EndpointResult,
  findEndpoints,
  formatResult,
  HEALTH_BODY,
  parseSmokeArguments,
  readOutputsFile,
  RetryReport,
  runSmoke,
  SITE_MARKER,
  SMOKE_EXIT,
  SmokeInputError,
  SmokeOptions,
  WEB_PAGE_MARKER,
} from '../../lib/deploy/smoke';
import { unitTestApp } from '../support/app';
import { joinedText } from '../support/select';
import { tempDir as runTempDir } from '../support/context';

const ROOT = path.resolve(__dirname, '..', '..');
const DNS_ENDPOINTS = ['dns-simple', 'dns-failover', 'dns-geo', 'dns-latency', 'dns-weighted'];
/** The endpoints of a stage in one region with every part on, in the order the smoke test checks them. */
const EVERY_ONE_REGION_ENDPOINT = ['web', 'health', 'containers', 'beanstalk', 'site', ...DNS_ENDPOINTS];
/**
 * The endpoints of a stage in two regions with Beanstalk on that issues its certificates (production's outputs): the
 * standby's load balancer too, and the site under the zone's own name.
 */
const EVERY_ENDPOINT = ['web', 'health', 'containers', 'beanstalk', 'standby-web', 'standby-health', 'site', 'site-domain', ...DNS_ENDPOINTS];
const FIXTURES = path.join(__dirname, 'smoke-fixtures');
// A throwaway self-signed certificate for 127.0.0.1 and localhost, test-only (see smoke-fixtures/README.md).
const CERTIFICATE = fs.readFileSync(path.join(FIXTURES, 'loopback-cert.pem'), 'utf8');
const KEY = fs.readFileSync(path.join(FIXTURES, 'loopback-key.pem'), 'utf8');

/** Small budgets keep the file fast: every retry and timeout below is tenths of a second. */
const FAST: SmokeOptions = { attempts: 3, intervalSeconds: 0.05, timeoutSeconds: 1 };

/** Resolves every host name to loopback, so that real-looking names reach the test servers. */
const toLoopback: LookupFunction = (_host, options, callback) => {
  if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};
/** A resolver for which no name exists yet, as for a zone its parent has not delegated. */
const notFound: LookupFunction = (host, _options, callback) =>
  callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }), '', 4);

// Pages as the deployed services serve them (the markers come from the code, see 'the markers' below).
const WEB_PAGE = `<h1>${WEB_PAGE_MARKER}</h1><p>served from ap-northeast-2a</p>\n`;
const SITE_PAGE = `<!doctype html><html><body>${SITE_MARKER}<p>Served from a private S3 bucket</p></body></html>`;

/**
 * The loopback web server: `/`, `HEALTH_CHECK_PATH` and `CONTAINER_PATH` answer like the load balancer; the others
 * misbehave in one way each. `/flaky/<id>` answers 503 twice, then the page (a counter per path).
 */
function handler(requests: Map<string, number>): http.RequestListener {
  return (request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://loopback').pathname;
    const count = (requests.get(pathname) ?? 0) + 1;
    requests.set(pathname, count);
    const send = (status: number, body: string, headers: http.OutgoingHttpHeaders = {}) => {
      response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
      response.end(body);
    };
    if (pathname === '/') return send(200, WEB_PAGE);
    if (pathname === HEALTH_CHECK_PATH) return send(200, `${HEALTH_BODY}\n`);
    if (pathname === CONTAINER_PATH) return send(200, CONTAINER_MARKER);
    if (pathname === '/site/') return send(200, SITE_PAGE);
    if (pathname === '/parked') return send(200, '<h1>Welcome to nginx!</h1>');
    if (pathname === '/health-like') return send(200, 'ok, but not the health file');
    if (pathname === '/missing') return send(404, 'Not Found');
    if (pathname === '/teapot') return send(418, "I'm a teapot");
    if (pathname === '/broken') return send(500, 'Internal Server Error');
    if (pathname.startsWith('/flaky/')) return count <= 2 ? send(503, 'Service Unavailable') : send(200, WEB_PAGE);
    if (pathname === '/redirect') return send(302, '', { location: '/' });
    if (pathname === '/redirect-loop') return send(302, '', { location: '/redirect-loop' });
    if (pathname === '/slow') return; // never answers: the client must give up
    if (pathname === '/slow-body') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.write('<h1>'); // and never ends
      return;
    }
    send(404, 'Not Found');
  };
}

const requests = new Map<string, number>();
const httpServer = http.createServer(handler(requests));
const httpsServer = https.createServer({ cert: CERTIFICATE, key: KEY }, handler(requests));
let base = '';
let httpsPort = 0;
let closedPort = 0;
let tempDir = '';

interface ChildRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}
let childRuns: Promise<[ChildRun, ChildRun]>;

/** Runs what `npm run smoke` runs (tsx bin/smoke.ts), without npx's lookup of the binary. */
function runCli(args: string[]): Promise<ChildRun> {
  return new Promise((resolve) => {
    execFile(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['bin/smoke.ts', ...args], { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  const listen = (server: http.Server) =>
    new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  base = `http://127.0.0.1:${await listen(httpServer)}`;
  httpsPort = await listen(httpsServer);
  // A port that was just free and is closed again: connecting to it is refused.
  const probe = http.createServer();
  closedPort = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  tempDir = runTempDir('atlas-smoke-test');
  // Started now, awaited by the last test: the child processes boot while this process constructs a stage.
  const child = { 'child-Compute': { LoadBalancerUrl: `${base}/`, ContainersUrl: `http://127.0.0.1:${closedPort}${CONTAINER_PATH}` } };
  childRuns = Promise.all([
    // A generous timeout: this process answers the child's requests only between its own synchronous steps.
    runCli([tempFile('child.json', JSON.stringify(child)), '--attempts', '1', '--timeout-seconds', '60']),
    runCli([tempFile('child-malformed.json', 'not json')]),
  ]);
});

afterAll(async () => {
  await childRuns; // never rejects; the children must be done before their server and files go
  for (const server of [httpServer, httpsServer]) {
    server.closeAllConnections(); // the slow routes' requests never end by themselves
    await new Promise((resolve) => server.close(resolve));
  }
  fs.rmSync(tempDir, { recursive: true, force: true });
});

/** Writes a file into the temporary directory (removed in afterAll) and returns its path. */
function tempFile(name: string, content: string): string {
  const file = path.join(tempDir, name);
  fs.writeFileSync(file, content);
  return file;
}

function endpoint(url: string, body: Endpoint['body'] = { includesAnyOf: [WEB_PAGE_MARKER] }, extra: Partial<Endpoint> = {}): Endpoint {
  return { stage: 'test', name: 'web', url, source: 'test-Compute.LoadBalancerUrl', body, ...extra };
}

async function checkOne(target: Endpoint, options: Partial<SmokeOptions> = {}): Promise<EndpointResult> {
  const [result] = await checkEndpoints([target], { ...FAST, ...options });
  return result;
}

describe('findEndpoints', () => {
  const outputsFile = path.join(FIXTURES, 'outputs.json');
  const endpoints = findEndpoints(readOutputsFile(outputsFile), outputsFile);
  const of = (stage: string) => endpoints.filter((e) => e.stage === stage);

  test('finds each stage of an outputs file, grouped by stage in the order the stages first appear', () => {
    expect([...new Set(endpoints.map((e) => e.stage))]).toEqual(['sandbox', 'production']);
    expect(of('sandbox').map((e) => e.name)).toEqual(['web', 'health', 'containers', 'site', 'dns-simple', 'dns-geo', 'dns-latency', 'dns-weighted']);
    expect(of('production').map((e) => e.name)).toEqual(EVERY_ENDPOINT);
    // The Data stacks' endpoints, NameServers and the CDK's PublishOutput… values are not HTTP endpoints.
    expect(endpoints.map((e) => e.source)).not.toEqual(expect.arrayContaining([expect.stringMatching(/Data|NameServers|PublishOutput/)]));
  });

  test('the load balancer: its page with the web tier marker, and the health path with exactly the health body', () => {
    // Host names come back in lower case, as URLs carry them.
    const lb = 'http://sandb-webti-abcdef123456-1234567890.ap-northeast-2.elb.amazonaws.com';
    expect(of('sandbox').slice(0, 3)).toEqual([
      { stage: 'sandbox', name: 'web', url: `${lb}/`, source: 'sandbox-Compute.LoadBalancerUrl', body: { includesAnyOf: [WEB_PAGE_MARKER] } },
      { stage: 'sandbox', name: 'health', url: `${lb}${HEALTH_CHECK_PATH}`, source: 'sandbox-Compute.LoadBalancerUrl', body: { equals: HEALTH_BODY } },
      {
        stage: 'sandbox',
        name: 'containers',
        url: `${lb}${CONTAINER_PATH}`,
        source: 'sandbox-Compute.ContainersUrl',
        body: { includesAnyOf: [CONTAINER_MARKER] },
      },
    ]);
  });

  test('the site over HTTPS (CloudFront redirects HTTP there) and Beanstalk at its URL', () => {
    expect(of('sandbox').find((e) => e.name === 'site')).toMatchObject({
      url: 'https://d1a2b3c4d5e6f7.cloudfront.net/',
      body: { includesAnyOf: [SITE_MARKER] },
    });
    expect(of('production').find((e) => e.name === 'beanstalk')).toMatchObject({
      url: 'http://awseb-e-a-awsebloa-mnopqr345678-3456789012.ap-northeast-2.elb.amazonaws.com/',
      body: { includesAnyOf: [BEANSTALK_MARKER] },
    });
  });

  test("the site under the zone's own name (Routing.SiteUrl, where the stage issues its certificates): its URL, the site marker, the delegation hint", () => {
    expect(of('production').find((e) => e.name === 'site-domain')).toEqual({
      stage: 'production',
      name: 'site-domain',
      url: 'https://www.atlas.example.org/',
      source: 'production-Routing.SiteUrl',
      body: { includesAnyOf: [SITE_MARKER] },
      notFoundHint: 'the zone answers once its parent domain delegates to the name servers in production-Dns.NameServers',
    });
    // The sandbox brings its own certificates (or none): no SiteUrl, no such endpoint.
    expect(of('sandbox').map((e) => e.name)).not.toContain('site-domain');
  });

  test("DNS record names use the load balancer's scheme: http in the sandbox, https where LoadBalancerUrl is https", () => {
    const dnsUrls = (stage: string) =>
      of(stage)
        .filter((e) => e.name.startsWith('dns-'))
        .map((e) => e.url);
    expect(dnsUrls('sandbox')).toEqual(['simple', 'geo', 'latency', 'weighted'].map((p) => `http://${p}.sandbox.atlas.example.org/`));
    expect(dnsUrls('production')).toEqual(['simple', 'failover', 'geo', 'latency', 'weighted'].map((p) => `https://${p}.atlas.example.org/`));
  });

  test('one region: a record that may answer from CloudFront accepts either page; one that only the load balancer answers, its page only', () => {
    const markers = (name: string) => (of('sandbox').find((e) => e.name === name)!.body as { includesAnyOf: string[] }).includesAnyOf;
    for (const name of ['dns-simple', 'dns-latency']) expect(markers(name)).toEqual([WEB_PAGE_MARKER]);
    for (const name of ['dns-geo', 'dns-weighted']) expect(markers(name)).toEqual([WEB_PAGE_MARKER, SITE_MARKER]);
    // The records come from the Routing stack; the zone's name servers, which the hint names, from the Dns stack.
    expect(of('sandbox').find((e) => e.name === 'dns-geo')).toMatchObject({
      source: 'sandbox-Routing.GeoRecordName',
      notFoundHint: 'the zone answers once its parent domain delegates to the name servers in sandbox-Dns.NameServers',
    });
  });

  test("two regions: the standby's load balancer is checked like the primary's, and every record answers with the web page only", () => {
    const standby = 'https://produ-webti-mnopqr345678-4567890123.ap-northeast-1.elb.amazonaws.com';
    const source = 'production-StandbyCompute.LoadBalancerUrl';
    expect(of('production').filter((e) => e.name.startsWith('standby-'))).toEqual([
      { stage: 'production', name: 'standby-web', url: `${standby}/`, source, body: { includesAnyOf: [WEB_PAGE_MARKER] } },
      { stage: 'production', name: 'standby-health', url: `${standby}${HEALTH_CHECK_PATH}`, source, body: { equals: HEALTH_BODY } },
    ]);
    // No record of a stage with a standby points at CloudFront: the site's page there would be a wrong answer.
    const records = of('production').filter((e) => e.name.startsWith('dns-'));
    expect(records.map((e) => e.name)).toEqual(DNS_ENDPOINTS);
    for (const record of records) {
      expect(record.body).toEqual({ includesAnyOf: [WEB_PAGE_MARKER] });
      expect(record.source).toBe(`production-Routing.${record.name[4].toUpperCase()}${record.name.slice(5)}RecordName`);
      expect(record.notFoundHint).toMatch(/ in production-Dns\.NameServers$/);
    }
  });

  test('two regions are told by any Standby stack, even one without outputs; the hint names <stage>-Dns without its outputs', () => {
    const found = findEndpoints({ 'p-StandbyRouting': {}, 'p-Routing': { WeightedRecordName: 'weighted.atlas.acme-corp.io' } });
    expect(found).toEqual([
      {
        stage: 'p',
        name: 'dns-weighted',
        url: 'http://weighted.atlas.acme-corp.io/',
        source: 'p-Routing.WeightedRecordName',
        body: { includesAnyOf: [WEB_PAGE_MARKER] },
        notFoundHint: 'the zone answers once its parent domain delegates to the name servers in p-Dns.NameServers',
      },
    ]);
    // Without a Standby stack the same record may answer from CloudFront.
    expect(findEndpoints({ 'p-Routing': { WeightedRecordName: 'weighted.atlas.acme-corp.io' } })[0].body).toEqual({
      includesAnyOf: [WEB_PAGE_MARKER, SITE_MARKER],
    });
  });

  test("the records' scheme follows the standby's load balancer where the primary's is not in the file", () => {
    const found = findEndpoints({
      'p-StandbyCompute': { LoadBalancerUrl: 'https://lb.ap-northeast-1.elb.amazonaws.com/' },
      'p-Routing': { SimpleRecordName: 'simple.atlas.acme-corp.io' },
    });
    expect(found.map((e) => [e.name, e.url])).toEqual([
      ['standby-web', 'https://lb.ap-northeast-1.elb.amazonaws.com/'],
      ['standby-health', `https://lb.ap-northeast-1.elb.amazonaws.com${HEALTH_CHECK_PATH}`],
      ['dns-simple', 'https://simple.atlas.acme-corp.io/'],
    ]);
  });

  test.each<[string, unknown, RegExp]>([
    ['an array', [], /'f.json' must hold an object of stacks .*got an array/],
    ['null', null, /'f.json' must hold an object of stacks .*got null/],
    ['a stack that is not an object', { 'sandbox-Compute': 'http://x/' }, /stack sandbox-Compute must be an object of outputs .*got 'http:\/\/x\/'/],
    ['an endpoint output that is not a string', { 'sandbox-Compute': { LoadBalancerUrl: 42 } }, /sandbox-Compute\.LoadBalancerUrl must be a string, got 42/],
    [
      'a load balancer URL that is no http(s) URL',
      { 'sandbox-Compute': { LoadBalancerUrl: 'ftp://lb.example.org/' } },
      /sandbox-Compute\.LoadBalancerUrl must be an http:\/\/ or https:\/\/ URL .*got 'ftp:\/\/lb\.example\.org\/'/,
    ],
    [
      'a containers URL that is no URL',
      { 'sandbox-Compute': { ContainersUrl: 'lb.example.org/containers' } },
      /sandbox-Compute\.ContainersUrl must be an http:\/\/ or https:\/\/ URL .*got 'lb\.example\.org\/containers'/,
    ],
    [
      'a distribution domain name with a scheme',
      { 'sandbox-Edge': { DistributionDomainName: 'https://d1.cloudfront.net/' } },
      /sandbox-Edge\.DistributionDomainName must be a host name .*got 'https:\/\/d1\.cloudfront\.net\/'/,
    ],
    [
      'a standby load balancer URL that is no http(s) URL',
      { 'production-StandbyCompute': { LoadBalancerUrl: 'lb.ap-northeast-1.elb.amazonaws.com' } },
      /production-StandbyCompute\.LoadBalancerUrl must be an http:\/\/ or https:\/\/ URL .*got 'lb\.ap-northeast-1\.elb\.amazonaws\.com'/,
    ],
    [
      'a site URL that is no http(s) URL',
      { 'production-Routing': { SiteUrl: 'www.atlas.example.org' } },
      /production-Routing\.SiteUrl must be an http:\/\/ or https:\/\/ URL .*got 'www\.atlas\.example\.org'/,
    ],
    [
      'a record name with a path',
      { 'sandbox-Routing': { SimpleRecordName: 'simple.example.org/x' } },
      /sandbox-Routing\.SimpleRecordName must be a host name .*got 'simple\.example\.org\/x'/,
    ],
    [
      'no endpoint stack',
      { 'sandbox-Data': { TableName: 't' }, 'sandbox-Dns': { NameServers: 'ns-1.awsdns-01.org' } },
      /no endpoints in 'f.json': expected LoadBalancerUrl, ContainersUrl or BeanstalkUrl in a <stage>-Compute stack, LoadBalancerUrl in <stage>-StandbyCompute, DistributionDomainName in <stage>-Edge, SiteUrl or <Policy>RecordName in <stage>-Routing; found stacks sandbox-Data, sandbox-Dns/,
    ],
    [
      // Where the records were before the Routing stacks: an outputs file from then names no endpoint.
      'record names in the Dns stack',
      { 'sandbox-Dns': { SimpleRecordName: 'simple.sandbox.atlas.example.org' } },
      /no endpoints in 'f.json': .*<Policy>RecordName in <stage>-Routing; found stacks sandbox-Dns/,
    ],
    ['no stacks at all', {}, /no endpoints in 'f.json'.*found no stacks/],
  ])('fails on %s, naming the field, the value and what is expected', (_case, outputs, message) => {
    expect(() => findEndpoints(outputs, 'f.json')).toThrow(SmokeInputError);
    expect(() => findEndpoints(outputs, 'f.json')).toThrow(message);
  });
});

describe('readOutputsFile', () => {
  test('fails on a missing file, naming it and how to write it', () => {
    const missing = path.join(tempDir, 'nothing-here.json');
    expect(() => readOutputsFile(missing)).toThrow(
      new SmokeInputError(`outputs file '${missing}' does not exist: write it with cdk deploy --outputs-file ${missing}`),
    );
  });

  test.each([
    [
      'malformed JSON',
      '{"sandbox-Compute": {',
      /outputs file '.*malformed JSON\.json' is not valid JSON \(.*\), expected the file cdk deploy --outputs-file writes/,
    ],
    ['an empty file', '  \n', /outputs file '.*an empty file\.json' is empty/],
  ])('fails on %s', (name, content, message) => {
    expect(() => readOutputsFile(tempFile(`${name}.json`, content))).toThrow(message);
  });

  test('fails on a directory', () => {
    expect(() => readOutputsFile(tempDir)).toThrow(/is a directory, expected the JSON file/);
  });
});

describe('the markers the smoke test looks for are what the stage serves', () => {
  let stage: AtlasStage;
  let production: AtlasStage;
  beforeAll(() => {
    // Constructed, never synthesized. Every optional part, so that Beanstalk, HTTPS and the failover record are there.
    [stage] = addAtlasStages(unitTestApp(), { stage: 'sandbox', compliance: false, configure: withEveryOptionalPart });
    // The preset: production in two regions, with Beanstalk.
    [production] = addAtlasStages(unitTestApp(), { stage: 'production', compliance: false });
  }, 60_000);

  /** The stacks' outputs as cdk deploy writes them: each intrinsic (a load balancer's DNS name, …) a placeholder host. */
  function deployedOutputs(stacks: readonly Stack[]): Record<string, Record<string, string>> {
    const outputs: Record<string, Record<string, string>> = {};
    let hosts = 0;
    for (const stack of stacks) {
      const render = (value: unknown): string => joinedText(value, () => `resolved-${++hosts}.${stack.region}.example.net`);
      outputs[stack.stackName] = {};
      for (const output of stack.node.findAll().filter((c): c is CfnOutput => c instanceof CfnOutput)) {
        outputs[stack.stackName][stack.resolve(output.logicalId) as string] = render(stack.resolve(output.value));
      }
    }
    return outputs;
  }
  const outputNames = (outputs: Record<string, Record<string, string>>) =>
    Object.entries(outputs).flatMap(([stackName, values]) => Object.keys(values).map((key) => `${stackName}.${key}`));

  test.each([
    ['primary', () => stage.computeStack],
    ['standby', () => production.standby!.computeStack],
  ])("the %s web tier's user data writes the page marker and the health body", (_region, stack) => {
    const { webTier } = stack();
    const launchTemplates = webTier.node.findAll().filter((c): c is ec2.CfnLaunchTemplate => c instanceof ec2.CfnLaunchTemplate);
    expect(launchTemplates).toHaveLength(1);
    const userData = JSON.stringify(stack().resolve(launchTemplates[0].launchTemplateData));
    expect(userData).toContain(`<h1>${WEB_PAGE_MARKER}</h1>`);
    expect(userData).toContain(`echo ${HEALTH_BODY} > /srv/www${HEALTH_CHECK_PATH}`);
  });

  test('the container answers with the container marker as its whole body', () => {
    const taskDefinitions = stage.computeStack.containers.node.findAll().filter((c): c is ecs.CfnTaskDefinition => c instanceof ecs.CfnTaskDefinition);
    expect(taskDefinitions).toHaveLength(1);
    const containers = stage.computeStack.resolve(taskDefinitions[0].containerDefinitions) as { command: string[] }[];
    expect(containers).toHaveLength(1);
    const { command } = containers[0];
    expect(command).toContain('--body');
    expect(command[command.indexOf('--body') + 1]).toBe(CONTAINER_MARKER);
  });

  test('the site and the Beanstalk app carry their markers, and the web page is told apart from the site', () => {
    const site = fs.readFileSync(path.join(ROOT, 'assets', 'site', 'index.html'), 'utf8');
    expect(site).toContain(SITE_MARKER);
    expect(fs.readFileSync(path.join(ROOT, 'assets', 'beanstalk-app', 'app.js'), 'utf8')).toContain(BEANSTALK_MARKER);
    expect(site).not.toContain(WEB_PAGE_MARKER);
    expect(`<h1>${WEB_PAGE_MARKER}</h1>`).not.toContain(SITE_MARKER);
  });

  test('one region: every output of the Compute, Edge, Dns and Routing stacks is an endpoint, except NameServers', () => {
    const outputs = deployedOutputs([stage.computeStack, stage.edgeStack, stage.dnsStack, stage.routingStack]);
    const found = findEndpoints(outputs);
    expect(found.map((e) => e.name)).toEqual(EVERY_ONE_REGION_ENDPOINT);
    // The load balancer has a certificate in this variant: its URL and the record names are https.
    expect(found.filter((e) => e.name.startsWith('dns-') || e.source.endsWith('LoadBalancerUrl')).every((e) => e.url.startsWith('https://'))).toBe(true);
    const used = new Set([...found.map((e) => e.source), `${stage.dnsStack.stackName}.NameServers`]);
    expect(outputNames(outputs).filter((o) => !used.has(o))).toEqual([]);
  });

  test('two regions: every output of both Compute, Edge, Dns and both Routing stacks is an endpoint, except NameServers', () => {
    const standby = production.standby!;
    const outputs = deployedOutputs([
      production.computeStack,
      standby.computeStack,
      production.edgeStack,
      production.dnsStack,
      production.routingStack,
      standby.routingStack,
    ]);
    // The standby's stacks are in its own region, and its Routing stack publishes under the primary's record names.
    expect(standby.computeStack.region).toBe(production.config.standby!.region);
    expect(outputs[standby.routingStack.stackName]).toEqual({});
    const found = findEndpoints(outputs);
    expect(found.map((e) => e.name)).toEqual(EVERY_ENDPOINT);
    // Production issues its certificates: both load balancers and the record names are https, and CloudFront serves www.<zone>.
    expect(found.find((e) => e.name === 'standby-web')!.url).toMatch(new RegExp(`^https://resolved-\\d+\\.${production.config.standby!.region}\\.`));
    expect(found.filter((e) => e.name.startsWith('dns-') || e.source.endsWith('LoadBalancerUrl')).every((e) => e.url.startsWith('https://'))).toBe(true);
    expect(found.find((e) => e.name === 'site-domain')).toMatchObject({
      url: `https://www.${production.config.dns.domainName}/`,
      source: `${production.routingStack.stackName}.SiteUrl`,
    });
    const used = new Set([...found.map((e) => e.source), `${production.dnsStack.stackName}.NameServers`]);
    expect(outputNames(outputs).filter((o) => !used.has(o))).toEqual([]);
  });
});

describe('checkEndpoints against loopback servers', () => {
  test('200 with the marker: ok at the first attempt', async () => {
    const result = await checkOne(endpoint(`${base}/`));
    expect(result).toMatchObject({ ok: true, attempts: 1, detail: '200, marker found' });
    expect(result.seconds).toBeLessThan(5); // a loopback answer, however loaded the machine
  });

  test('the health path passes on exactly its body, and fails on a page that merely contains it', async () => {
    expect(await checkOne(endpoint(`${base}${HEALTH_CHECK_PATH}`, { equals: HEALTH_BODY }))).toMatchObject({ ok: true, detail: '200, body "ok"' });
    expect(await checkOne(endpoint(`${base}/health-like`, { equals: HEALTH_BODY }), { attempts: 1 })).toMatchObject({
      ok: false,
      detail: '200 but a body starting "ok, but not the health file", expected exactly "ok"',
    });
  });

  test('200 without the marker fails after every attempt and says what the last one saw', async () => {
    expect(await checkOne(endpoint(`${base}/parked`, { includesAnyOf: [WEB_PAGE_MARKER, SITE_MARKER] }))).toEqual(
      expect.objectContaining({
        ok: false,
        attempts: 3,
        gaveUpEarly: false,
        detail: `200 but a body starting "<h1>Welcome to nginx!</h1>", expected ${JSON.stringify(WEB_PAGE_MARKER)} or ${JSON.stringify(SITE_MARKER)}`,
      }),
    );
  });

  test('404 is retried (a site still being copied), then fails', async () => {
    expect(await checkOne(endpoint(`${base}/missing`))).toMatchObject({ ok: false, attempts: 3, detail: '404 Not Found' });
  });

  test('5xx then recovery within the retry budget: ok, with each retry reported', async () => {
    const retries: RetryReport[] = [];
    const result = await checkOne(endpoint(`${base}/flaky/recovers`), { attempts: 5, onRetry: (_e, retry) => retries.push(retry) });
    expect(result).toMatchObject({ ok: true, attempts: 3, detail: '200, marker found' });
    expect(retries).toEqual([1, 2].map((attempt) => ({ attempt, attempts: 5, reason: '503 Service Unavailable', nextInSeconds: FAST.intervalSeconds })));
    expect(formatResult(result)).toMatch(/^ok {3}test\/web {2}http:\/\/127\.0\.0\.1:\d+\/flaky\/recovers {2}200, marker found \(\d+\.\d s, attempt 3\)$/);
  });

  test('5xx throughout: fails after exactly the attempts allowed', async () => {
    requests.delete('/broken');
    const result = await checkOne(endpoint(`${base}/broken`), { attempts: 4 });
    expect(result).toMatchObject({ ok: false, attempts: 4, detail: '500 Internal Server Error' });
    expect(requests.get('/broken')).toBe(4);
    expect(formatResult(result)).toMatch(/^FAIL test\/web {2}http:\/\/127\.0\.0\.1:\d+\/broken {2}500 Internal Server Error after 4 attempts$/);
  });

  test('another status is not retried: waiting does not change it', async () => {
    const result = await checkOne(endpoint(`${base}/teapot`));
    expect(result).toMatchObject({ ok: false, attempts: 1, gaveUpEarly: true, detail: "418 I'm a Teapot, expected 200" });
    expect(formatResult(result)).toMatch(/418 I'm a Teapot, expected 200 after 1 attempt \(not retried: waiting does not fix it\)$/);
  });

  test('a response slower than the timeout fails as a timeout, within the budget', async () => {
    const started = Date.now();
    const result = await checkOne(endpoint(`${base}/slow`), { attempts: 2, timeoutSeconds: 0.2 });
    expect(result).toMatchObject({ ok: false, attempts: 2, detail: 'timed out after 0.2 s waiting for the response' });
    expect(Date.now() - started).toBeLessThan(5000); // two 0.2 s timeouts, not the default 10 s each
  });

  test('a body that never ends fails as a timeout while reading it', async () => {
    expect(await checkOne(endpoint(`${base}/slow-body`), { attempts: 1, timeoutSeconds: 0.2 })).toMatchObject({
      ok: false,
      detail: 'timed out after 0.2 s reading the body',
    });
  });

  test('a closed port: connection refused, retried, then failed', async () => {
    const retries: string[] = [];
    const result = await checkOne(endpoint(`http://127.0.0.1:${closedPort}/`), { attempts: 2, onRetry: (_e, r) => retries.push(r.reason) });
    expect(result).toMatchObject({ ok: false, attempts: 2, detail: 'connection refused (ECONNREFUSED)' });
    expect(retries).toEqual(['connection refused (ECONNREFUSED)']);
  });

  test('a DNS name not found yet is retried, and the failure says what usually causes it', async () => {
    const result = await checkOne(endpoint('http://simple.sandbox.atlas.example.org/', undefined, { notFoundHint: 'delegate the zone' }), {
      attempts: 2,
      lookup: notFound,
    });
    expect(result).toMatchObject({ ok: false, attempts: 2, detail: 'DNS: simple.sandbox.atlas.example.org not found (ENOTFOUND)', hint: 'delegate the zone' });
    expect(formatResult(result)).toMatch(/after 2 attempts; delegate the zone$/);
  });

  test('redirects are followed, and a redirect loop fails without retrying', async () => {
    expect(await checkOne(endpoint(`${base}/redirect`))).toMatchObject({ ok: true, detail: `200, marker found, via ${base}/` });
    const loop = await checkOne(endpoint(`${base}/redirect-loop`));
    expect(loop).toMatchObject({ ok: false, attempts: 1, gaveUpEarly: true });
    expect(loop.detail).toMatch(/^more than 5 redirects/);
  });

  test('checks endpoints concurrently and returns the results in the order given', async () => {
    const started = Date.now();
    const results = await checkEndpoints([endpoint(`${base}/slow`), endpoint(`${base}/`), endpoint(`${base}/slow`)], {
      ...FAST,
      attempts: 1,
      timeoutSeconds: 1,
    });
    expect(results.map((r) => [r.endpoint.url, r.ok])).toEqual([
      [`${base}/slow`, false],
      [`${base}/`, true],
      [`${base}/slow`, false],
    ]);
    // One 1 s timeout, not two after each other (at least 2 s): the margin absorbs a loaded machine.
    expect(Date.now() - started).toBeLessThan(1900);
  });

  describe('TLS', () => {
    const site = () => `https://127.0.0.1:${httpsPort}/site/`;
    const siteBody = { includesAnyOf: [SITE_MARKER] };

    test('a self-signed certificate fails as TLS, at once: waiting does not fix it', async () => {
      const result = await checkOne(endpoint(site(), siteBody));
      expect(result).toMatchObject({
        ok: false,
        attempts: 1,
        gaveUpEarly: true,
        detail: 'TLS: self-signed certificate, not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)',
      });
    });

    test('the same server with its certificate trusted: ok, TLS verified', async () => {
      expect(await checkOne(endpoint(site(), siteBody), { extraCaCertificates: [CERTIFICATE] })).toMatchObject({
        ok: true,
        detail: '200, marker found, TLS verified',
      });
    });

    test('a trusted certificate for another name fails as TLS, naming the host', async () => {
      const result = await checkOne(endpoint(`https://www.atlas.example.org:${httpsPort}/site/`, siteBody), {
        extraCaCertificates: [CERTIFICATE],
        lookup: toLoopback,
      });
      expect(result).toMatchObject({ ok: false, attempts: 1 });
      expect(result.detail).toMatch(/^TLS: certificate does not cover www\.atlas\.example\.org .*\(ERR_TLS_CERT_ALTNAME_INVALID\)$/);
    });

    test("the load balancer's own name: the chain is verified, the host name (which no certificate covers) is not", async () => {
      const url = `https://sandb-WebTi-AbCdEf123456-1234567890.ap-northeast-2.elb.amazonaws.com:${httpsPort}/`;
      expect(await checkOne(endpoint(url), { extraCaCertificates: [CERTIFICATE], lookup: toLoopback })).toMatchObject({
        ok: true,
        detail: "200, marker found, TLS chain verified, host name not (the load balancer's own name)",
      });
      const untrusted = await checkOne(endpoint(url), { lookup: toLoopback });
      expect(untrusted).toMatchObject({ ok: false });
      expect(untrusted.detail).toMatch(/^TLS: self-signed certificate/);
    });

    test('https to a plain HTTP port fails as a TLS handshake failure', async () => {
      const plain = await checkOne(endpoint(base.replace('http:', 'https:') + '/'));
      expect(plain).toMatchObject({ ok: false, gaveUpEarly: true });
      expect(plain.detail).toMatch(/^TLS: /);
    });
  });
});

describe('the command line', () => {
  const capture = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { stdout: (line: string) => out.push(line), stderr: (line: string) => err.push(line) } };
  };
  const outputs = (containersUrl: string) => JSON.stringify({ 'test-Compute': { LoadBalancerUrl: `${base}/`, ContainersUrl: containersUrl } });

  test('defaults: 10 attempts 15 s apart, 10 s per request; flags override them', () => {
    expect(parseSmokeArguments(['out.json'])).toEqual({ file: 'out.json', help: false, ...DEFAULT_SMOKE_OPTIONS });
    expect(DEFAULT_SMOKE_OPTIONS).toEqual({ attempts: 10, intervalSeconds: 15, timeoutSeconds: 10 });
    expect(parseSmokeArguments(['--attempts', '3', 'out.json', '--interval-seconds=0.5', '--timeout-seconds', '2'])).toEqual({
      file: 'out.json',
      help: false,
      attempts: 3,
      intervalSeconds: 0.5,
      timeoutSeconds: 2,
    });
  });

  test.each<[string[], string]>([
    [['out.json', '--attempts', '0'], "--attempts must be a whole number from 1 to 100, got '0'"],
    [['out.json', '--attempts', '2.5'], "--attempts must be a whole number from 1 to 100, got '2.5'"],
    [['out.json', '--interval-seconds', '-1'], "--interval-seconds must be a number of seconds from 0 to 600, got '-1'"],
    [['out.json', '--timeout-seconds=abc'], "--timeout-seconds must be a number of seconds above 0, at most 300, got 'abc'"],
    [['out.json', '--timeout-seconds', ''], "--timeout-seconds must be a number of seconds above 0, at most 300, got ''"],
    [['out.json', '--timeout-seconds'], '--timeout-seconds needs a value: a number of seconds above 0, at most 300'],
    [
      ['out.json', '--retries', '3'],
      "unknown option '--retries'; usage: npm run smoke -- <outputs.json> [--attempts N] [--interval-seconds S] [--timeout-seconds S]",
    ],
    [
      [],
      'missing the outputs file (write it with cdk deploy --outputs-file <file>); usage: npm run smoke -- <outputs.json> [--attempts N] [--interval-seconds S] [--timeout-seconds S]',
    ],
    [['a.json', 'b.json'], "expected one outputs file, got 2: 'a.json', 'b.json'"],
  ])('fails on bad flags %j: one line, exit code 2', async (argv, message) => {
    expect(() => parseSmokeArguments(argv)).toThrow(new SmokeInputError(message));
    const { out, err, io } = capture();
    expect(await runSmoke(argv, io)).toBe(SMOKE_EXIT.badInput);
    expect(err).toEqual([`smoke: ${message}`]);
    expect(out).toEqual([]);
  });

  test('fails on bad outputs files with exit code 2 and one line each, before checking anything', async () => {
    for (const file of [
      path.join(tempDir, 'absent.json'),
      tempFile('malformed.json', '{"test-Compute": '),
      tempFile('no-endpoints.json', '{"test-Data": {"TableName": "t"}}'),
    ]) {
      const { out, err, io } = capture();
      expect(await runSmoke([file], io)).toBe(SMOKE_EXIT.badInput);
      expect(err).toHaveLength(1);
      expect(err[0]).toMatch(/^smoke: .*(does not exist|is not valid JSON|no endpoints in)/);
      expect(out).toEqual([]);
    }
  });

  test('all endpoints ok: aligned lines in order, a summary, exit code 0', async () => {
    const { out, err, io } = capture();
    expect(await runSmoke([tempFile('ok.json', outputs(`${base}${CONTAINER_PATH}`)), '--interval-seconds', '0.05'], io)).toBe(SMOKE_EXIT.ok);
    expect(out[0]).toBe('smoke: checking 3 endpoints of stage test (up to 10 attempts 0.05 s apart, 10 s per request)');
    expect(out.slice(1, 4)).toEqual([
      expect.stringMatching(new RegExp(`^ok {3}test/web {9}${base}/ {12}200, marker found \\(\\d+\\.\\d s\\)$`)),
      expect.stringMatching(new RegExp(`^ok {3}test/health {6}${base}/health {6}200, body "ok" \\(\\d+\\.\\d s\\)$`)),
      expect.stringMatching(new RegExp(`^ok {3}test/containers {2}${base}/containers {2}200, marker found \\(\\d+\\.\\d s\\)$`)),
    ]);
    expect(out[4]).toBe('smoke: all 3 endpoints ok');
    expect(err).toEqual([]);
  });

  test('one endpoint failing: its FAIL line, progress on stderr, the failed one named in the summary, exit code 1', async () => {
    const { out, err, io } = capture();
    const file = tempFile('refused.json', outputs(`http://127.0.0.1:${closedPort}${CONTAINER_PATH}`));
    expect(await runSmoke([file, '--attempts', '2', '--interval-seconds', '0.05'], io)).toBe(SMOKE_EXIT.failed);
    expect(out.filter((line) => line.startsWith('ok   '))).toHaveLength(2);
    expect(out).toContainEqual(
      expect.stringMatching(/^FAIL test\/containers {2}http:\/\/127\.0\.0\.1:\d+\/containers {2}connection refused \(ECONNREFUSED\) after 2 attempts$/),
    );
    expect(out[out.length - 1]).toBe('smoke: 1 of 3 endpoints failed: test/containers');
    expect(err).toEqual([expect.stringMatching(/^wait test\/containers {2}attempt 1\/2: connection refused \(ECONNREFUSED\); next in 0\.05 s$/)]);
  });

  test('as a child process: exit code 1 for a failed endpoint, 2 for a malformed file, and never a stack trace', async () => {
    const [failed, malformed] = await childRuns;
    expect(failed.code).toBe(SMOKE_EXIT.failed);
    expect(failed.stdout).toMatch(/^ok {3}child\/web /m);
    expect(failed.stdout).toMatch(/^FAIL child\/containers .* connection refused \(ECONNREFUSED\) after 1 attempt$/m);
    expect(malformed.code).toBe(SMOKE_EXIT.badInput);
    expect(malformed.stdout).toBe('');
    expect(malformed.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^smoke: outputs file '.*child-malformed\.json' is not valid JSON \(.*\), expected the file cdk deploy --outputs-file writes$/),
    ]);
    for (const { stderr } of [failed, malformed]) expect(stderr).not.toMatch(/^\s+at /m);
  }, 30_000);
});
