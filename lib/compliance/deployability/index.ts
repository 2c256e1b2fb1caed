import * as path from 'path';
import { IPolicyValidationPlugin } from 'aws-cdk-lib';
import { TemplateValidationContext, TemplateValidationReport, TemplateViolation } from '../template-validation';
import { assetEntryPoints } from './asset-entry-points';
import { DeployabilityCheck, Durability } from './check';
import { durability } from './durability';
import { grantsWithinBoundary } from './grants-within-boundary';
import { StageAssembly } from './model';
import { principalsExist } from './principals-exist';
import { publishedNames } from './published-names';
import { serviceWriters } from './service-writers';
import { stackReferences } from './stack-references';

export * from './check';
export { StageAssembly } from './model';
export { AWS_MANAGED_POLICY_ACTIONS } from './aws-managed-policies';

/** Name of the plugin in the validation report; acknowledge its findings as `atlas-deployability::<check>`. */
export const DEPLOYABILITY_PLUGIN = 'atlas-deployability';

/** Every deployability check, one class of deploy-time mistake each. */
export const DEPLOYABILITY_CHECKS: readonly DeployabilityCheck[] = [
  principalsExist,
  serviceWriters,
  assetEntryPoints,
  publishedNames,
  durability,
  stackReferences,
  grantsWithinBoundary,
];

/** Properties of a `DeployabilityValidator`. */
export interface DeployabilityValidatorProps {
  /**
   * The durability of each stage, by the name of its cloud assembly directory (`assembly-sandbox`). A stage that is
   * not listed is not checked for durability.
   */
  readonly stages: Readonly<Record<string, Durability>>;
  /**
   * The checks to run.
   *
   * @default DEPLOYABILITY_CHECKS
   */
  readonly checks?: readonly DeployabilityCheck[];
}

/**
 * Our own checks of what a fresh account or the service itself would refuse or silently ignore, beside the cdk-nag
 * packs (which check templates against rules, not against how services behave): principals that may not exist yet,
 * writers their targets do not admit, assets missing their entry point, DNS names nothing answers, durability that
 * does not match the stage, weak references where CloudFormation does not document them, and grants that the
 * permissions boundary cuts.
 *
 * Runs on every synth as a CDK policy-validation plugin; each finding names the resource, and a finding that the
 * design accepts is acknowledged on its construct like any other (`atlas-deployability::<check>`).
 *
 * What no template shows is left to the preflight (account quotas such as Lambda concurrency and EC2 vCPUs, whether
 * a service-linked role or the CDK bootstrap already exists, which certificate names an ACM ARN covers, whether the
 * region's resource schemas know every property).
 */
export class DeployabilityValidator implements IPolicyValidationPlugin {
  public readonly name = DEPLOYABILITY_PLUGIN;
  private readonly stages: Readonly<Record<string, Durability>>;
  private readonly checks: readonly DeployabilityCheck[];

  constructor(props: DeployabilityValidatorProps) {
    this.stages = props.stages;
    this.checks = props.checks ?? DEPLOYABILITY_CHECKS;
  }

  public validate(context: TemplateValidationContext): TemplateValidationReport {
    const byDirectory = new Map<string, string[]>();
    for (const file of context.templatePaths) byDirectory.set(path.dirname(file), [...(byDirectory.get(path.dirname(file)) ?? []), file]);
    const violations: TemplateViolation[] = [];
    for (const [directory, templatePaths] of byDirectory) {
      const assembly = StageAssembly.fromTemplatePaths(directory, templatePaths);
      for (const check of this.checks) {
        const findings = check.check({ assembly, durability: this.stages[path.basename(directory)] });
        // One violation per finding, so that each message reaches the reader with the resource it is about.
        for (const finding of findings) {
          violations.push({
            ruleName: check.name.replace(/^atlas-/, ''),
            description: `${check.description} ${finding.message}.`,
            fix: check.fix,
            severity: 'error',
            violatingResources: [{ resourceLogicalId: finding.logicalId, templatePath: finding.templatePath, locations: [] }],
          });
        }
      }
    }
    return { success: violations.length === 0, violations };
  }
}
