import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AlarmTopic } from '../management/alarm-topic';
import { AtlasStack, AtlasStackProps } from './atlas-stack';

/**
 * The stage's alarm topic. Deployed before the workload stacks: their alarms (kept next to what they watch) and
 * Auto Scaling notifications publish to it.
 */
export class MonitoringStack extends AtlasStack {
  /** The alarm topic. */
  public readonly alarmTopic: sns.ITopic;

  constructor(scope: Construct, id: string, props: AtlasStackProps) {
    super(scope, id, props);
    this.alarmTopic = new AlarmTopic(this, 'AlarmTopic', {
      email: props.config.monitoring.alarmEmail,
      removalPolicy: props.config.durability.removalPolicy,
    }).topic;
  }
}
