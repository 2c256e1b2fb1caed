import { DeployabilityCheck, Finding } from './check';
import { isObject } from './model';

/**
 * Where a weak cross-stack reference (`Fn::GetStackOutput`) may stand: the positions CloudFormation is known to
 * accept it in (a property value, inside `Fn::Join`, `Fn::If`, `Fn::Select`, `Fn::Sub`, `Fn::Base64`, an output).
 * Nothing public confirms it inside `Fn::Split` or any other function, nor in a template with a `Transform` (which
 * rewrites the template before CloudFormation resolves it): use a strong reference there
 * (`CrossStackReferences.of(stack).consume(ReferenceStrength.STRONG)`) or an attribute that needs no function.
 */
export const CONFIRMED_PARENTS: readonly string[] = ['Fn::Join', 'Fn::If', 'Fn::Select', 'Fn::Sub', 'Fn::Base64'];

export const stackReferences: DeployabilityCheck = {
  name: 'atlas-stack-references',
  description: 'Weak cross-stack references (Fn::GetStackOutput) appear only where CloudFormation is known to resolve them.',
  fix: 'Consume the reference strongly (CrossStackReferences.of(stack).consume(ReferenceStrength.STRONG)) or reference an attribute that needs no function around it.',
  check: ({ assembly }) => {
    const findings: Finding[] = [];
    for (const stack of assembly.stacks) {
      const transformed = stack.template.Transform !== undefined;
      for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
        walk(resource.Properties, [], (parents) => {
          const unconfirmed = parents.filter((p) => !CONFIRMED_PARENTS.includes(p));
          if (transformed) {
            findings.push({
              templatePath: stack.templatePath,
              logicalId,
              message: `${logicalId} uses Fn::GetStackOutput in a template with Transform ${JSON.stringify(stack.template.Transform)}, where CloudFormation does not document it`,
            });
          } else if (unconfirmed.length > 0) {
            findings.push({
              templatePath: stack.templatePath,
              logicalId,
              message: `${logicalId} uses Fn::GetStackOutput inside ${unconfirmed.join(' > ')}, where CloudFormation does not document it`,
            });
          }
        });
      }
    }
    return findings;
  },
};

function walk(value: unknown, parents: string[], found: (parents: string[]) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, parents, found);
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'Fn::GetStackOutput') found(parents);
      else walk(child, key.startsWith('Fn::') ? [...parents, key] : parents, found);
    }
  }
}
