import { DeployabilityCheck, Finding } from './check';
import { isObject, list, RESOURCE_POLICIES, statements } from './model';

/**
 * No resource policy names a principal that may not exist yet. KMS, SNS, SQS and S3 resolve the principals of a
 * policy when it is set and refuse one that does not exist (`MalformedPolicyDocumentException`, "Invalid principal").
 * A service-linked role exists only after the account first used its service, so naming one fails in a new account.
 * Naming it in a condition (`aws:PrincipalArn`) instead works: conditions are not resolved.
 */
export const principalsExist: DeployabilityCheck = {
  name: 'atlas-principals-exist',
  description: 'No resource policy names a principal that may not exist yet (a service-linked role the app does not create).',
  fix: "Admit the role by a condition on aws:PrincipalArn with Principal '*' and aws:PrincipalAccount, or create the role first.",
  check: ({ assembly }) =>
    Object.entries(RESOURCE_POLICIES).flatMap(([type, property]) =>
      assembly.resources(type).flatMap(({ stack, logicalId, resource }): Finding[] =>
        statements(resource.Properties?.[property]).flatMap((statement) => {
          const principals = isObject(statement.Principal) ? list(statement.Principal.AWS) : [];
          return principals
            .map((p) => JSON.stringify(p))
            .filter((p) => p.includes(':role/aws-service-role/') || p.includes('AWSServiceRoleFor'))
            .map((p) => ({
              templatePath: stack.templatePath,
              logicalId,
              message: `${type} ${logicalId} names the service-linked role ${p} as a principal: it exists only after the account first used its service, and the policy is refused until then`,
            }));
        }),
      ),
    ),
};
