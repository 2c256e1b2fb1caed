import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** An alarm as the constructs declare it, next to the resource it watches. */
export interface AlarmSpec {
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparison: cloudwatch.ComparisonOperator;
  /** Consecutive periods over the threshold before the alarm fires. */
  readonly evaluationPeriods: number;
  /**
   * What a period without data means. Chosen per alarm: no requests is fine for error counts (NOT_BREACHING),
   * while a silent health metric is suspicious (BREACHING) or unknown (MISSING).
   */
  readonly treatMissingData: cloudwatch.TreatMissingData;
  readonly description: string;
}

/** Creates an alarm that notifies the stage's alarm topic (on alarm and on recovery). */
export function addAlarm(scope: Construct, id: string, topic: sns.ITopic, spec: AlarmSpec): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    metric: spec.metric,
    threshold: spec.threshold,
    comparisonOperator: spec.comparison,
    evaluationPeriods: spec.evaluationPeriods,
    treatMissingData: spec.treatMissingData,
    alarmDescription: spec.description,
  });
  alarm.addAlarmAction(new actions.SnsAction(topic));
  alarm.addOkAction(new actions.SnsAction(topic));
  return alarm;
}
