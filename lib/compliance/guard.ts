import * as fs from 'fs';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { IPolicyValidationPlugin } from 'aws-cdk-lib';
import { GUARD_NAMESPACE } from './acknowledge';
import { TemplateValidationContext, TemplateValidationReport } from './template-validation';
import { fingerprintFiles, validateWithCache } from './validation-cache';

/** The version of the guard plugin (and the cfn-guard binary it bundles): part of every cache key. */
const CFN_GUARD_VALIDATOR_VERSION = (
  JSON.parse(fs.readFileSync(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'), 'utf8')) as { version: string }
).version;

/** The Control Tower proactive controls that `@cdklabs/cdk-validator-cfnguard` ships, one `.guard` file each. */
export const CONTROL_TOWER_RULES_DIR = path.join(
  path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')),
  'rules',
  'control-tower',
  'cfn-guard',
);

/** Our own guard rules: what no pack checks but the design promises (`rules/*.guard`). */
export const ATLAS_RULES_DIR = path.join(__dirname, '..', '..', 'rules');

/** Properties of an `AtlasGuardValidator`. */
export interface AtlasGuardValidatorProps {
  /**
   * Control Tower rules switched off for the whole app (file names without `.guard`, e.g. `ct-s3-pr-1`), each with
   * the reason. Only for a rule that is a false positive for every resource the CDK synthesizes; a finding on one
   * resource is acknowledged on that resource.
   *
   * @default - none
   */
  readonly disabledRules?: Readonly<Record<string, string>>;
}

function guardFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return guardFiles(file);
    return entry.name.endsWith('.guard') ? [file] : [];
  });
}

/**
 * The Control Tower proactive controls plus our own guard rules, run offline by the cfn-guard binary that
 * `@cdklabs/cdk-validator-cfnguard` bundles, reported under that plugin's name.
 *
 * Every Control Tower rule checks one or a few resource types and passes a template without them; cfn-guard, though,
 * parses every rule file once per template. So each synth runs only the rule files that name a resource type the
 * templates contain: the same findings, in less than half the time (3.5 s instead of 8 s for the two stages here).
 */
export class AtlasGuardValidator implements IPolicyValidationPlugin {
  public readonly name = GUARD_NAMESPACE;
  private readonly disabledRules: Readonly<Record<string, string>>;

  constructor(props: AtlasGuardValidatorProps = {}) {
    this.disabledRules = props.disabledRules ?? {};
    const known = new Set(guardFiles(CONTROL_TOWER_RULES_DIR).map((f) => path.basename(f, '.guard')));
    const unknown = Object.keys(this.disabledRules).filter((rule) => !known.has(rule));
    if (unknown.length > 0) throw new Error(`disabledRules names no Control Tower rule: ${unknown.join(', ')}`);
  }

  public validate(context: TemplateValidationContext): TemplateValidationReport {
    const enabled = guardFiles(CONTROL_TOWER_RULES_DIR)
      .filter((file) => !(path.basename(file, '.guard') in this.disabledRules))
      .map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
    const atlasRules = guardFiles(ATLAS_RULES_DIR);
    /** The Control Tower rule files that name a resource type of these templates. */
    const rulesFor = (templatePaths: readonly string[]) => {
      const types = new Set(
        templatePaths.flatMap((file) => {
          const template = JSON.parse(fs.readFileSync(file, 'utf8')) as { Resources?: Record<string, { Type: string }> };
          return Object.values(template.Resources ?? {}).map((r) => r.Type);
        }),
      );
      return enabled.filter((rule) => [...types].some((type) => rule.text.includes(type))).map((rule) => rule.file);
    };
    // Each template is judged on its own, by the rules for its types: findings are cached per template.
    // CfnGuardValidator still implements the beta1 plugin interface; its report (every finding names a template and a
    // logical id) is a TemplateValidationReport, so it is used as one here.
    const violations = validateWithCache(
      context,
      { tool: `cfn-guard@${CFN_GUARD_VALIDATOR_VERSION}`, rulesFingerprint: (templatePath) => fingerprintFiles([...rulesFor([templatePath]), ...atlasRules]) },
      (changed) => new CfnGuardValidator({ controlTowerRulesEnabled: false, rules: [...rulesFor(changed.templatePaths), ATLAS_RULES_DIR] }).validate(changed),
    );
    return { success: violations.length === 0, violations };
  }
}
