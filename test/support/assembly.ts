import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { StageName } from '../../lib/config';
import { assemblyDir } from './context';

/** A stack artifact of the cloud assembly manifest. */
export interface StackArtifact {
  /** The artifact id (its key in the manifest). */
  id: string;
  displayName: string;
  /** `aws://<account>/<region>`. */
  environment: string;
  /** Ids of the artifacts deployed before this one (stacks and their asset artifacts). */
  dependencies?: string[];
  properties: { templateFile: string; stackName?: string; terminationProtection?: boolean };
}

const stageDir = (stage: StageName) => path.join(assemblyDir(), `assembly-${stage}`);

/** The stack artifacts of a stage in the shared (plain) assembly. */
export function stackArtifacts(stage: StageName): StackArtifact[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(stageDir(stage), 'manifest.json'), 'utf8')) as {
    artifacts: Record<string, StackArtifact & { type: string }>;
  };
  return Object.entries(manifest.artifacts)
    .filter(([, a]) => a.type === 'aws:cloudformation:stack')
    .map(([id, a]) => ({ ...a, id }));
}

/** The raw template of a stack (`Network`, …) of a stage, from the shared assembly. */
export function stackTemplateJson(stage: StageName, stackId: string): Record<string, unknown> {
  const artifact = stackArtifacts(stage).find((a) => a.displayName === `${stage}/${stackId}`);
  if (!artifact) throw new Error(`no stack ${stage}/${stackId} in ${stageDir(stage)}`);
  return JSON.parse(fs.readFileSync(path.join(stageDir(stage), artifact.properties.templateFile), 'utf8')) as Record<string, unknown>;
}

/** The stack ids of a stage in the shared assembly. */
export function stackIds(stage: StageName): string[] {
  return stackArtifacts(stage)
    .map((a) => a.displayName.slice(stage.length + 1))
    .sort();
}

/** An assertions `Template` of a stack of a stage, from the shared assembly. */
export function stackTemplate(stage: StageName, stackId: string): Template {
  return Template.fromJSON(stackTemplateJson(stage, stackId));
}

/** One violation in the validation report, as the CDK writes it. */
export interface ReportViolation {
  ruleName: string;
  description: string;
  severity: string;
  violatingConstructs: { constructPath: string }[];
}

/** One plugin's section of the validation report. */
export interface PluginReport {
  pluginName: string;
  conclusion: string;
  violations: ReportViolation[];
  suppressedViolations?: (ReportViolation & { acknowledgedId: string; acknowledgedAt: string })[];
}

/** The validation report (`validation-report.json`) of a gated synth's cloud assembly. */
export function validationReport(assembly: string): PluginReport[] {
  const report = JSON.parse(fs.readFileSync(path.join(assembly, 'validation-report.json'), 'utf8')) as { pluginReports: PluginReport[] };
  return report.pluginReports;
}
