import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { ValidationError } from '../shared/validate';

/** One row of the dashboard: a tier and its alarms and metrics. */
export interface DashboardRow {
  /** Title of the row, e.g. `Web tier`. */
  readonly title: string;
  /** The tier's alarms, shown as a status widget: the `alarms` its construct exposes. */
  readonly alarms: readonly cloudwatch.IAlarm[];
  /** Metrics graphed next to the alarms: the `metrics` its construct exposes. */
  readonly metrics: readonly cloudwatch.IMetric[];
}

/** Properties of an `OperationsDashboard`. */
export interface OperationsDashboardProps {
  /** One row per tier, top to bottom. */
  readonly rows: readonly DashboardRow[];
}

/** A CloudWatch dashboard per stage with a row per tier: alarm status on the left, graphs on the right. */
export class OperationsDashboard extends Construct {
  /** The dashboard. */
  public readonly dashboard: cloudwatch.Dashboard;
  /** The rows it shows, top to bottom: each row's status widget shows its alarms, its graph its metrics. */
  public readonly rows: readonly DashboardRow[];

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    if (props.rows.length === 0) throw new ValidationError('OperationsDashboard rows must name at least one tier, got none');
    this.rows = [...props.rows];
    this.dashboard = new cloudwatch.Dashboard(this, 'Resource', { defaultInterval: undefined });
    for (const row of props.rows) {
      this.dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: `## ${row.title}`, width: 24, height: 1 }));
      this.dashboard.addWidgets(
        new cloudwatch.AlarmStatusWidget({ title: `${row.title} alarms`, alarms: [...row.alarms], width: 8, height: 6 }),
        new cloudwatch.GraphWidget({ title: row.title, left: [...row.metrics], width: 16, height: 6 }),
      );
    }
  }
}
