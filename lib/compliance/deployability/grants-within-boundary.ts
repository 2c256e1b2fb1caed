import { AWS_MANAGED_POLICY_ACTIONS } from './aws-managed-policies';
import { DeployabilityCheck, findingsCollector } from './check';
import { actionMatches, isObject, list, Located, RESOURCE_POLICIES, StageAssembly, statements, StackTemplate } from './model';

/** One action pattern granted to a role, and where the grant comes from. */
interface Grant {
  readonly action: string;
  readonly source: string;
}

/** The name of an AWS-managed policy an ARN value names (`service-role/AWSLambdaBasicExecutionRole`), if any. */
export function awsManagedPolicyName(arn: unknown): string | undefined {
  const text =
    typeof arn === 'string'
      ? arn
      : isObject(arn) && Array.isArray(arn['Fn::Join'])
        ? list(arn['Fn::Join'][1])
            .map((p) => (typeof p === 'string' ? p : ''))
            .join('')
        : '';
  return /:iam::aws:policy\/(.+)$/.exec(text)?.[1];
}

/**
 * Does boundary pattern `ceiling` cover every action that grant pattern `granted` can name? A wildcard in the grant is
 * covered only by a wildcard of the ceiling that spans it (`s3:*` covers `s3:GetObject*`; `s3:Get*` does not cover
 * `s3:*`).
 */
export function covers(ceiling: string, granted: string): boolean {
  return actionMatches(ceiling, granted);
}

/** Does any pattern of `patterns` name an action that `granted` may also name (so a deny of it takes effect)? */
function overlaps(patterns: readonly string[], granted: string): boolean {
  return patterns.some((p) => actionMatches(p, granted) || actionMatches(granted, p));
}

/** The actions of an allow statement; `NotAction` cannot be bounded by reading it, so it is reported. */
function allowedActions(statement: Record<string, unknown>): string[] | 'not-action' {
  if (statement.Effect !== 'Allow') return [];
  if (statement.NotAction !== undefined) return 'not-action';
  return list(statement.Action).map((a) => (typeof a === 'string' ? a : JSON.stringify(a)));
}

/** Does a list of role references (`Roles` of a policy) name this role? */
function namesRole(assembly: StageAssembly, from: StackTemplate, roles: unknown, role: Located): boolean {
  return list(roles).some((r) => {
    const found = assembly.follow(from, r);
    return found !== undefined && found.stack === role.stack && found.logicalId === role.logicalId;
  });
}

/** Every grant of a role: inline, attached (customer and AWS-managed), and resource policies that name its ARN. */
function grantsOf(assembly: StageAssembly, role: Located, unknownPolicy: (name: string) => void): Grant[] | 'not-action' {
  const grants: Grant[] = [];
  let notAction = false;
  const add = (document: unknown, source: string) => {
    for (const statement of statements(document)) {
      const actions = allowedActions(statement);
      if (actions === 'not-action') notAction = true;
      else grants.push(...actions.map((action) => ({ action, source })));
    }
  };
  const props = role.resource.Properties ?? {};
  for (const policy of list(props.Policies)) if (isObject(policy)) add(policy.PolicyDocument, `inline policy ${String(policy.PolicyName)}`);
  for (const arn of list(props.ManagedPolicyArns)) {
    const name = awsManagedPolicyName(arn);
    if (name !== undefined) {
      const known = AWS_MANAGED_POLICY_ACTIONS[name];
      if (known === undefined) unknownPolicy(name);
      else grants.push(...known.allow.map((action) => ({ action, source: `AWS-managed ${name}` })));
      continue;
    }
    const managed = assembly.follow(role.stack, arn);
    if (managed?.resource.Type === 'AWS::IAM::ManagedPolicy') add(managed.resource.Properties?.PolicyDocument, `managed policy ${managed.logicalId}`);
  }
  for (const policy of [...assembly.resources('AWS::IAM::Policy'), ...assembly.resources('AWS::IAM::ManagedPolicy')]) {
    if (namesRole(assembly, policy.stack, policy.resource.Properties?.Roles, role))
      add(policy.resource.Properties?.PolicyDocument, `policy ${policy.logicalId}`);
  }
  // A resource policy that names the role's ARN is bounded too (one that names a session is not, but none does).
  for (const [type, property] of Object.entries(RESOURCE_POLICIES)) {
    for (const resource of assembly.resources(type)) {
      for (const statement of statements(resource.resource.Properties?.[property])) {
        const principals = isObject(statement.Principal) ? list(statement.Principal.AWS) : [];
        if (
          !principals.some((p) => {
            const found = assembly.follow(resource.stack, p);
            return found?.stack === role.stack && found.logicalId === role.logicalId;
          })
        )
          continue;
        add({ Statement: [statement] }, `${type} ${resource.logicalId}`);
      }
    }
  }
  return notAction ? 'not-action' : grants;
}

/**
 * Every action a role of the stage is granted lies inside its permissions boundary. A role's effective permissions
 * are the intersection of its grants and its boundary, and IAM says nothing when a grant falls outside: the call is
 * simply denied at run time (a Lambda that cannot write its table, a Beanstalk update that stops half-way). So each
 * grant (inline, attached, AWS-managed, and resource policies that name the role's ARN, which a boundary limits as
 * well) must be allowed by the boundary and not denied by it. AWS-managed policies are not in the templates: their
 * actions come from `AWS_MANAGED_POLICY_ACTIONS`, and a role that attaches one the table does not know is a finding.
 * Roles whose boundary is not a policy of the stage (the auditor's is `SecurityAudit` itself) are out of scope.
 */
export const grantsWithinBoundary: DeployabilityCheck = {
  name: 'atlas-grants-within-boundary',
  description: "Every action a role is granted lies inside the role's permissions boundary (allowed by it, and not denied).",
  fix: 'Add the service to BOUNDARY_SERVICES (lib/security/access.ts) if the architecture needs it, or remove the grant; for an AWS-managed policy, record its actions in AWS_MANAGED_POLICY_ACTIONS from the AWS Managed Policy Reference.',
  check: ({ assembly }) => {
    const { findings, report } = findingsCollector();
    for (const role of assembly.resources('AWS::IAM::Role')) {
      const boundary = assembly.follow(role.stack, role.resource.Properties?.PermissionsBoundary);
      if (boundary?.resource.Type !== 'AWS::IAM::ManagedPolicy') continue;
      const ceiling = statements(boundary.resource.Properties?.PolicyDocument);
      const allowed = ceiling.filter((s) => s.Effect === 'Allow').flatMap((s) => list(s.Action).filter((a): a is string => typeof a === 'string'));
      const denied = ceiling.filter((s) => s.Effect === 'Deny').flatMap((s) => list(s.Action).filter((a): a is string => typeof a === 'string'));
      const grants = grantsOf(assembly, role, (name) =>
        report(
          role,
          `role ${role.logicalId} attaches the AWS-managed policy ${name}, whose actions are not recorded: its grants cannot be held against the boundary`,
        ),
      );
      if (grants === 'not-action') {
        report(role, `role ${role.logicalId} is granted NotAction: what it allows cannot be held against the boundary`);
        continue;
      }
      for (const { action, source } of grants) {
        if (overlaps(denied, action))
          report(role, `role ${role.logicalId} is granted ${action} (${source}), which its boundary denies: the grant never takes effect`);
        else if (!allowed.some((ceilingAction) => covers(ceilingAction, action))) {
          report(role, `role ${role.logicalId} is granted ${action} (${source}), outside its boundary: the call is denied at run time`);
        }
      }
    }
    return findings;
  },
};
