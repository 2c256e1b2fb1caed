import * as fs from 'fs';
import * as path from 'path';

/** Project root. */
export const ROOT = path.resolve(__dirname, '..', '..');

/** Where the global setup writes the shared cloud assembly of every stage. */
export const ASSEMBLY_DIR = path.join(ROOT, '.test-assembly');

/**
 * The context of cdk.json (feature flags), as the CLI passes it, so that test synths produce the same templates
 * as `npm run synth`. Version reporting is off as in cdk.json (`versionReporting: false`).
 */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return { ...cdkJson.context, 'aws:cdk:version-reporting': false };
}
