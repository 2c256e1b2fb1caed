import { App } from 'aws-cdk-lib';
import { cdkJsonContext } from './context';

/**
 * An app for per-construct unit tests: the project's feature flags, but no built-in CloudFormation validation
 * (seconds per synth; the shared synth in the global setup runs it once for every stage) and no asset bundling.
 */
export function unitTestApp(): App {
  return new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
}
