import { RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { AtlasStage } from '../atlas-stage';
import { PipelineSourceChoice } from '../config';
import { DeliveryPipeline } from '../management/delivery-pipeline';
import { MIN_DURABLE_LOG_RETENTION } from '../shared/encrypted-log-group';

/** Properties of the `PipelineStack`. */
export interface PipelineStackProps extends StackProps {
  /** The repository and connection the pipeline reads the app from. */
  readonly source: PipelineSourceChoice;
  /** The stages to deploy, in order. A durable stage (one that retains its data: production) waits for an approval. */
  readonly stages: readonly AtlasStage[];
  /** The context the pipeline's synth passes to the app: the same as the synth that deployed the pipeline. */
  readonly synthContext: Readonly<Record<string, string>>;
  /** The CDK CLI version the pipeline's generated steps install. */
  readonly cliVersion: string;
}

/**
 * The optional delivery pipeline, beside the stages it deploys (not inside one): it deploys every stage of the app,
 * sandbox first, then production after a manual approval.
 */
export class PipelineStack extends Stack {
  /** The pipeline. */
  public readonly deliveryPipeline: DeliveryPipeline;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    // The artifact stores of the other regions are read as `Fn::GetStackOutput` references (cdk.json's weak references).
    super(scope, id, { ...props, crossRegionReferences: true });
    this.deliveryPipeline = new DeliveryPipeline(this, 'DeliveryPipeline', {
      repository: props.source.repository,
      connectionArn: props.source.connectionArn,
      synthContext: props.synthContext,
      cliVersion: props.cliVersion,
      stages: props.stages.map((stage) => ({ stage, manualApproval: stage.config.durability.removalPolicy !== RemovalPolicy.DESTROY })),
      // The logs record what was built and deployed, and who touched the artifacts: kept a year, and kept when the
      // pipeline is deleted, like a durable stage's audit logs (the artifacts themselves are not kept).
      logRetention: MIN_DURABLE_LOG_RETENTION,
      logRemovalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
