import { PIPELINE_STACK_ID } from '../../lib/atlas-app';
import { GUARD_NAMESPACE, gatePluginNames, RecordedException } from '../../lib/compliance';
import { STAGE_NAMES } from '../../lib/config';
import { PluginReport } from '../support/assembly';
import { startGatedSynth } from '../support/gate';

/** The gated synth of the app with the pipeline on: both stages and the pipeline, cold caches, a minute or more. */
const GATE_TIMEOUT = 300_000;
const DEPLOYABILITY = 'atlas-deployability';

// The whole compliance gate on the app with the delivery pipeline switched on (test/support/gate.ts, `pipeline`),
// synthesized once for this file in a child process that starts now.
const gate = startGatedSynth(['pipeline']);
afterAll(() => gate.settled, GATE_TIMEOUT);

/** A construct path of the pipeline's stack, or of a stage (`sandbox/…`). */
const inScope = (scope: string, constructPath: string | undefined) => constructPath === scope || (constructPath ?? '').startsWith(`${scope}/`);

/** A plugin's unacknowledged findings under a scope, one line each (findings no construct claims count everywhere). */
function findings(report: PluginReport[], plugin: string, scope: string): string[] {
  const section = report.find((r) => r.pluginName === plugin);
  return (section?.violations ?? []).flatMap((v) =>
    v.violatingConstructs
      .filter((c) => !c.constructPath || inScope(scope, c.constructPath))
      .map((c) => `${v.severity} ${v.ruleName} at ${c.constructPath || '(no construct path)'}: ${v.description.split('\n')[0]}`),
  );
}

describe('compliance gate with the delivery pipeline on, synthesized for an account as its deploy does', () => {
  let report: PluginReport[];
  let exceptions: RecordedException[];
  beforeAll(async () => {
    ({ report, exceptions } = (await gate.apps).pipeline);
  }, GATE_TIMEOUT);

  // One test per pack and plugin: a failure lists the rule ids and resource paths to fix.
  test.each(gatePluginNames())(`%s: zero unacknowledged errors and warnings on the ${PIPELINE_STACK_ID} stack`, (plugin) => {
    expect(findings(report, plugin, PIPELINE_STACK_ID)).toEqual([]);
  });

  test.each(STAGE_NAMES)('%s: still zero unacknowledged findings of every pack and plugin beside the pipeline', (stage) => {
    expect(gatePluginNames().flatMap((plugin) => findings(report, plugin, stage))).toEqual([]);
  });

  test('every finding of the app is under the pipeline or a stage: no stack of its own (a CDK support stack) escapes the tests above', () => {
    const scopes = [PIPELINE_STACK_ID, ...STAGE_NAMES];
    const elsewhere = report.flatMap((r) =>
      r.violations.flatMap((v) =>
        v.violatingConstructs
          .filter((c) => !scopes.some((scope) => inScope(scope, c.constructPath)))
          .map((c) => `${r.pluginName} ${v.ruleName} at ${c.constructPath}`),
      ),
    );
    expect(elsewhere).toEqual([]);
  });

  test('deployability checks: zero findings on the pipeline stack, none acknowledged away', () => {
    const acknowledged = (report.find((r) => r.pluginName === DEPLOYABILITY)?.suppressedViolations ?? []).filter((v) =>
      inScope(PIPELINE_STACK_ID, v.acknowledgedAt),
    );
    expect({ findings: findings(report, DEPLOYABILITY, PIPELINE_STACK_ID), acknowledged }).toEqual({ findings: [], acknowledged: [] });
  });

  test("the template plugins checked the pipeline's template, and each of its guard exceptions suppressed a real finding", () => {
    const suppressed = report.flatMap((r) => (r.suppressedViolations ?? []).map((v) => ({ id: v.acknowledgedId, at: v.acknowledgedAt })));
    const guardExceptions = exceptions.filter((e) => inScope(PIPELINE_STACK_ID, e.path) && e.id.startsWith(`${GUARD_NAMESPACE}::`));
    expect(guardExceptions.length).toBeGreaterThan(0);
    const stale = guardExceptions.filter((e) => !suppressed.some((s) => s.id === e.id && s.at === e.path));
    expect(stale.map((e) => `${e.id} on ${e.path}`)).toEqual([]);
  });
});
