import { Stack, Stage, Validations } from 'aws-cdk-lib';
// cdk-nag's own rendering of CloudFormation references in finding ids (pinned version; no public export).
import { flattenCfnReference } from './flatten-reference';
import { IConstruct } from 'constructs';

/**
 * A rule finding that the design accepts on purpose, with the reason a reviewer reads.
 *
 * Several packs often report the same finding under their own ids (NIST, HIPAA and PCI all check inline
 * policies, for example); such ids are acknowledged together, with one reason, as one exception.
 */
export interface Exception {
  /**
   * The rule id, or the ids under which several packs report the same finding. Narrowed to a single finding where
   * the rule reports several (e.g. `AwsSolutions-IAM5[Resource::*]`); plugin rules with their namespace
   * (`CloudFormation-Validate::W3010`, `cdk-validator-cfnguard::s3_bucket_logging_enabled_check`).
   */
  readonly id: string | readonly string[];
  /** Why the rule does not fit the design here: at least one full sentence. */
  readonly reason: string;
}

/** Construct metadata type under which every exception is recorded, so that tests and reports can list them. */
export const EXCEPTION_METADATA_TYPE = 'atlas:exception';

/** A reason shorter than this is not an explanation a reviewer can check. */
export const MIN_REASON_LENGTH = 40;

/** Namespace of the Control Tower guard rules (the cfn-guard plugin's name). */
export const GUARD_NAMESPACE = 'cdk-validator-cfnguard';

/** The cdk-nag compliance-framework packs, by the prefix of their rule ids. */
export const NIST = 'NIST.800.53.R5';
export const HIPAA = 'HIPAA.Security';
export const PCI = 'PCI.DSS.321';

/** The id of a rule in several cdk-nag packs, e.g. `inPacks('IAMNoInlinePolicy', NIST, HIPAA, PCI)`. */
export function inPacks(rule: string, ...packs: string[]): string[] {
  return packs.map((pack) => `${pack}-${rule}`);
}

/**
 * The finding id under which AwsSolutions-IAM5 reports a wildcard resource of a policy in `scope`'s stack, rendered
 * exactly as cdk-nag renders it there. Pass the same expression the policy uses (`bucket.arnForObjects('*')`,
 * `stack.formatArn(…)`): how an ARN renders depends on whether the stack's account and region are known (an offline
 * synth, or a deploy to an account), so a hand-written id would only match one of them.
 */
export function wildcardResource(scope: IConstruct, resource: string): string {
  return `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(scope).resolve(resource))}]`;
}

/** The id of a Control Tower guard rule, e.g. `guard('s3_bucket_logging_enabled_check')`. */
export function guard(rule: string): string {
  return `${GUARD_NAMESPACE}::${rule}`;
}

let acknowledging = true;

/**
 * Builds constructs with every exception recorded but none acknowledged, so that a test can run the rule packs
 * and prove that each exception still matches a real finding (a stale exception is dead code).
 */
export function withoutAcknowledgments<T>(build: () => T): T {
  acknowledging = false;
  try {
    return build();
  } finally {
    acknowledging = true;
  }
}

/** What is recorded per acknowledged id: the id, the reason and the exception it belongs to (its first id). */
interface ExceptionRecord {
  readonly id: string;
  readonly reason: string;
  readonly group: string;
}

/**
 * Acknowledges rule findings on one construct (and what it contains), next to the design that causes them.
 *
 * Wraps `Validations.of(scope).acknowledge`, which accepts any reason, with a check that each reason is a real
 * explanation: a reason that is empty or shorter than a sentence fails synth. Acknowledging the same id on the
 * same construct twice (e.g. a CDK singleton shared by two constructs) records it once.
 */
export function acknowledge(scope: IConstruct, ...exceptions: Exception[]): void {
  if (Stack.isStack(scope) || Stage.isStage(scope)) {
    // An acknowledgment applies to everything below its scope: on a stack or stage it would hide the rule for every
    // resource added there later, including ones nobody reviewed.
    throw new Error(
      `acknowledge() needs the resource (or construct) a finding is about, got the ${Stack.isStack(scope) ? 'stack' : 'stage'} ${scope.node.path}`,
    );
  }
  for (const exception of exceptions) {
    const ids = typeof exception.id === 'string' ? [exception.id] : [...exception.id];
    const reason = exception.reason.trim();
    if (ids.length === 0) throw new Error(`acknowledgment on ${scope.node.path} names no rule id (reason '${exception.reason}')`);
    if (reason.length < MIN_REASON_LENGTH || !/[.!]$/.test(reason)) {
      throw new Error(
        `acknowledgment of ${ids.join(', ')} on ${scope.node.path} needs a reason of at least ${MIN_REASON_LENGTH} characters ending in a full stop, got '${exception.reason}'`,
      );
    }
    const recorded = new Set(records(scope).map((r) => r.id));
    const fresh = ids.filter((id) => !recorded.has(id));
    for (const id of fresh) {
      scope.node.addMetadata(EXCEPTION_METADATA_TYPE, { id, reason, group: ids[0] } satisfies ExceptionRecord);
    }
    if (acknowledging && fresh.length > 0) Validations.of(scope).acknowledge(...fresh.map((id) => ({ id, reason })));
  }
}

/**
 * Acknowledges findings on a CDK-managed singleton (a provider function the CDK adds once per stack, e.g. for
 * bucket deployments or log retention), found among the stack's children by its id prefix.
 */
export function acknowledgeSingleton(stack: IConstruct, idPrefix: string, ...exceptions: Exception[]): void {
  const singleton = stack.node.children.find((c) => c.node.id.startsWith(idPrefix));
  if (!singleton) {
    throw new Error(`no CDK singleton with id prefix '${idPrefix}' in ${stack.node.path} to acknowledge ${exceptions.map((e) => e.id).join(', ')}`);
  }
  acknowledge(singleton, ...exceptions);
}

function records(scope: IConstruct): ExceptionRecord[] {
  return scope.node.metadata.filter((m) => m.type === EXCEPTION_METADATA_TYPE).map((m) => m.data as ExceptionRecord);
}

/** A recorded exception: one acknowledged id on the construct path it applies to (and below). */
export interface RecordedException {
  /** The acknowledged rule id. */
  readonly id: string;
  /** The reason. */
  readonly reason: string;
  /** The first id of the exception this id was acknowledged with (the same finding in several packs). */
  readonly group: string;
  /** The construct path the acknowledgment is attached to. */
  readonly path: string;
}

/** Every exception recorded in a construct tree, one entry per acknowledged id. */
export function recordedExceptions(root: IConstruct): RecordedException[] {
  return root.node.findAll().flatMap((c) => records(c).map((r) => ({ ...r, path: c.node.path })));
}
