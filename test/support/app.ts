import { App } from 'aws-cdk-lib';
import { cdkJsonContext, tempDir } from './context';

/**
 * Context for a synth whose templates are all that is read: asset bundling skipped, assets not copied, and no creation
 * stack trace recorded for every resource (manifest metadata only; under jest's source-mapped stack traces they are a
 * third of the time it takes to build a stage).
 */
export const PLAIN_SYNTH_CONTEXT = { 'aws:cdk:bundling-stacks': [], 'aws:cdk:disable-asset-staging': true, 'aws:cdk:disable-creation-stack-traces': true };

/**
 * An app for per-construct unit tests: the project's feature flags, but no built-in CloudFormation validation
 * (seconds per synth; the compliance tests run it through the gate), no asset bundling and no asset copies (neither
 * changes a template). Its cloud assembly goes to a directory of this jest run: an app without an outdir makes one
 * under the OS temp dir when it is constructed, and leaves it there.
 */
export function unitTestApp(): App {
  return new App({
    outdir: tempDir('cdk.out'),
    context: { ...cdkJsonContext(), ...PLAIN_SYNTH_CONTEXT },
    builtinCloudFormationValidation: false,
  });
}
