import { asObject, Located, prop, StageIndex } from './references';

/** A diagram id from parts (`idFor('az', 'ap-northeast-2a')` → `az_ap_northeast_2a`): stable, no hashes. */
export function idFor(...parts: string[]): string {
  const id = parts
    .map((p) => p.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, ''))
    .filter((p) => p.length > 0)
    .join('_');
  return /^[A-Za-z]/.test(id) ? id : `n_${id}`;
}

/** Hands out ids unique within one diagram: the first `alb`, then `alb_2`, … in derivation order. */
export class IdAllocator {
  private readonly used = new Map<string, number>();

  public next(base: string): string {
    const count = (this.used.get(base) ?? 0) + 1;
    this.used.set(base, count);
    return count === 1 ? base : `${base}_${count}`;
  }
}

/**
 * The Lambda functions that only back custom resources (the CDK's deploy-time helpers: auto-deleting objects,
 * log retention, bucket deployment, provider frameworks and their handlers): every function a custom resource's
 * `ServiceToken` references, and the functions those reference in turn.
 */
export function customResourceHandlers(index: StageIndex): Set<string> {
  const helpers = new Set<string>();
  const queue: Located[] = index
    .all()
    .filter((l) => l.resource.Type.startsWith('Custom::') || l.resource.Type === 'AWS::CloudFormation::CustomResource')
    .flatMap((l) => index.refs(l.stack, prop(l, 'ServiceToken'), ['AWS::Lambda::Function']));
  while (queue.length > 0) {
    const fn = queue.pop()!;
    if (helpers.has(fn.key)) continue;
    helpers.add(fn.key);
    queue.push(...index.refsOf(fn, 'Environment', ['AWS::Lambda::Function']));
  }
  return helpers;
}

/** The value of a resource tag (`aws-cdk:subnet-name`), if it is a literal. */
export function tagValue(located: Located, key: string): string | undefined {
  const tags = prop(located, 'Tags');
  if (!Array.isArray(tags)) return undefined;
  const tag = tags.map(asObject).find((t) => t?.Key === key);
  return typeof tag?.Value === 'string' ? tag.Value : undefined;
}
