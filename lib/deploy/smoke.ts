/**
 * The post-deploy smoke test (`npm run smoke -- <outputs.json>`): reads the file `cdk deploy --outputs-file` writes,
 * finds each stage's user-facing endpoints (the load balancer's page and health path, the container path, the
 * standby region's load balancer where the stage has one, the CloudFront site, the DNS record names, the Beanstalk URL
 * when on) and checks that each answers 200 with its marker
 * in the body, over verified TLS where the URL is https, retrying a bounded number of times while endpoints warm up.
 *
 * - `findEndpoints(outputs)`: outputs → endpoints with the URL to request and the body to expect
 * - `checkEndpoints(endpoints, options)`: endpoints → results (the retry policy is described there)
 * - `smokeTest(outputs, options)`: both in one
 * - `runSmoke(argv, io)`: the command line (`bin/smoke.ts` only wires it to the process)
 */
import { checkEndpoints, type EndpointResult, type SmokeOptions } from './smoke/check';
import { findEndpoints } from './smoke/endpoints';

export { checkEndpoints, DEFAULT_SMOKE_OPTIONS, type EndpointResult, type RetryReport, type SmokeOptions } from './smoke/check';
export { formatResult, parseSmokeArguments, runSmoke, SMOKE_EXIT, SMOKE_USAGE, type SmokeArguments, type SmokeIo } from './smoke/cli';
export { type BodyCheck, type Endpoint, endpointLabel, findEndpoints, readOutputsFile, SmokeInputError } from './smoke/endpoints';
export { BEANSTALK_MARKER, CONTAINER_MARKER, HEALTH_BODY, SITE_MARKER, WEB_PAGE_MARKER } from './smoke/markers';
export { LOAD_BALANCER_HOST, MAX_BODY_BYTES, probe, ProbeFailure, type ProbeOptions, type ProbeResponse } from './smoke/probe';

/**
 * Finds the endpoints in parsed `cdk deploy --outputs-file` outputs and checks them.
 *
 * @throws SmokeInputError when the outputs hold no endpoint or are not shaped as cdk writes them
 */
export function smokeTest(outputs: unknown, options: SmokeOptions): Promise<EndpointResult[]> {
  return checkEndpoints(findEndpoints(outputs), options);
}
