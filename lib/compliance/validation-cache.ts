import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * A content-addressed cache of template validators' findings (cfn-guard, the CloudFormation validation engine), one
 * entry per template. Both validators judge each template on its own, so a template whose bytes, stack environment,
 * rule set and tool versions are all unchanged gets exactly the findings it got before; only the templates that
 * changed are validated again. Nothing is skipped: a miss runs the validator, a hit replays what it said about the
 * same input. Acknowledgments are not part of a finding (the CDK applies them to the report afterwards), so changing
 * one never needs a new run.
 *
 * Entries live in `node_modules/.cache/aws-service-atlas/validation/` (the usual place for tool caches: `npm ci`
 * starts it empty, `git clean` never sees it). `ATLAS_VALIDATION_CACHE=off` turns it off.
 */
export const VALIDATION_CACHE_DIR = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'aws-service-atlas', 'validation');

/** Where a finding points: the fields both violation shapes (beta1 and current) share. */
interface CachedResource {
  readonly resourceLogicalId?: string;
  readonly templatePath?: string;
  readonly constructPath?: string;
  readonly locations: string[];
}

/** A finding, in either report shape. */
export interface CachedViolation {
  readonly ruleName: string;
  readonly description: string;
  readonly fix?: string;
  readonly severity?: string;
  readonly ruleMetadata?: { readonly [key: string]: string };
  readonly violatingResources: CachedResource[];
}

/** What a validator is told: template files, and for the CloudFormation engine their stacks' environments. */
export interface CacheableContext {
  readonly templatePaths: string[];
  readonly stackTemplates?: readonly { readonly templatePath: string; readonly accountId?: string; readonly region?: string }[];
}

/** How one validator is cached. */
export interface ValidationCacheOptions {
  /** The tool and its version, e.g. `cfn-guard@0.0.62`: a new version never reads an old entry. */
  readonly tool: string;
  /** The rules that apply to a template (their content, hashed), so that a changed rule file is a miss. */
  readonly rulesFingerprint: (templatePath: string) => string;
  /** @default VALIDATION_CACHE_DIR */
  readonly directory?: string;
}

const PLACEHOLDER = '<template>';
const sha256 = (...parts: string[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
};

/** A hash of files' contents (rule files), in a stable order. */
export function fingerprintFiles(files: readonly string[]): string {
  return sha256(...[...files].sort().flatMap((file) => [path.basename(file), fs.readFileSync(file, 'utf8')]));
}

/**
 * Validates the templates of `context` with `run`, reusing cached findings for every template seen before with the
 * same bytes, environment, rules and tool, and caching the findings of the others. Returns every finding, as `run`
 * would have returned them for all templates at once (one violation per rule and template).
 */
export function validateWithCache<C extends CacheableContext, V extends CachedViolation>(
  context: C,
  options: ValidationCacheOptions,
  run: (context: C) => { violations: V[] },
): V[] {
  if (process.env.ATLAS_VALIDATION_CACHE === 'off') return run(context).violations;
  const directory = options.directory ?? VALIDATION_CACHE_DIR;
  const keyOf = (templatePath: string) => {
    const stack = context.stackTemplates?.find((s) => s.templatePath === templatePath);
    return sha256(
      options.tool,
      options.rulesFingerprint(templatePath),
      `${stack?.accountId ?? ''}/${stack?.region ?? ''}`,
      fs.readFileSync(templatePath, 'utf8'),
    );
  };
  const entries = context.templatePaths.map((templatePath) => ({ templatePath, file: path.join(directory, `${keyOf(templatePath)}.json`) }));
  const hits = entries.filter((e) => fs.existsSync(e.file));
  const misses = entries.filter((e) => !hits.includes(e));

  const violations: V[] = [];
  for (const hit of hits) {
    const cached = JSON.parse(fs.readFileSync(hit.file, 'utf8')) as V[];
    violations.push(...cached.map((v) => ({ ...v, violatingResources: v.violatingResources.map((r) => ({ ...r, templatePath: hit.templatePath })) })));
  }
  if (misses.length === 0) return violations;

  const missPaths = misses.map((m) => m.templatePath);
  const report = run({ ...context, templatePaths: missPaths, stackTemplates: context.stackTemplates?.filter((s) => missPaths.includes(s.templatePath)) });
  violations.push(...report.violations);
  // Which template a finding is in, compared as absolute paths: a validator may report `cdk.out/x.template.json`
  // (the CLI's relative outdir) as `/project/cdk.out/x.template.json` (cfn-guard does).
  const sameFile = (reported: string | undefined, templatePath: string) => reported !== undefined && path.resolve(reported) === path.resolve(templatePath);
  // A finding that names no template cannot be told apart per template: then nothing of this run is cached.
  if (report.violations.some((v) => v.violatingResources.some((r) => !missPaths.some((m) => sameFile(r.templatePath, m))))) return violations;
  fs.mkdirSync(directory, { recursive: true });
  for (const miss of misses) {
    const own = report.violations
      .map((v) => ({
        ...v,
        violatingResources: v.violatingResources.filter((r) => sameFile(r.templatePath, miss.templatePath)).map((r) => ({ ...r, templatePath: PLACEHOLDER })),
      }))
      .filter((v) => v.violatingResources.length > 0);
    // Written whole, then renamed: a concurrent synth reads a complete entry or none.
    const temporary = `${miss.file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(own));
    fs.renameSync(temporary, miss.file);
  }
  return violations;
}
