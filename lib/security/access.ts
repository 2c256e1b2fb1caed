import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledge, guard, HIPAA, inPacks, NIST, PCI, wildcardResource } from '../compliance/acknowledge';
import { requirePattern } from '../shared/validate';

/**
 * The services the stage's roles may ever use: the ceiling of the permissions boundary. A role still gets only
 * what its grants give it; a service missing here is denied even if a grant allows it.
 */
export const BOUNDARY_SERVICES: readonly string[] = [
  'autoscaling',
  'backup',
  'backup-storage',
  'cloudformation',
  'cloudfront',
  'cloudwatch',
  'dlm',
  'dynamodb',
  'ec2',
  'ec2messages',
  'ecr',
  'ecs',
  'elasticache',
  'elasticbeanstalk',
  'elasticloadbalancing',
  'events',
  'health',
  'kms',
  'lambda',
  'logs',
  'rds',
  's3',
  'secretsmanager',
  'sns',
  'sqs',
  'ssm',
  'ssmmessages',
  'tag',
  'xray',
];

/** What no role of the stage may do, whatever it is granted. */
export const BOUNDARY_DENIED_ACTIONS: readonly string[] = [
  // No long-lived credentials: people come in through roles (SSO or federation), never as IAM users with keys.
  'iam:CreateUser',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
  // A boundary that a role could remove or replace would bound nothing.
  'iam:DeleteRolePermissionsBoundary',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteUserPermissionsBoundary',
  'iam:PutUserPermissionsBoundary',
  // The audit trail stays on.
  'cloudtrail:StopLogging',
  'cloudtrail:DeleteTrail',
  'cloudtrail:UpdateTrail',
  'cloudtrail:PutEventSelectors',
];

/** The Session Manager document that opens a shell: created in the account by Session Manager on first use. */
export const SESSION_DOCUMENT = 'SSM-SessionManagerRunShell';

/** Properties of `Access`. */
export interface AccessProps {
  /** The stage name: the operator may open sessions only on instances tagged `stage=<this>`. */
  readonly stageName: string;
}

/**
 * The study's IAM, the way a reference account uses it: no IAM users and no access keys; people assume roles, with
 * MFA; every role the stage creates has a permissions boundary.
 *
 * - `PermissionsBoundary`: a managed policy that caps every role of the stage (applied by `AtlasStage` with
 *   `PermissionsBoundary.of(stage)`): only the services this architecture uses, and never user or key creation,
 *   boundary removal or switching the trail off.
 * - `AuditorRole`: read-only security audit (the AWS-managed `SecurityAudit` policy: configuration metadata, no
 *   data), assumable by principals of this account only with MFA, for at most an hour. Its boundary is
 *   `SecurityAudit` itself: the workload boundary would hide IAM, CloudTrail, WAF and DNS from the auditor.
 * - `OperatorRole`: Session Manager shells on the instances tagged with this stage, and nothing else; MFA required.
 */
export class Access extends Construct {
  /** The permissions boundary of every role in the stage. */
  public readonly boundary: iam.IManagedPolicy;
  /** The read-only auditor role. */
  public readonly auditorRole: iam.IRole;
  /** The Session Manager operator role. */
  public readonly operatorRole: iam.IRole;

  constructor(scope: Construct, id: string, props: AccessProps) {
    super(scope, id);
    requirePattern('Access', 'stageName', props.stageName, /^[a-z][a-z0-9-]{0,31}$/, 'a lower-case stage name');
    const stack = Stack.of(this);

    this.boundary = new iam.ManagedPolicy(this, 'PermissionsBoundary', {
      description: 'Ceiling of every role in the stage: the services the architecture uses; no users, keys or boundary changes',
      statements: [
        new iam.PolicyStatement({ sid: 'ServicesOfTheArchitecture', actions: BOUNDARY_SERVICES.map((s) => `${s}:*`), resources: ['*'] }),
        // Services pass their roles to each other (Beanstalk to its instances, ECS to tasks): only roles, only to services.
        new iam.PolicyStatement({
          sid: 'PassRolesToServices',
          actions: ['iam:PassRole', 'iam:GetRole', 'iam:GetInstanceProfile', 'iam:ListInstanceProfiles', 'iam:CreateServiceLinkedRole'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({ sid: 'NeverTheseActions', effect: iam.Effect.DENY, actions: [...BOUNDARY_DENIED_ACTIONS], resources: ['*'] }),
      ],
    });
    acknowledge(this.boundary, {
      id: [
        'AwsSolutions-IAM5[Resource::*]',
        ...BOUNDARY_SERVICES.map((s) => `AwsSolutions-IAM5[Action::${s}:*]`),
        ...inPacks('IAMPolicyNoStatementsWithFullAccess', NIST, HIPAA, PCI),
        guard('iam_managed_policy_no_statements_with_full_access_check'),
      ],
      reason:
        'A permissions boundary is a ceiling, not a grant: it names the services a role of this stage may ever use, while each role gets only what its own grants allow on named resources.',
    });

    const withMfa = new iam.AccountPrincipal(stack.account).withConditions({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } });
    const securityAudit = iam.ManagedPolicy.fromAwsManagedPolicyName('SecurityAudit');
    this.auditorRole = new iam.Role(this, 'AuditorRole', {
      assumedBy: withMfa,
      description: 'Read-only security audit of the account; MFA required',
      managedPolicies: [securityAudit],
      maxSessionDuration: Duration.hours(1),
    });
    // The auditor reads every service, far beyond the workload's: its boundary is its own read-only policy, so it
    // still has one, and can never be granted more than SecurityAudit.
    iam.PermissionsBoundary.of(this.auditorRole).apply(securityAudit);
    acknowledge(this.auditorRole, {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/SecurityAudit]',
      reason:
        'SecurityAudit is the AWS-maintained read-only policy for security auditors: configuration metadata of every service, no data, and AWS extends it as services appear.',
    });

    const operator = new iam.Role(this, 'OperatorRole', {
      assumedBy: withMfa,
      description: `Session Manager shells on instances tagged stage=${props.stageName}; MFA required`,
      maxSessionDuration: Duration.hours(1),
    });
    // As AWS's Session Manager quick-start end-user policy has it: start sessions on tagged instances with the
    // account's default shell document (Session Manager creates SSM-SessionManagerRunShell in the account), then
    // open the data channel of, end and resume only the sessions this user started.
    const instances = stack.formatArn({ service: 'ec2', resource: 'instance', resourceName: '*' });
    const ownSessions = stack.formatArn({ service: 'ssm', region: '*', account: '*', resource: 'session', resourceName: '${aws:userid}-*' });
    operator.addToPolicy(
      new iam.PolicyStatement({
        sid: 'StartSessionsOnThisStage',
        actions: ['ssm:StartSession'],
        resources: [instances],
        conditions: {
          StringEquals: { 'ssm:resourceTag/stage': props.stageName },
          BoolIfExists: { 'ssm:SessionDocumentAccessCheck': 'true' },
        },
      }),
    );
    operator.addToPolicy(
      new iam.PolicyStatement({
        sid: 'TheShellDocument',
        actions: ['ssm:StartSession'],
        resources: [stack.formatArn({ service: 'ssm', resource: 'document', resourceName: SESSION_DOCUMENT })],
      }),
    );
    operator.addToPolicy(
      new iam.PolicyStatement({
        sid: 'OwnSessionsOnly',
        actions: ['ssm:TerminateSession', 'ssm:ResumeSession'],
        resources: [ownSessions],
      }),
    );
    operator.addToPolicy(
      new iam.PolicyStatement({
        sid: 'OwnSessionsDataChannel',
        actions: ['ssmmessages:OpenDataChannel'],
        resources: [ownSessions],
      }),
    );
    operator.addToPolicy(
      new iam.PolicyStatement({
        sid: 'FindInstances',
        actions: [
          'ec2:DescribeInstances',
          'ssm:DescribeInstanceInformation',
          'ssm:DescribeInstanceProperties',
          'ssm:DescribeSessions',
          'ssm:GetConnectionStatus',
        ],
        resources: ['*'],
      }),
    );
    acknowledge(operator, {
      id: ['AwsSolutions-IAM5[Resource::*]', wildcardResource(operator, instances), wildcardResource(operator, ownSessions)],
      reason:
        'The describe calls support no resource-level permissions; sessions may start on any instance only when it carries this stage tag, and end or resume only sessions the operator opened.',
    });
    acknowledge(operator, {
      id: inPacks('IAMNoInlinePolicy', NIST, HIPAA, PCI),
      reason:
        'The operator policy exists for this one role: Session Manager on this stage only, written next to the role so a reviewer reads the whole permission in one place.',
    });
    this.operatorRole = operator;
  }
}
