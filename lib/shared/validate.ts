import { Token } from 'aws-cdk-lib';

/**
 * Prop checks shared by the constructs. Each throws a `ValidationError` that names the construct, the field, the
 * bad value and what is allowed; unresolved tokens are skipped (their value is only known at deploy time).
 */

/** A construct prop that cannot be deployed: bad input to fix, not a bug. `bin/` prints it as one line. */
export class ValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValidationError';
  }
}

/** A value as the user wrote it: strings quoted, so that `'2'` (a string from context) differs from `2`. */
export function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
}

/** Whole number from `min` to `max` (inclusive). `rule` explains a limit the study or AWS states. */
export function requireInteger(owner: string, field: string, value: number, min: number, max: number, rule?: string): void {
  if (Token.isUnresolved(value)) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(`${owner} ${field} must be a whole number from ${min} to ${max}${rule ? ` (${rule})` : ''}, got ${show(value)}`);
  }
}

/** A condition between several fields, e.g. `min ≤ desired ≤ max`. */
export function requireThat(condition: boolean, owner: string, message: string): void {
  if (!condition) throw new ValidationError(`${owner} ${message}`);
}

/** A string that matches a pattern, e.g. an ARN or a domain name. */
export function requirePattern(owner: string, field: string, value: string, pattern: RegExp, what: string): void {
  if (Token.isUnresolved(value)) return;
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new ValidationError(`${owner} ${field} must be ${what}, got ${show(value)}`);
  }
}

/** An e-mail address, e.g. the alarm topic's subscriber. */
export const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** A Graviton (ARM64) EC2 instance type such as `t4g.micro`: the images this project boots are ARM64. */
export const GRAVITON_INSTANCE_TYPE = /^[a-z][a-z0-9-]*g[a-z]*\.[a-z0-9]+$/;

/** An RDS/DocumentDB instance class without its `db.` prefix, such as `t4g.micro`. */
export const DB_INSTANCE_CLASS = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;

/** An ACM certificate ARN (any partition and region). */
export function requireCertificateArn(owner: string, field: string, value: string): void {
  requirePattern(owner, field, value, /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/, 'an ACM certificate ARN');
}

/** The region part of an ARN, e.g. `us-east-1` for an ACM certificate. */
export function arnRegion(arn: string): string | undefined {
  return arn.split(':')[3];
}
