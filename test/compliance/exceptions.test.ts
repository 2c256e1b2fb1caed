import * as fs from 'fs';
import * as path from 'path';
import { addAtlasStages, PIPELINE_STACK_ID } from '../../lib/atlas-app';
import { exceptionsTable, MIN_REASON_LENGTH, nagPacks, recordedExceptions, withoutAcknowledgments } from '../../lib/compliance';
import { EXAMPLE_PIPELINE, withEveryOptionalPart } from '../../lib/config';
import { unitTestApp } from '../support/app';
import { ROOT } from '../support/context';

/** A finding at a path is covered by an exception on that construct or one of its ancestors. */
const within = (findingPath: string, exceptionPath: string) => findingPath === exceptionPath || findingPath.startsWith(`${exceptionPath}/`);

describe('compliance exceptions', () => {
  // Every stage built once with the exceptions recorded but not applied (what the packs find on the raw design),
  // from the presets and with every optional part switched on.
  const stages = withoutAcknowledgments(() => addAtlasStages(unitTestApp(), { compliance: false }));
  const optionalStages = withoutAcknowledgments(() => addAtlasStages(unitTestApp(), { compliance: false, configure: withEveryOptionalPart }));
  // The delivery pipeline's stack, switched on with placeholder context (its exceptions do not depend on it).
  const pipelineStack = withoutAcknowledgments(() => {
    const app = unitTestApp();
    addAtlasStages(app, { compliance: false, ...EXAMPLE_PIPELINE });
    return app.node.findChild(PIPELINE_STACK_ID);
  });
  const exceptions = stages.flatMap((stage) => recordedExceptions(stage));
  const optionalExceptions = optionalStages.flatMap((stage) => recordedExceptions(stage));
  const pipelineExceptions = recordedExceptions(pipelineStack);
  const packs = nagPacks();
  const packNames = packs.map((p) => p.name);
  const isNag = (e: { id: string }) => packNames.some((name) => e.id.startsWith(`${name}-`));
  const rawNagFindingsOf = (built: typeof stages) =>
    built.flatMap((stage) =>
      packs.flatMap((pack) =>
        pack.validateScope(stage).violations.flatMap((v) => v.violatingResources.map((r) => ({ id: v.ruleName, path: r.constructPath ?? '' }))),
      ),
    );
  const nagExceptions = exceptions.filter(isNag);
  const rawNagFindings = rawNagFindingsOf(stages);

  test('every exception names a rule of a pack or plugin in the gate', () => {
    const unknown = [...exceptions, ...pipelineExceptions].filter(
      (e) => !isNag(e) && !/^(cdk-validator-cfnguard|CloudFormation-Validate)::\S+$/.test(e.id) && !/^@aws-cdk\/[\w-]+:\w+$/.test(e.id),
    );
    expect(unknown).toEqual([]);
  });

  test('each cdk-nag exception still matches a finding of its pack on the raw design (no stale exceptions)', () => {
    const stale = nagExceptions.filter((e) => !rawNagFindings.some((f) => f.id === e.id && within(f.path, e.path)));
    expect(stale.map((e) => `${e.id} on ${e.path}`)).toEqual([]);
  });

  test('with every optional part switched on, each cdk-nag exception still matches a finding as well', () => {
    const findings = rawNagFindingsOf(optionalStages);
    const stale = optionalExceptions.filter(isNag).filter((e) => !findings.some((f) => f.id === e.id && within(f.path, e.path)));
    expect(stale.map((e) => `${e.id} on ${e.path}`)).toEqual([]);
  });

  test("with the delivery pipeline on, each cdk-nag exception of the pipeline's stack still matches a finding", () => {
    expect(pipelineExceptions.filter(isNag).length).toBeGreaterThan(0);
    const findings = packs.flatMap((pack) =>
      pack.validateScope(pipelineStack).violations.flatMap((v) => v.violatingResources.map((r) => ({ id: v.ruleName, path: r.constructPath ?? '' }))),
    );
    const stale = pipelineExceptions.filter(isNag).filter((e) => !findings.some((f) => f.id === e.id && within(f.path, e.path)));
    expect(stale.map((e) => `${e.id} on ${e.path}`)).toEqual([]);
  });

  // That each template-plugin exception (cfn-guard, CloudFormation Validate) suppresses a finding is tested on the gated
  // synth's report, in gate.test.ts: only that file pays for the gate.

  test('each CDK annotation exception matches a warning that the raw design raises', () => {
    const warnings = stages.flatMap((stage) =>
      stage.node
        .findAll()
        .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => ({ path: c.node.path, text: String(m.data) }))),
    );
    const annotationExceptions = exceptions.filter((e) => e.id.startsWith('@aws-cdk/'));
    const stale = annotationExceptions.filter((e) => !warnings.some((w) => w.path === e.path && w.text.includes(`[ack: ${e.id}]`)));
    expect(stale.map((e) => `${e.id} on ${e.path}`)).toEqual([]);
  });

  test('every pack finds something on the raw design, so its exceptions hide real findings', () => {
    const found = new Set(rawNagFindings.map((f) => packNames.find((name) => f.id.startsWith(`${name}-`))));
    expect([...found].sort()).toEqual([...packNames].sort());
  });

  test(`each reason is at least ${MIN_REASON_LENGTH} characters and a full sentence`, () => {
    const bad = [...exceptions, ...optionalExceptions, ...pipelineExceptions].filter(
      (e) => e.reason.length < MIN_REASON_LENGTH || !/^[A-Z].*[.!]$/.test(e.reason),
    );
    expect(bad).toEqual([]);
  });

  test('a reason is never copied between unrelated rules: one reason, one exception (the same finding in several packs)', () => {
    const groupsByReason = new Map<string, Set<string>>();
    for (const e of [...exceptions, ...optionalExceptions, ...pipelineExceptions])
      groupsByReason.set(e.reason, (groupsByReason.get(e.reason) ?? new Set()).add(e.group));
    const copied = [...groupsByReason].filter(([, groups]) => groups.size > 1).map(([reason, groups]) => ({ reason, rules: [...groups].sort() }));
    expect(copied).toEqual([]);
  });

  test('production acknowledges no sandbox-only trade-off', () => {
    const sandboxOnly = /sandbox|disposable/i;
    const production = exceptions.filter(
      (e) =>
        e.path.startsWith('production/') &&
        sandboxOnly.test(e.reason) &&
        !/production (turns|sets|adds|keeps)|only where data is retained|wherever data is retained|requires at least/.test(e.reason),
    );
    expect(production.map((e) => `${e.id} on ${e.path}`)).toEqual([]);
  });

  test('docs/compliance.md is the generated table of exactly these exceptions (npm run compliance:table)', () => {
    const committed = fs.readFileSync(path.join(ROOT, 'docs', 'compliance.md'), 'utf8');
    expect(committed).toBe(exceptionsTable(exceptions, optionalExceptions, pipelineExceptions));
  });
});
