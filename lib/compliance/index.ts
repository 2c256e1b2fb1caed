import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

export * from './acknowledge';

/**
 * Registers the compliance packs on the app, so that every synth checks every resource of every stage.
 * (A cdk-nag 3 pack walks the whole construct tree it is given, so it is registered once, not per stage.)
 * Findings land in `cdk.out/validation-report.json`; an unacknowledged error fails the synth.
 */
export function applyCompliance(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}
