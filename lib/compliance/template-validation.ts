import { IPolicyValidationContext, PolicyValidationPluginReport, PolicyViolatingResource, PolicyViolation } from 'aws-cdk-lib';

/**
 * What our template validators (`AtlasGuardValidator`, `DeployabilityValidator`) read of the CDK's validation
 * context: the template files and, when the CDK passes them (it does on every synth), the stacks' environments. The
 * CDK calls them with a whole `IPolicyValidationContext`; a test or script may run one on template files alone.
 */
export type TemplateValidationContext = Pick<IPolicyValidationContext, 'templatePaths' | 'appConstruct'> &
  Partial<Pick<IPolicyValidationContext, 'stackTemplates'>>;

/** A resource a template validator reports: always a logical id in a template file. */
export interface TemplateViolatingResource extends PolicyViolatingResource {
  /** The resource's logical id. */
  readonly resourceLogicalId: string;
  /** Absolute path of the template that holds the resource. */
  readonly templatePath: string;
}

/** A finding of a template validator. */
export interface TemplateViolation extends PolicyViolation {
  /** The resources that break the rule, each named by template and logical id. */
  readonly violatingResources: TemplateViolatingResource[];
}

/** The report of a template validator: a `PolicyValidationPluginReport` whose findings all name their template. */
export interface TemplateValidationReport extends PolicyValidationPluginReport {
  /** The findings. */
  readonly violations: TemplateViolation[];
}
