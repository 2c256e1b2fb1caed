import * as path from 'path';
import { DescribeTypeCommand } from '@aws-sdk/client-cloudformation';
import { classifyAwsError, failedCheck, isNamed } from '../aws-errors';
import { CheckResult, PreflightContext, result } from '../check';
import { clientsIn, primaryRegion, StageRegion, stageRegions } from '../regions';
import { resourceTypeUsage, templatesIn } from '../templates';

const NAME = 'resource-types';

/** DescribeType calls in flight at once: quick, and well inside CloudFormation's API rate. */
const CONCURRENCY = 5;

/** What the registry said about one resource type. */
type TypeFinding =
  | { readonly kind: 'ok' }
  | { readonly kind: 'unknown-type' }
  | { readonly kind: 'unknown-properties'; readonly properties: readonly string[] }
  | { readonly kind: 'error'; readonly error: unknown };

/**
 * Every resource type of the stage's synthesized templates, and every top-level property the templates give it, is
 * known to the CloudFormation registry of the region each template deploys to (`DescribeType` and its schema's
 * `properties`). A type the region lacks, or a property its schema does not have yet, fails the deploy
 * ("Unrecognized resource types", "Encountered unsupported property"), which no synth can tell.
 *
 * @param where the region whose templates are checked (default: the stage's primary region; a template whose region
 * the assembly does not name counts as the primary's)
 */
export async function checkResourceTypes(context: PreflightContext, where: StageRegion = primaryRegion(context.config)): Promise<CheckResult> {
  const { config } = context;
  const clients = clientsIn(context, where);
  const { region } = where;
  const templates = context.templates && templatesIn(context.templates, region, where.placement === 'primary');
  const severalRegions = stageRegions(config).length > 1;
  if (!templates || templates.templates.length === 0) {
    return result(
      'unknown',
      NAME,
      `no synthesized templates for ${config.stageName}${severalRegions ? ` in ${region}` : ''} in cdk.out: run \`npm run synth\`, then the preflight again, to check every resource type and property against ${region}'s CloudFormation registry`,
    );
  }
  const usage = resourceTypeUsage(templates);
  const types = [...usage.keys()].sort();
  const findings = await mapLimit(types, CONCURRENCY, async (type): Promise<TypeFinding> => {
    try {
      const described = await clients.cloudFormation.send(new DescribeTypeCommand({ Type: 'RESOURCE', TypeName: type }));
      const known = new Set(Object.keys((JSON.parse(described.Schema ?? '{}') as { properties?: object }).properties ?? {}));
      const unknown = [...(usage.get(type) ?? [])].filter((p) => !known.has(p)).sort();
      return unknown.length > 0 ? { kind: 'unknown-properties', properties: unknown } : { kind: 'ok' };
    } catch (error) {
      if (isNamed(error, 'TypeNotFoundException')) return { kind: 'unknown-type' };
      if (!classifyAwsError(error)) throw error;
      return { kind: 'error', error };
    }
  });

  const problems: string[] = [];
  const errors: unknown[] = [];
  types.forEach((type, i) => {
    const finding = findings[i];
    if (finding.kind === 'unknown-type') problems.push(`${type} (no such type)`);
    else if (finding.kind === 'unknown-properties') problems.push(`${type} (property ${finding.properties.join(', ')} unknown)`);
    else if (finding.kind === 'error') errors.push(finding.error);
  });
  const directory = path.relative(process.cwd(), templates.directory) || templates.directory;
  // In a stage with several regions, say which of the assembly's templates this region's line is about.
  const scope = severalRegions ? `${directory} (the ${templates.templates.length} stacks in ${region})` : directory;
  if (problems.length > 0) {
    return result(
      'blocked',
      NAME,
      `${problems.length} of ${types.length} resource types in ${scope} do not fit ${region}'s CloudFormation registry: ${problems.join('; ')}.` +
        ' Change the construct or prop that writes them, or deploy the stage to a region that has them',
    );
  }
  if (errors.length > 0) {
    const failed = failedCheck(NAME, 'cloudformation:DescribeType', errors[0]);
    return result('unknown', NAME, `${errors.length} of ${types.length} resource types could not be checked in ${region}: ${failed.message}`);
  }
  return result('ok', NAME, `all ${types.length} resource types in ${scope} and their properties are in ${region}'s CloudFormation registry`);
}

/** `items.map(fn)` with at most `limit` calls in flight, results in the order of `items`. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
