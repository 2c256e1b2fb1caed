import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { RelationalDatabase } from '../database/relational';
import { Network } from '../networking/network';
import { AtlasStack, AtlasStackProps } from './atlas-stack';

/** Properties of the `DataStack`. */
export interface DataStackProps extends AtlasStackProps {
  readonly network: Network;
  readonly alarmTopic: sns.ITopic;
}

/** Stateful resources apart from stateless ones: termination-protected in production. */
export class DataStack extends AtlasStack {
  /** The PostgreSQL database. */
  public readonly relational: RelationalDatabase;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, { ...props, terminationProtection: props.config.durability.terminationProtection });
    const { relational, durability, logRetention } = props.config;
    this.relational = new RelationalDatabase(this, 'Relational', {
      network: props.network,
      alarmTopic: props.alarmTopic,
      ...relational,
      removalPolicy: durability.removalPolicy,
      logRetention,
    });
  }
}
