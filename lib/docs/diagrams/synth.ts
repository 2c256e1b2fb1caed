import { App } from 'aws-cdk-lib';
import { addAtlasStages } from '../../atlas-app';
import { readStages, StageModel } from './assembly';

/**
 * Synthesizes every stage of the app, as `npm run synth` does but without what the diagrams do not read (the
 * compliance gate, the built-in CloudFormation validation, asset bundling), into `outdir`, and reads the stages
 * back from the cloud assembly. The caller owns `outdir` (a temporary directory it removes afterwards); the returned
 * models hold the templates in memory.
 *
 * @param context the project's context, as the CLI passes it from cdk.json (feature flags change the templates)
 */
export function synthesizeStages(outdir: string, context: Record<string, unknown>): StageModel[] {
  const app = new App({
    outdir,
    // No creation stack traces either: they go to the manifest, never to a template, and cost a third of the build.
    context: { ...context, 'aws:cdk:version-reporting': false, 'aws:cdk:bundling-stacks': [], 'aws:cdk:disable-creation-stack-traces': true },
    builtinCloudFormationValidation: false,
  });
  addAtlasStages(app, { compliance: false });
  return readStages(app.synth());
}
