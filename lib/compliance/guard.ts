import * as fs from 'fs';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { IPolicyValidationContextBeta1, IPolicyValidationPluginBeta1, PolicyValidationPluginReportBeta1 } from 'aws-cdk-lib';
import { GUARD_NAMESPACE } from './acknowledge';

/** The Control Tower proactive controls that `@cdklabs/cdk-validator-cfnguard` ships, one `.guard` file each. */
export const CONTROL_TOWER_RULES_DIR = path.join(path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'rules', 'control-tower', 'cfn-guard');

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
export class AtlasGuardValidator implements IPolicyValidationPluginBeta1 {
  public readonly name = GUARD_NAMESPACE;
  private readonly disabledRules: Readonly<Record<string, string>>;

  constructor(props: AtlasGuardValidatorProps = {}) {
    this.disabledRules = props.disabledRules ?? {};
    const known = new Set(guardFiles(CONTROL_TOWER_RULES_DIR).map((f) => path.basename(f, '.guard')));
    const unknown = Object.keys(this.disabledRules).filter((rule) => !known.has(rule));
    if (unknown.length > 0) throw new Error(`disabledRules names no Control Tower rule: ${unknown.join(', ')}`);
  }

  public validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const types = new Set(
      context.templatePaths.flatMap((file) => {
        const template = JSON.parse(fs.readFileSync(file, 'utf8')) as { Resources?: Record<string, { Type: string }> };
        return Object.values(template.Resources ?? {}).map((r) => r.Type);
      }),
    );
    const controlTowerRules = guardFiles(CONTROL_TOWER_RULES_DIR).filter((file) => {
      if (path.basename(file, '.guard') in this.disabledRules) return false;
      const text = fs.readFileSync(file, 'utf8');
      return [...types].some((type) => text.includes(type));
    });
    return new CfnGuardValidator({ controlTowerRulesEnabled: false, rules: [...controlTowerRules, ATLAS_RULES_DIR] }).validate(context);
  }
}
