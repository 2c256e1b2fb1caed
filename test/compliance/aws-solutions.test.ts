import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addAtlasStages } from '../../lib/atlas-app';
import { MIN_REASON_LENGTH, recordedExceptions, withoutAcknowledgments } from '../../lib/compliance';
import { unitTestApp } from '../support/app';
import { validationReport } from '../support/assembly';

const describeFindings = (violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[]) =>
  violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} at ${c.constructPath}`));

describe('cdk-nag AwsSolutions on every stage', () => {
  test('the shared synth of every stage has zero unacknowledged AwsSolutions errors and warnings', () => {
    const report = validationReport().find((r) => r.pluginName === 'AwsSolutions');
    // The pack only appears in the report when it has findings; list them so a failure says what to fix.
    expect(describeFindings(report?.violations ?? [])).toEqual([]);
  });

  test('no plugin (CloudFormation Validate, construct annotations) has an unacknowledged finding in the shared synth', () => {
    expect(validationReport().flatMap((r) => describeFindings(r.violations).map((f) => `${r.pluginName}: ${f}`))).toEqual([]);
  });

  test('the gate can fail: an unencrypted, unlogged bucket is reported', () => {
    const stack = new Stack(unitTestApp(), 'Scratch');
    new s3.Bucket(stack, 'Careless');
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.success).toBe(false);
    expect(report.violations.map((v) => v.ruleName)).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
  });

  describe('acknowledgments', () => {
    // Build every stage once with the exceptions recorded but not applied, and run the pack on the raw tree.
    const app = unitTestApp();
    const stages = withoutAcknowledgments(() => addAtlasStages(app, { compliance: false }));
    const exceptions = stages.flatMap((stage) => recordedExceptions(stage)).filter((e) => e.id.startsWith('AwsSolutions-'));
    const raw = stages.flatMap((stage) => new AwsSolutionsChecks().validateScope(stage).violations);
    const rawFindings = raw.flatMap((v) => v.violatingResources.map((r) => ({ id: v.ruleName, path: r.constructPath ?? '' })));

    test('are exactly the ones the design expects', () => {
      const byRule = [...new Set(exceptions.map((e) => `${e.id} on ${e.path}`))].sort();
      expect(byRule).toMatchSnapshot();
    });

    test('each one still matches a real finding (no stale exceptions)', () => {
      const stale = exceptions.filter((e) => !rawFindings.some((f) => f.id === e.id && (f.path === e.path || f.path.startsWith(`${e.path}/`))));
      expect(stale).toEqual([]);
    });

    test('each raw finding is covered by an exception (nothing passes by accident)', () => {
      const uncovered = rawFindings.filter((f) => !exceptions.some((e) => e.id === f.id && (f.path === e.path || f.path.startsWith(`${e.path}/`))));
      expect(uncovered).toEqual([]);
    });

    test(`each reason is at least ${MIN_REASON_LENGTH} characters and a full sentence`, () => {
      for (const e of exceptions) {
        expect(e.reason.length).toBeGreaterThanOrEqual(MIN_REASON_LENGTH);
        expect(e.reason).toMatch(/^[A-Z].*[.!]$/);
      }
    });
  });
});
