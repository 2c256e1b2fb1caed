import * as fs from 'fs';
import { App, CloudFormationValidatePlugin, IPolicyValidationContext, PolicyValidationPluginReport, RemovalPolicy, Stage, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks, PCIDSS321Checks, ServerlessChecks } from 'cdk-nag';
import { DEPLOYABILITY_PLUGIN, DeployabilityValidator, Durability } from './deployability';
import { AtlasGuardValidator } from './guard';
import { CLOUDFORMATION_VALIDATE, CONSTRUCT_ANNOTATIONS } from './report';
import { validateWithCache } from './validation-cache';

export * from './acknowledge';
export * from './common-exceptions';
export * from './deployability';
export * from './guard';
export * from './report';
export * from './template-validation';
export * from './validation-cache';

/**
 * Control Tower rules switched off for the whole app, each with the reason. A rule belongs here only when it is a
 * false positive for every resource the CDK synthesizes; a finding on one resource is acknowledged on that resource.
 * None is: every finding of the controls was either fixed or acknowledged where it arises.
 */
export const DISABLED_GUARD_RULES: Readonly<Record<string, string>> = {};

/** The five cdk-nag packs, new instances each call (a pack keeps state while it runs). */
export function nagPacks(): NagPack[] {
  return [new AwsSolutionsChecks(), new NIST80053R5Checks(), new HIPAASecurityChecks(), new PCIDSS321Checks(), new ServerlessChecks()];
}

/** The name of every pack and plugin in the gate, as the validation report names them. */
export function gatePluginNames(): string[] {
  return [...nagPacks().map((p) => p.name), guardValidator().name, DEPLOYABILITY_PLUGIN, CLOUDFORMATION_VALIDATE, CONSTRUCT_ANNOTATIONS];
}

/** The Control Tower proactive controls plus our own guard rules, run by the bundled cfn-guard binary (offline). */
export function guardValidator(): AtlasGuardValidator {
  return new AtlasGuardValidator({ disabledRules: DISABLED_GUARD_RULES });
}

/**
 * Registers the compliance gate on the app, so that every synth checks every resource of every stage: the five
 * cdk-nag packs (AwsSolutions, NIST 800-53 rev 5, HIPAA Security, PCI DSS 3.2.1, Serverless) and the Control Tower
 * proactive controls with our own guard rules, and our deployability checks (`DeployabilityValidator`). The CDK's built-in CloudFormation validation runs as well (strict
 * through `@aws-cdk/core:validateAgainstDefaultRules` in cdk.json).
 *
 * A cdk-nag 3 pack walks the whole construct tree it is given, so each is registered once on the app, not per stage.
 * Findings land in `cdk.out/validation-report.json`; an unacknowledged error fails the synth.
 */
export function applyCompliance(app: App, stages: readonly StageDurability[] = []): void {
  Validations.of(app).addPlugins(...nagPacks(), guardValidator(), deployabilityValidator(stages), new CachedCloudFormationValidatePlugin());
}

/** The pinned aws-cdk-lib's version: the CloudFormation validation engine, its schemas and rules ship with it. */
const AWS_CDK_LIB_VERSION = (JSON.parse(fs.readFileSync(require.resolve('aws-cdk-lib/package.json'), 'utf8')) as { version: string }).version;

/**
 * The CDK's built-in CloudFormation validation (the same engine, rules and strictness: registered on the app it
 * replaces the default instance), with findings cached per template (`validateWithCache`): a synth validates only
 * the templates that changed since a synth with the same engine version and rules.
 */
export class CachedCloudFormationValidatePlugin extends CloudFormationValidatePlugin {
  public override validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    // The engine, its schemas and its default rules ship with aws-cdk-lib: its version names them all.
    const violations = validateWithCache(
      context,
      { tool: `cloudformation-validate@aws-cdk-lib@${AWS_CDK_LIB_VERSION}`, rulesFingerprint: () => 'default rules' },
      (changed) => super.validate(changed),
    );
    return { success: violations.every((v) => v.severity !== 'error' && v.severity !== 'fatal'), violations, pluginVersion: this.version };
  }
}

/** A stage and what it does with its data, for the durability check. */
export interface StageDurability {
  /** The stage (its cloud assembly directory is its `artifactId`, `assembly-<stage id>`). */
  readonly stage: Stage;
  /** `DESTROY` (disposable: the sandbox) or `RETAIN`/`SNAPSHOT` (durable: production). */
  readonly removalPolicy: RemovalPolicy;
}

/** Our deployability checks, told which stage is disposable and which durable. */
export function deployabilityValidator(stages: readonly StageDurability[]): DeployabilityValidator {
  const durabilities: Record<string, Durability> = {};
  for (const { stage, removalPolicy } of stages) durabilities[stage.artifactId] = removalPolicy === RemovalPolicy.DESTROY ? 'disposable' : 'durable';
  return new DeployabilityValidator({ stages: durabilities });
}
