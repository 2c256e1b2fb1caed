import * as fs from 'fs';
import * as path from 'path';
import { DeployabilityCheck, findingsCollector } from './check';
import { FileAsset, list, prop, StageAssembly } from './model';

/** File extensions a Node.js Lambda handler module may have, by runtime family. */
const HANDLER_EXTENSIONS: Readonly<Record<string, readonly string[]>> = { nodejs: ['.js', '.mjs', '.cjs'], python: ['.py'] };

/**
 * Every asset that runs code contains the entry point it declares, as the CDK staged it into the cloud assembly:
 * the Lambda handler's module, the file the Node.js app's `start` script runs (Elastic Beanstalk runs `npm start`),
 * and the playbook State Manager applies. A file that exists only in a developer's working tree (ignored by git) is
 * missing from the asset built in a clean clone, and the deploy then succeeds with code that cannot start.
 */
export const assetEntryPoints: DeployabilityCheck = {
  name: 'atlas-asset-entry-points',
  description: 'Every asset that runs code contains the entry point it declares (handler module, start script target, playbook).',
  fix: 'Add the missing file to the asset directory and commit it (check that .gitignore does not exclude it).',
  check: ({ assembly }) => {
    const { findings, report } = findingsCollector();

    for (const fn of assembly.resources('AWS::Lambda::Function')) {
      const props = fn.resource.Properties ?? {};
      const asset = assetOf(assembly, prop(props.Code, 'S3Key'));
      const family = Object.keys(HANDLER_EXTENSIONS).find((f) => typeof props.Runtime === 'string' && props.Runtime.startsWith(f));
      if (!asset || !family || typeof props.Handler !== 'string') continue;
      const module = props.Handler.slice(0, props.Handler.lastIndexOf('.'));
      const candidates = HANDLER_EXTENSIONS[family].map((ext) => `${module}${ext}`);
      if (!candidates.some((file) => exists(asset, file))) {
        report(fn, `function ${fn.logicalId} runs handler ${props.Handler}, but its asset ${relative(assembly, asset)} has none of ${candidates.join(', ')}`);
      }
    }

    for (const version of assembly.resources('AWS::ElasticBeanstalk::ApplicationVersion')) {
      const asset = assetOf(assembly, prop(version.resource.Properties, 'SourceBundle', 'S3Key'));
      if (!asset) continue;
      const entry = nodeAppEntry(asset);
      if (entry.missing)
        report(
          version,
          `application version ${version.logicalId} starts ${entry.describe}, but its asset ${relative(assembly, asset)} has no ${entry.missing}`,
        );
    }

    for (const association of assembly.resources('AWS::SSM::Association')) {
      const props = association.resource.Properties ?? {};
      if (props.Name !== 'AWS-ApplyAnsiblePlaybooks') continue;
      const asset = assetOf(assembly, prop(props.Parameters, 'SourceInfo'));
      const playbook = list(prop(props.Parameters, 'PlaybookFile'))[0];
      if (asset && typeof playbook === 'string' && !exists(asset, playbook)) {
        report(association, `association ${association.logicalId} applies ${playbook}, but its asset ${relative(assembly, asset)} does not contain it`);
      }
    }
    return findings;
  },
};

/** The asset whose object key a template value mentions (a plain key, or inside a Join / Sub / JSON string). */
function assetOf(assembly: StageAssembly, value: unknown): FileAsset | undefined {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  return assembly.assets.find((a) => a.packaging === 'zip' && text.includes(a.objectKey));
}

function exists(asset: FileAsset, file: string): boolean {
  return fs.existsSync(path.join(asset.stagedPath, file));
}

function relative(assembly: StageAssembly, asset: FileAsset): string {
  return path.relative(assembly.directory, asset.stagedPath);
}

/** What a Node.js app bundle runs: `npm start`'s `node <file>`, else the platform's default files. */
function nodeAppEntry(asset: FileAsset): { describe: string; missing?: string } {
  const packageFile = path.join(asset.stagedPath, 'package.json');
  if (fs.existsSync(packageFile)) {
    const pkg = JSON.parse(fs.readFileSync(packageFile, 'utf8')) as { scripts?: Record<string, string>; main?: string };
    const start = pkg.scripts?.start;
    const file = start ? /^node\s+(\S+)/.exec(start)?.[1] : (pkg.main ?? 'server.js');
    if (!file) return { describe: `'${start}'` };
    return { describe: start ? `'npm start' (${start})` : file, missing: exists(asset, file) ? undefined : file };
  }
  const defaults = ['app.js', 'server.js'];
  return { describe: 'the platform default (app.js or server.js)', missing: defaults.some((f) => exists(asset, f)) ? undefined : defaults.join(' or ') };
}
