import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** A rule finding that the design accepts on purpose, with the reason a reviewer reads. */
export interface Exception {
  /**
   * The rule id, narrowed to a single finding where the rule reports several
   * (e.g. `AwsSolutions-IAM5[Resource::*]`); CloudFormation Validate rules as `CloudFormation-Validate::W3010`.
   */
  readonly id: string;
  /** Why the rule does not fit the design here: at least one full sentence. */
  readonly reason: string;
}

/** Construct metadata type under which every exception is recorded, so that tests and reports can list them. */
export const EXCEPTION_METADATA_TYPE = 'atlas:exception';

/** A reason shorter than this is not an explanation a reviewer can check. */
export const MIN_REASON_LENGTH = 40;

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

/**
 * Acknowledges rule findings on one construct (and what it contains), next to the design that causes them.
 *
 * Wraps `Validations.of(scope).acknowledge`, which accepts any reason, with a check that each reason is a real
 * explanation: a reason that is empty or shorter than a sentence fails synth.
 */
export function acknowledge(scope: IConstruct, ...exceptions: Exception[]): void {
  for (const exception of exceptions) {
    const reason = exception.reason.trim();
    if (reason.length < MIN_REASON_LENGTH || !/[.!]$/.test(reason)) {
      throw new Error(
        `acknowledgment of ${exception.id} on ${scope.node.path} needs a reason of at least ${MIN_REASON_LENGTH} characters ending in a full stop, got '${exception.reason}'`,
      );
    }
    scope.node.addMetadata(EXCEPTION_METADATA_TYPE, { id: exception.id, reason });
  }
  if (acknowledging) Validations.of(scope).acknowledge(...exceptions);
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

/** A recorded exception with the construct path it applies to (and below). */
export interface RecordedException extends Exception {
  readonly path: string;
}

/** Every exception recorded in a construct tree. */
export function recordedExceptions(root: IConstruct): RecordedException[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === EXCEPTION_METADATA_TYPE)
      .map((m) => ({ ...(m.data as Exception), path: c.node.path })),
  );
}
