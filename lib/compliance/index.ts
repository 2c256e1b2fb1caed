import { Stage, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

export * from './acknowledge';

/**
 * Registers the compliance packs on a stage, so that every synth of it checks every resource.
 * Findings land in `cdk.out/validation-report.json`; an unacknowledged error fails the synth.
 */
export function applyCompliance(stage: Stage): void {
  Validations.of(stage).addPlugins(new AwsSolutionsChecks(stage));
}
