import { Located, StageAssembly } from './model';

/** What a stage does with its data when it is torn down, as the durability check reads it. */
export type Durability = 'disposable' | 'durable';

/** What a check knows about the stage it reads. */
export interface StageContext {
  readonly assembly: StageAssembly;
  /**
   * `disposable`: `cdk destroy` leaves nothing; `durable`: stateful resources survive their stack.
   *
   * @default - unknown: the durability check has nothing to hold the stage to
   */
  readonly durability?: Durability;
}

/** One thing a fresh account, or the service itself, would refuse or silently ignore. */
export interface Finding {
  /** Absolute path of the template that holds the resource. */
  readonly templatePath: string;
  /** The resource's logical id. */
  readonly logicalId: string;
  /** What goes wrong at deploy time or after, with the value that causes it. */
  readonly message: string;
}

/** A deployability check: one class of deploy-time mistake, one file (like a cdk-nag rule). */
export interface DeployabilityCheck {
  /** Rule name as findings report it, e.g. `atlas-principals-exist`. */
  readonly name: string;
  /** What the check promises, in one sentence. */
  readonly description: string;
  /** How to fix a finding. */
  readonly fix: string;
  /** The findings in one stage (a function property, not a method: a check uses no `this`). */
  readonly check: (stage: StageContext) => Finding[];
}

/** Collects findings about located resources: `report(at, message)` for each, then `findings`. */
export function findingsCollector(): { readonly findings: Finding[]; readonly report: (at: Located, message: string) => void } {
  const findings: Finding[] = [];
  return { findings, report: (at, message) => findings.push({ templatePath: at.stack.templatePath, logicalId: at.logicalId, message }) };
}
