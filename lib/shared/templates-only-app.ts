import { App } from 'aws-cdk-lib';

/**
 * Context for a synth whose templates are all that is read (the docs generators, the exceptions table, unit tests):
 * no version-reporting resource (the CLI's default here), asset bundling skipped, assets not copied, and no creation
 * stack trace recorded for every resource (manifest metadata only, never in a template, and a third of the time a
 * stage takes to build under jest's source-mapped stack traces). None of these changes a template.
 */
export const TEMPLATES_ONLY_CONTEXT = {
  'aws:cdk:version-reporting': false,
  'aws:cdk:bundling-stacks': [],
  'aws:cdk:disable-asset-staging': true,
  'aws:cdk:disable-creation-stack-traces': true,
};

/**
 * An app that synthesizes the same templates as `npm run synth` (the given context: cdk.json's feature flags) without
 * what only a deploy needs: the built-in CloudFormation validation (seconds per synth; the compliance gate runs it) and
 * the work `TEMPLATES_ONLY_CONTEXT` leaves out. Its cloud assembly goes to `outdir`, which the caller owns.
 */
export function templatesOnlyApp(outdir: string, context: Record<string, unknown>): App {
  return new App({ outdir, context: { ...context, ...TEMPLATES_ONLY_CONTEXT }, builtinCloudFormationValidation: false });
}
