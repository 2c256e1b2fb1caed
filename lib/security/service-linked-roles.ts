import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledge } from '../compliance/acknowledge';
import { acknowledgeAwsCustomResourceProvider, AWS_CUSTOM_RESOURCE_POLICY } from '../compliance/common-exceptions';
import { EncryptedLogGroup } from '../shared/encrypted-log-group';
import { requirePattern, requireThat } from '../shared/validate';

/**
 * Services whose service-linked role the stage makes sure of before anything uses it, with the role's name.
 *
 * ECS creates `AWSServiceRoleForECS` itself on the account's first cluster and assumes it at once, before IAM has
 * propagated it: the first cluster of a new account then fails with "Unable to assume the service linked role".
 * The other services the stage uses (Auto Scaling, Application Auto Scaling, ELB, RDS, ElastiCache, Elastic
 * Beanstalk) create theirs before first use without that race.
 */
export const SERVICE_LINKED_ROLES: Readonly<Record<string, string>> = {
  'ecs.amazonaws.com': 'AWSServiceRoleForECS',
};

/** Properties of `ServiceLinkedRoles`. */
export interface ServiceLinkedRolesProps {
  /**
   * The services (`ecs.amazonaws.com` …) whose service-linked role must exist; each must be in `SERVICE_LINKED_ROLES`.
   *
   * @default - every service in SERVICE_LINKED_ROLES
   */
  readonly services?: readonly string[];
  /** Retention of the provider function's logs. */
  readonly logRetention: logs.RetentionDays;
  /** Removal policy of the provider's log group. The roles themselves are never deleted: other stacks may use them. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Makes sure the service-linked roles the stage relies on exist before the stacks that use them deploy: one
 * `iam:CreateServiceLinkedRole` call per service through an `AwsCustomResource` (aws-cdk-lib has no L2, and
 * `AWS::IAM::ServiceLinkedRole` fails where the role already exists), which treats "already exists" as success.
 * Deleting the stage leaves the roles: they are account-wide, and AWS refuses to delete one that is in use.
 */
export class ServiceLinkedRoles extends Construct {
  /** The custom resource per service, by service principal: depend on it before using the service. */
  public readonly ensured: Readonly<Record<string, Construct>>;

  constructor(scope: Construct, id: string, props: ServiceLinkedRolesProps) {
    super(scope, id);
    const services = props.services ?? Object.keys(SERVICE_LINKED_ROLES);
    const stack = Stack.of(this);
    const logGroup = new EncryptedLogGroup(this, 'ProviderLogs', { retention: props.logRetention, removalPolicy: props.removalPolicy }).logGroup;
    const ensured: Record<string, Construct> = {};
    for (const service of services) {
      requirePattern('ServiceLinkedRoles', 'services', service, /^[a-z0-9.-]+\.amazonaws\.com$/, 'service principals such as ecs.amazonaws.com');
      const roleName = SERVICE_LINKED_ROLES[service];
      requireThat(roleName !== undefined, 'ServiceLinkedRoles', `services must be one of ${Object.keys(SERVICE_LINKED_ROLES).join(', ')}, got '${service}'`);
      const call: cr.AwsSdkCall = {
        service: 'IAM',
        action: 'createServiceLinkedRole',
        parameters: { AWSServiceName: service },
        physicalResourceId: cr.PhysicalResourceId.of(roleName),
        // "Service role name … has been taken in this account": the role exists, which is all this resource wants.
        ignoreErrorCodesMatching: 'InvalidInput',
      };
      const resource = new cr.AwsCustomResource(this, roleName, {
        resourceType: 'Custom::ServiceLinkedRole',
        onCreate: call,
        onUpdate: call,
        installLatestAwsSdk: false,
        memorySize: 512, // the CDK's own default without an SDK install, stated so that a reader sees it
        logGroup,
        policy: cr.AwsCustomResourcePolicy.fromStatements([
          new iam.PolicyStatement({
            actions: ['iam:CreateServiceLinkedRole'],
            resources: [stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: `aws-service-role/${service}/${roleName}` })],
            conditions: { StringEquals: { 'iam:AWSServiceName': service } },
          }),
        ]),
      });
      acknowledge(resource, AWS_CUSTOM_RESOURCE_POLICY);
      ensured[service] = resource;
    }
    this.ensured = ensured;
    if (services.length > 0) acknowledgeAwsCustomResourceProvider(stack);
  }
}
