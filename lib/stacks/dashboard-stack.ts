import { Construct } from 'constructs';
import { DashboardRow, OperationsDashboard } from '../management/dashboard';
import { AtlasStack, AtlasStackProps } from './atlas-stack';

/** Properties of the `DashboardStack`. */
export interface DashboardStackProps extends AtlasStackProps {
  /** One row per tier, top to bottom. */
  readonly rows: readonly DashboardRow[];
}

/** The stage's dashboard: deployed last, because it shows every other stack. */
export class DashboardStack extends AtlasStack {
  public readonly dashboard: OperationsDashboard;

  constructor(scope: Construct, id: string, props: DashboardStackProps) {
    super(scope, id, props);
    this.dashboard = new OperationsDashboard(this, 'Dashboard', { rows: props.rows });
  }
}
