import * as fs from 'fs';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { ATLAS_RULES_DIR, AtlasGuardValidator, guardValidator } from '../../lib/compliance';
import { unitTestApp } from '../support/app';

const FIXTURES = path.join(__dirname, 'guard-fixtures');

/** Runs one of our guard rules alone (no Control Tower rules) on a fixture template. */
function check(rule: string, fixture: string) {
  const validator = new CfnGuardValidator({ controlTowerRulesEnabled: false, rules: [path.join(ATLAS_RULES_DIR, `${rule.replace(/_/g, '-')}.guard`)] });
  const report = validator.validate({ templatePaths: [path.join(FIXTURES, fixture)], appConstruct: unitTestApp() });
  // A rule with alternatives (`a or b`) reports each failed alternative: count each resource once.
  const findings = report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.resourceLogicalId}`));
  return { success: report.success, findings: [...new Set(findings)] };
}

describe('our own guard rules (rules/*.guard)', () => {
  const rules = fs
    .readdirSync(ATLAS_RULES_DIR)
    .filter((f) => f.endsWith('.guard'))
    .map((f) => path.basename(f, '.guard').replace(/-/g, '_'));

  test('each rule has a passing and a failing fixture', () => {
    expect(rules.sort()).toEqual(['atlas_dynamodb_global_table_pitr', 'atlas_log_group_encrypted', 'atlas_route53_failover_health_check']);
    for (const rule of rules) {
      expect(fs.existsSync(path.join(FIXTURES, `${rule}.pass.json`))).toBe(true);
      expect(fs.existsSync(path.join(FIXTURES, `${rule}.fail.json`))).toBe(true);
    }
  });

  test.each([
    ['atlas_log_group_encrypted', ['atlas_log_group_encrypted Plain']],
    ['atlas_dynamodb_global_table_pitr', ['atlas_dynamodb_global_table_pitr Table']],
    ['atlas_route53_failover_health_check', ['atlas_route53_failover_health_check Primary']],
  ])('%s passes its good fixture and names the bad resource in its failing one', (rule, expected) => {
    expect(check(rule, `${rule}.pass.json`)).toEqual({ success: true, findings: [] });
    expect(check(rule, `${rule}.fail.json`)).toEqual({ success: false, findings: expected });
  });
});

describe('AtlasGuardValidator', () => {
  test('running only the Control Tower rules that name a resource type of the templates finds exactly what all of them find', () => {
    // Two small templates of different resource types (guard-fixtures/speed-up-*.template.json), each breaking
    // several Control Tower controls: what the filter keeps for one template is not what it keeps for the other.
    const templates = ['speed-up-storage', 'speed-up-network'].map((name) => path.join(FIXTURES, `${name}.template.json`));
    const context = { templatePaths: templates, appConstruct: unitTestApp() };
    const findings = (report: { violations: { ruleName: string; violatingResources: { resourceLogicalId: string }[] }[] }) =>
      report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.resourceLogicalId}`)).sort();
    const all = findings(new CfnGuardValidator({ rules: [ATLAS_RULES_DIR] }).validate(context));
    expect(all).toEqual(expect.arrayContaining([expect.stringMatching(/ Careless\w+$/), expect.stringMatching(/ OpenSsh$/)])); // findings in both templates
    // The filter is what is tested here, not the findings cache (ATLAS_VALIDATION_CACHE=off runs cfn-guard every time).
    const cache = process.env.ATLAS_VALIDATION_CACHE;
    process.env.ATLAS_VALIDATION_CACHE = 'off';
    try {
      expect(findings(guardValidator().validate(context))).toEqual(all);
    } finally {
      if (cache === undefined) delete process.env.ATLAS_VALIDATION_CACHE;
      else process.env.ATLAS_VALIDATION_CACHE = cache;
    }
  });

  test('fails on a disabled rule that does not exist', () => {
    expect(() => new AtlasGuardValidator({ disabledRules: { 'ct-s3-pr-99': 'A reason for a rule that is not there.' } })).toThrow(
      'disabledRules names no Control Tower rule: ct-s3-pr-99',
    );
  });
});
