import { App } from 'aws-cdk-lib';
import { templatesOnlyApp } from '../../lib/shared/templates-only-app';
import { cdkJsonContext, tempDir } from './context';

/**
 * An app for per-construct unit tests: the project's feature flags, but no built-in CloudFormation validation
 * (seconds per synth; the compliance tests run it through the gate), no asset bundling and no asset copies (neither
 * changes a template). Its cloud assembly goes to a directory of this jest run: an app without an outdir makes one
 * under the OS temp dir when it is constructed, and leaves it there.
 */
export function unitTestApp(): App {
  return templatesOnlyApp(tempDir('cdk.out'), cdkJsonContext());
}
