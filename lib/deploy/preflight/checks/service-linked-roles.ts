import { GetRoleCommand } from '@aws-sdk/client-iam';
import { StageConfig } from '../../../config';
import { SERVICE_LINKED_ROLES } from '../../../security/service-linked-roles';
import { failedCheck, isNamed } from '../aws-errors';
import { CheckResult, PreflightContext, result } from '../check';

const NAME = 'service-linked-role';

/** Who creates a service-linked role that the account does not have yet. */
export type RoleCreator =
  /** The service itself, the first time the account uses it (`how` says when). */
  | { readonly by: 'service'; readonly how: string }
  /** This app, in the stack named (lib/security/service-linked-roles.ts). */
  | { readonly by: 'app'; readonly stack: string }
  /** Nobody: it must be created by hand before the deploy. */
  | { readonly by: 'hand' };

/** A service-linked role a stage relies on. */
export interface ServiceLinkedRoleNeed {
  /** The role's name, e.g. `AWSServiceRoleForECS`. */
  readonly roleName: string;
  /** The service principal it is linked to, e.g. `ecs.amazonaws.com` (the `--aws-service-name` that creates it). */
  readonly service: string;
  /** What of the stage uses it, e.g. `the load balancer`. */
  readonly usedBy: string;
  /** Who creates it when it is absent. */
  readonly creator: RoleCreator;
}

/**
 * The service-linked roles a stage relies on, from the parts its config switches on, and who creates each one.
 *
 * Which services create their role on first use (AWS documentation, each "Creating a service-linked role" section):
 * - EC2 Auto Scaling creates AWSServiceRoleForAutoScaling with the account's first Auto Scaling group
 *   (https://docs.aws.amazon.com/autoscaling/ec2/userguide/autoscaling-service-linked-role.html).
 * - Elastic Load Balancing creates AWSServiceRoleForElasticLoadBalancing with the first load balancer
 *   (https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/elb-service-linked-roles.html).
 * - RDS creates AWSServiceRoleForRDS with the first DB instance; DocumentDB uses the same role
 *   (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAM.ServiceLinkedRoles.html).
 * - Application Auto Scaling creates AWSServiceRoleForApplicationAutoScaling_ECSService when the first ECS service
 *   is registered as a scalable target (https://docs.aws.amazon.com/autoscaling/application/userguide/services-that-can-integrate-ecs.html).
 * - ElastiCache's role is created for the caller that creates the first cluster; its guide lists the
 *   iam:CreateServiceLinkedRole permission that needs (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/using-service-linked-roles.html).
 * - ECS creates AWSServiceRoleForECS itself too, but races it on a new account's first cluster, so this app creates
 *   it in the Access stack (`SERVICE_LINKED_ROLES`, lib/security/service-linked-roles.ts).
 *
 * Not needed, so not checked: Elastic Beanstalk's AWSServiceRoleForElasticBeanstalk and …ManagedUpdates are used only
 * by environments that name no service role (ours names one, lib/management/beanstalk.ts)
 * (https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/using-service-linked-roles-monitoring.html, …-managedupdates.html);
 * AWS Backup's AWSServiceRoleForBackup serves only cross-account copies and EFS automatic backup, while the
 * production backup plan's selection has its own role (https://docs.aws.amazon.com/aws-backup/latest/devguide/using-service-linked-roles.html).
 */
export function serviceLinkedRolesFor(config: StageConfig): ServiceLinkedRoleNeed[] {
  const service = (how: string): RoleCreator => ({ by: 'service', how });
  const needs: ServiceLinkedRoleNeed[] = [
    {
      roleName: 'AWSServiceRoleForAutoScaling',
      service: 'autoscaling.amazonaws.com',
      usedBy: config.beanstalk ? "the web tier's Auto Scaling group and the Beanstalk environment's" : "the web tier's Auto Scaling group",
      creator: service('EC2 Auto Scaling creates it with the first Auto Scaling group'),
    },
    {
      roleName: 'AWSServiceRoleForElasticLoadBalancing',
      service: 'elasticloadbalancing.amazonaws.com',
      usedBy: config.beanstalk ? 'the load balancers' : 'the load balancer',
      creator: service('Elastic Load Balancing creates it with the first load balancer'),
    },
    {
      roleName: 'AWSServiceRoleForApplicationAutoScaling_ECSService',
      service: 'ecs.application-autoscaling.amazonaws.com',
      usedBy: "the container service's task-count scaling",
      creator: service('Application Auto Scaling creates it when the first ECS service is registered as a scalable target'),
    },
    {
      roleName: 'AWSServiceRoleForRDS',
      service: 'rds.amazonaws.com',
      usedBy: config.document ? 'the PostgreSQL instance and the DocumentDB cluster' : 'the PostgreSQL instance',
      creator: service('RDS creates it with the first DB instance'),
    },
  ];
  if (config.cache) {
    needs.push({
      roleName: 'AWSServiceRoleForElastiCache',
      service: 'elasticache.amazonaws.com',
      usedBy: 'the Valkey replication group',
      creator: service('ElastiCache creates it with the first cluster'),
    });
  }
  for (const [principal, roleName] of Object.entries(SERVICE_LINKED_ROLES)) {
    needs.push({
      roleName,
      service: principal,
      usedBy: principal === 'ecs.amazonaws.com' ? 'the ECS cluster' : principal,
      creator: { by: 'app', stack: 'Access' },
    });
  }
  return needs;
}

/**
 * One line per service-linked role the stage relies on (IAM `GetRole`): present, or absent and created by its service
 * or by this app, or absent with nothing to create it (`missing`, with the command that does).
 *
 * @param needs the roles to check (default: `serviceLinkedRolesFor(config)`)
 */
export async function checkServiceLinkedRoles(context: PreflightContext, needs = serviceLinkedRolesFor(context.config)): Promise<CheckResult[]> {
  return Promise.all(
    needs.map(async (need) => {
      try {
        await context.clients.iam.send(new GetRoleCommand({ RoleName: need.roleName }));
        return result('ok', NAME, `${need.roleName} present (used by ${need.usedBy})`);
      } catch (error) {
        if (!isNamed(error, 'NoSuchEntityException', 'NoSuchEntity')) return failedCheck(NAME, 'iam:GetRole', error, need.roleName);
      }
      switch (need.creator.by) {
        case 'service':
          // The service creates it on behalf of the caller, here CloudFormation's execution role (the CDK's default one
          // may call iam:CreateServiceLinkedRole).
          return result('ok', NAME, `${need.roleName} absent: ${need.creator.how} (needed by ${need.usedBy})`);
        case 'app':
          return result('ok', NAME, `${need.roleName} absent: this app creates it in the ${need.creator.stack} stack before ${need.usedBy} uses it`);
        default:
          return result(
            'missing',
            NAME,
            `${need.roleName} absent and nothing creates it: run \`aws iam create-service-linked-role --aws-service-name ${need.service}\``,
          );
      }
    }),
  );
}
