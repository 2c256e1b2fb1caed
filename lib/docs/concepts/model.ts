import type { StageConfig } from '../../config';

/**
 * The shape of the concept map (`docs/concepts.md`): the study's concepts, each tied to the construct that builds it,
 * the stack it lives in, the CloudFormation resource types it becomes per stage, how the stages differ and the tests
 * that prove its claims. The data is in `concepts.ts`; `render.ts` writes the Markdown; `test/docs/concepts.test.ts`
 * checks every row against the code, a synthesized app and the test sources.
 */

/**
 * The stacks of a stage with a standby region (production), in deployment order (`AtlasStage` creates them; the
 * concept test checks the list against every stage). A stage in one region (sandbox) has the same stacks without the
 * `Standby…` ones: `stageStackIds`.
 */
export const STACK_IDS = [
  'Access',
  'Dns',
  'EdgeCertificate',
  'Network',
  'Monitoring',
  'StandbyNetwork',
  'StandbyMonitoring',
  'StandbyData',
  'Data',
  'Edge',
  'Compute',
  'StandbyCompute',
  'Audit',
  'Routing',
  'StandbyRouting',
  'Dashboard',
] as const;

/** The stacks a stage places in its standby region (`config.standby.region`); every other stack is in `config.region`. */
export const STANDBY_STACK_IDS = ['StandbyNetwork', 'StandbyMonitoring', 'StandbyData', 'StandbyCompute', 'StandbyRouting'] as const;

/**
 * The stacks of a stage with this config, in deployment order: the `Standby…` stacks only where it has a standby,
 * `EdgeCertificate` (us-east-1) only where it issues its certificates.
 */
export function stageStackIds(config: Pick<StageConfig, 'standby' | 'dns'>): StackId[] {
  return STACK_IDS.filter(
    (id) =>
      (config.standby !== undefined || !(STANDBY_STACK_IDS as readonly string[]).includes(id)) && (id !== 'EdgeCertificate' || config.dns.issueCertificates === true),
  );
}

/**
 * The stacks of the app outside any stage: the optional delivery pipeline's (`-c pipelineRepository=…
 * -c pipelineConnectionArn=…`), which deploys the stages. The concept test checks the id against the app's.
 */
export const APP_STACK_IDS = ['Pipeline'] as const;

/**
 * A stack of a stage, by its construct id (`sandbox-Network` is the stack `Network` of the sandbox), or a stack of the
 * app outside the stages (`APP_STACK_IDS`).
 */
export type StackId = (typeof STACK_IDS)[number] | (typeof APP_STACK_IDS)[number];

/**
 * Where a resource type appears:
 * - `both`: in the templates of the sandbox and the production preset;
 * - `sandbox` / `production`: in that preset's templates only (not in the other's, for the row's stacks);
 * - `optional`: in neither preset, only with the config switch on (as `withEveryOptionalPart` sets it);
 * - `pipeline`: in no stage, only in the app's `Pipeline` stack, with the delivery pipeline switched on.
 */
export type Presence = 'both' | 'sandbox' | 'production' | 'optional' | 'pipeline';

/** A CloudFormation resource type a concept becomes, and the stage(s) whose templates hold it. */
export interface ResourceTypeEntry {
  /** The CloudFormation type, e.g. `AWS::EC2::Subnet` or `Custom::S3AutoDeleteObjects`. */
  readonly type: string;
  /** The stage(s) whose templates hold it. */
  readonly in: Presence;
  /**
   * The stage config path that decides it (`cache`, `hybrid.directConnect`, `durability.removalPolicy`). Required for
   * `optional`; for `sandbox` or `production`, the setting that differs between the presets.
   *
   * @default - none: the type is there whatever the config says
   */
  readonly switchedBy?: string;
}

/** A construct (or, for the stacks concept, the stage and stack base classes) and the file that exports it. */
export interface ConstructRef {
  /** The exported class name, e.g. `WebTier`. */
  readonly name: string;
  /** The file that exports it, relative to the project root, e.g. `lib/compute/web-tier.ts`. */
  readonly file: string;
}

/** A test that proves a claim of the row. */
export interface TestRef {
  /** The test file, relative to the project root. */
  readonly file: string;
  /**
   * The test's own title as jest prints it (without its `describe` titles). A title written as a template literal or
   * in `test.each` is cited as rendered, e.g. `NAT gateways: 1, in public subnets only`.
   */
  readonly name: string;
}

/** Why a concept cannot be provisioned as the study describes it, and what the project provides instead. */
export interface NotProvisioned {
  readonly why: string;
  readonly instead: string;
}

/** How the two presets differ for a concept, in a few words each (derived from `PRESETS` where possible). */
export interface StageDifference {
  readonly sandbox: string;
  readonly production: string;
}

/** One concept of the study: a service, a piece of global infrastructure, or an idea a chapter explains. */
export interface Concept {
  /** Stable key and Markdown anchor, an English slug such as `availability-zone`. */
  readonly id: string;
  /** The study's Korean term, e.g. `가용 영역`. */
  readonly korean: string;
  /** The English term, e.g. `Availability zone`. */
  readonly english: string;
  /** One line in our own words. */
  readonly summary: string;
  /** The constructs that build it. */
  readonly constructs: readonly ConstructRef[];
  /**
   * Stage config paths that shape it (`webTier.instanceType`), as in `lib/config/presets.ts`.
   *
   * @default - none
   */
  readonly config?: readonly string[];
  /** The stacks its constructs live in. */
  readonly stacks: readonly StackId[];
  /** The CloudFormation resource types it becomes, per stage. Empty where it has none of its own. */
  readonly resourceTypes: readonly ResourceTypeEntry[];
  /** How sandbox and production differ for it. */
  readonly stages: StageDifference;
  /** Tests that prove its claims. */
  readonly tests: readonly TestRef[];
  /**
   * Set where the study's version cannot be provisioned (a physical line, a retired service, a closed offering).
   *
   * @default - it is provisioned as described
   */
  readonly notProvisioned?: NotProvisioned;
}

/** A chapter of the study: global infrastructure first, then the six chapters in the study's order. */
export interface Chapter {
  /** Stable key and Markdown anchor, e.g. `compute`. */
  readonly id: string;
  /** The chapter's Korean title, e.g. `컴퓨팅`. */
  readonly korean: string;
  /** The chapter's English title, e.g. `Compute`. */
  readonly english: string;
  /**
   * Paragraphs under the chapter's heading, before its table: what ties its concepts together here (the two-region
   * design of global infrastructure, in Korean and English).
   *
   * @default - none
   */
  readonly intro?: readonly string[];
  /** Its concepts, in the study's order. */
  readonly concepts: readonly Concept[];
}
