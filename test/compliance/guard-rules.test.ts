import * as fs from 'fs';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App } from 'aws-cdk-lib';
import { ATLAS_RULES_DIR, AtlasGuardValidator, guardValidator } from '../../lib/compliance';
import { ROOT } from '../support/context';

const FIXTURES = path.join(__dirname, 'guard-fixtures');

/** Runs one of our guard rules alone (no Control Tower rules) on a fixture template. */
function check(rule: string, fixture: string) {
  const validator = new CfnGuardValidator({ controlTowerRulesEnabled: false, rules: [path.join(ATLAS_RULES_DIR, `${rule.replace(/_/g, '-')}.guard`)] });
  const report = validator.validate({ templatePaths: [path.join(FIXTURES, fixture)], appConstruct: new App() });
  // A rule with alternatives (`a or b`) reports each failed alternative: count each resource once.
  const findings = report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.resourceLogicalId}`));
  return { success: report.success, findings: [...new Set(findings)] };
}

describe('our own guard rules (rules/*.guard)', () => {
  const rules = fs.readdirSync(ATLAS_RULES_DIR).filter((f) => f.endsWith('.guard')).map((f) => path.basename(f, '.guard').replace(/-/g, '_'));

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
    const dir = path.join(ROOT, '.test-assembly', 'assembly-sandbox');
    const templates = fs.readdirSync(dir).filter((f) => /^sandbox(Compute|Edge).*\.template\.json$/.test(f)).map((f) => path.join(dir, f));
    expect(templates).toHaveLength(2);
    const context = { templatePaths: templates, appConstruct: new App() };
    const findings = (report: { violations: { ruleName: string; violatingResources: { resourceLogicalId: string }[] }[] }) =>
      report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.resourceLogicalId}`)).sort();
    const all = findings(new CfnGuardValidator({ rules: [ATLAS_RULES_DIR] }).validate(context));
    expect(all.length).toBeGreaterThan(0);
    expect(findings(guardValidator().validate(context))).toEqual(all);
  });

  test('fails on a disabled rule that does not exist', () => {
    expect(() => new AtlasGuardValidator({ disabledRules: { 'ct-s3-pr-99': 'A reason for a rule that is not there.' } })).toThrow('disabledRules names no Control Tower rule: ct-s3-pr-99');
  });
});
