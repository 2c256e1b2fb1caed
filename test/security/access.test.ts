import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { DEPLOYABILITY_CHECKS, StageAssembly } from '../../lib/compliance';
import { STAGE_NAMES } from '../../lib/config';
import { Access, BOUNDARY_DENIED_ACTIONS } from '../../lib/security/access';
import { unitTestApp } from '../support/app';
import { stackIds, stackTemplate, stackTemplateJson } from '../support/assembly';
import { assemblyDir } from '../support/context';
import { resourcesOf } from '../support/fixtures';

type Statement = { Effect: string; Action: string | string[]; Resource?: unknown; Condition?: Record<string, unknown>; Principal?: unknown };

/** Every policy statement in a template: inline policies, managed policies, role policies, resource policies. */
function statementsOf(template: Record<string, unknown>): Statement[] {
  const found: Statement[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (Array.isArray(record.Statement)) found.push(...(record.Statement as Statement[]));
      Object.values(record).forEach(walk);
    }
  };
  walk(template.Resources);
  return found;
}

describe('Access', () => {
  describe.each(STAGE_NAMES)('%s stage', (stage) => {
    const template = stackTemplate(stage, 'Access');

    test('every IAM role the stage creates, CDK helper roles included, has the permissions boundary', () => {
      const roles = stackIds(stage).flatMap((id) => resourcesOf(stackTemplate(stage, id), 'AWS::IAM::Role').map((r) => ({ stack: id, ...r })));
      expect(roles.length).toBeGreaterThan(10);
      const withoutBoundary = roles.filter((r) => r.props.PermissionsBoundary === undefined).map((r) => `${r.stack}/${r.id}`);
      expect(withoutBoundary).toEqual([]);
    });

    test('every action any role of the stage is granted lies inside the boundary (the grants-within-boundary check, on every template)', () => {
      const directory = path.join(assemblyDir(), `assembly-${stage}`);
      const templates = fs
        .readdirSync(directory)
        .filter((f) => f.endsWith('.template.json'))
        .map((f) => path.join(directory, f));
      const check = DEPLOYABILITY_CHECKS.find((c) => c.name === 'atlas-grants-within-boundary')!;
      expect(check.check({ assembly: StageAssembly.fromTemplatePaths(directory, templates) }).map((f) => f.message)).toEqual([]);
    });

    test('no IAM users, no access keys, no login profiles anywhere', () => {
      for (const id of stackIds(stage)) {
        const t = stackTemplate(stage, id);
        for (const type of ['AWS::IAM::User', 'AWS::IAM::AccessKey', 'AWS::IAM::UserToGroupAddition']) t.resourceCountIs(type, 0);
      }
    });

    test('no statement allows every action ("*" or "*:*") in any template', () => {
      const everything = stackIds(stage).flatMap((id) =>
        statementsOf(stackTemplateJson(stage, id))
          .filter((s) => s.Effect === 'Allow' && [s.Action].flat().some((a) => a === '*' || a === '*:*'))
          .map((s) => ({ stack: id, statement: s })),
      );
      expect(everything).toEqual([]);
    });

    test('the boundary denies user and key creation, boundary changes and switching the trail off', () => {
      const [boundary] = resourcesOf(template, 'AWS::IAM::ManagedPolicy');
      const deny = (boundary.props.PolicyDocument as { Statement: Statement[] }).Statement.find((s) => s.Effect === 'Deny')!;
      expect([deny.Action].flat().sort()).toEqual([...BOUNDARY_DENIED_ACTIONS].sort());
      expect(deny.Resource).toBe('*');
    });

    test('the auditor role: read-only SecurityAudit, assumable from this account only with MFA, for an hour', () => {
      const auditor = resourcesOf(template, 'AWS::IAM::Role').find((r) => r.id.startsWith('AccessAuditorRole'))!;
      // Its boundary is SecurityAudit itself: the workload boundary would hide IAM, CloudTrail, WAF and DNS from it.
      expect(JSON.stringify(auditor.props.PermissionsBoundary)).toMatch(/policy\/SecurityAudit/);
      expect(auditor.props.MaxSessionDuration).toBe(3600);
      expect(JSON.stringify(auditor.props.ManagedPolicyArns)).toMatch(/policy\/SecurityAudit/);
      const trust = (auditor.props.AssumeRolePolicyDocument as { Statement: Statement[] }).Statement;
      expect(trust).toEqual([expect.objectContaining({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })]);
    });

    test(`the operator role: Session Manager only on instances tagged stage=${stage}, with MFA`, () => {
      const operator = resourcesOf(template, 'AWS::IAM::Role').find((r) => r.id.startsWith('AccessOperatorRole'))!;
      expect((operator.props.AssumeRolePolicyDocument as { Statement: Statement[] }).Statement[0].Condition).toEqual({
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      });
      expect(operator.props.ManagedPolicyArns).toBeUndefined();
      const policy = resourcesOf(template, 'AWS::IAM::Policy').find((p) => p.id.startsWith('AccessOperatorRole'))!;
      const statements = (policy.props.PolicyDocument as { Statement: (Statement & { Sid: string })[] }).Statement;
      expect(statements.find((s) => s.Sid === 'StartSessionsOnThisStage')!.Condition).toEqual({
        StringEquals: { 'ssm:resourceTag/stage': stage },
        BoolIfExists: { 'ssm:SessionDocumentAccessCheck': 'true' },
      });
      const actions = statements.flatMap((s) => [s.Action].flat());
      expect(actions.every((a) => a.startsWith('ssm:') || a === 'ec2:DescribeInstances' || a === 'ssmmessages:OpenDataChannel')).toBe(true);
      // As AWS's quick-start end-user policy: the account's shell document (with its account id), and the data channel
      // of the user's own sessions only.
      const document = statements.find((s) => s.Sid === 'TheShellDocument')!;
      expect(JSON.stringify(document.Resource)).toMatch(/:ssm:.*AWS::AccountId.*:document\/SSM-SessionManagerRunShell/);
      const channel = statements.find((s) => s.Sid === 'OwnSessionsDataChannel')!;
      expect(channel.Action).toBe('ssmmessages:OpenDataChannel');
      expect(JSON.stringify(channel.Resource)).toMatch(/:ssm:\*:\*:session\/\$\{aws:userid\}-\*/);
    });
  });

  test('fails on a stage name that cannot go into a tag condition', () => {
    expect(() => new Access(new Stack(unitTestApp(), 'Test'), 'Access', { stageName: 'Prod Stage' })).toThrow(
      /Access stageName must be a lower-case stage name, got 'Prod Stage'/,
    );
  });
});
