import { CfnResource, StackModel, StageModel } from './assembly';

/** A resource of a stage: the stack that holds it, its logical id and its template entry. */
export interface Located {
  readonly stack: StackModel;
  readonly logicalId: string;
  readonly resource: CfnResource;
  /** `<stack id>/<logical id>`: unique within the stage. */
  readonly key: string;
}

/** A property of a resource, read defensively (template JSON is untyped). */
export function prop(located: Located, name: string): unknown {
  return located.resource.Properties?.[name];
}

/** A value as a plain object, or undefined. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A value as an array (a single value becomes one element, undefined none). */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** A literal string or number as a string; undefined for intrinsics. */
export function literal(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/**
 * Every resource of a stage, and the references between them, across stacks: a `Ref` or `Fn::GetAtt` (also inside
 * `Fn::Sub`) points into the same template; a weak cross-stack reference (`Fn::GetStackOutput`) or an export
 * (`Fn::ImportValue`) is followed to the output of the other stack and on to what that output references. Only what
 * the templates say counts: a name written as a literal string references nothing.
 */
export class StageIndex {
  private readonly byKey = new Map<string, Located>();
  private readonly ordered: Located[] = [];
  private readonly byStackName = new Map<string, StackModel>();
  private readonly exports = new Map<string, { stack: StackModel; value: unknown }>();
  private referencesCache?: Map<string, Set<string>>;

  constructor(public readonly stage: StageModel) {
    for (const stack of stage.stacks) {
      this.byStackName.set(stack.stackName, stack);
      for (const logicalId of Object.keys(stack.template.Resources ?? {}).sort()) {
        const located: Located = { stack, logicalId, resource: stack.template.Resources![logicalId], key: `${stack.id}/${logicalId}` };
        this.byKey.set(located.key, located);
        this.ordered.push(located);
      }
      for (const output of Object.values(stack.template.Outputs ?? {})) {
        const name = output.Export?.Name;
        if (typeof name === 'string') this.exports.set(name, { stack, value: output.Value });
      }
    }
  }

  /** Every resource, in stack (manifest) order, then by logical id. */
  public all(): Located[] {
    return [...this.ordered];
  }

  /** The resources of the given types, in stack order, then by logical id. */
  public ofType(...types: string[]): Located[] {
    return this.ordered.filter((l) => types.includes(l.resource.Type));
  }

  /** The resource with a key (`Network/NetworkVpc7FB7348F`). */
  public get(key: string): Located | undefined {
    return this.byKey.get(key);
  }

  /**
   * The resources a value inside a stack's template references (in order of appearance, each once), optionally only
   * those of some types.
   */
  public refs(from: StackModel, value: unknown, types?: readonly string[]): Located[] {
    const found = new Map<string, Located>();
    this.collect(from, value, found, new Set());
    const list = [...found.values()];
    return types ? list.filter((l) => types.includes(l.resource.Type)) : list;
  }

  /** The resources a resource's properties reference, or one property of it (`refsOf(fn, 'Environment')`). */
  public refsOf(located: Located, property?: string, types?: readonly string[]): Located[] {
    const value = property === undefined ? located.resource.Properties : located.resource.Properties?.[property];
    return this.refs(located.stack, value, types);
  }

  /** Whether a value references a resource. */
  public references(from: StackModel, value: unknown, target: Located): boolean {
    return this.refs(from, value).some((l) => l.key === target.key);
  }

  /** The resources (of some types, if given) whose properties reference the target, in stack order. */
  public referrers(target: Located, types?: readonly string[]): Located[] {
    const cache = this.referencesCache ?? this.buildReferences();
    return this.ordered.filter((l) => (!types || types.includes(l.resource.Type)) && cache.get(l.key)!.has(target.key));
  }

  private buildReferences(): Map<string, Set<string>> {
    this.referencesCache = new Map(this.ordered.map((l) => [l.key, new Set(this.refsOf(l).map((r) => r.key))]));
    return this.referencesCache;
  }

  private resolveLogicalId(stack: StackModel, logicalId: string, found: Map<string, Located>): void {
    const located = this.byKey.get(`${stack.id}/${logicalId}`);
    // A Ref to a parameter (the AMI's SSM parameter) or a pseudo parameter names no resource.
    if (located && !found.has(located.key)) found.set(located.key, located);
  }

  private followOutput(stack: StackModel | undefined, value: unknown, found: Map<string, Located>, seen: Set<string>): void {
    if (!stack) return;
    this.collect(stack, value, found, seen);
  }

  private collect(stack: StackModel, value: unknown, found: Map<string, Located>, seen: Set<string>): void {
    if (Array.isArray(value)) {
      for (const item of value) this.collect(stack, item, found, seen);
      return;
    }
    const object = asObject(value);
    if (!object) return;
    for (const [key, inner] of Object.entries(object)) {
      if (key === 'Ref' && typeof inner === 'string') {
        this.resolveLogicalId(stack, inner, found);
      } else if (key === 'Fn::GetAtt') {
        const logicalId: unknown = Array.isArray(inner) ? inner[0] : typeof inner === 'string' ? inner.split('.')[0] : undefined;
        if (typeof logicalId === 'string') this.resolveLogicalId(stack, logicalId, found);
      } else if (key === 'Fn::Sub') {
        const [text, variables] = asArray(inner);
        if (typeof text === 'string') {
          for (const [, name] of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
            const logicalId = name.split('.')[0];
            if (!(asObject(variables) && logicalId in asObject(variables)!)) this.resolveLogicalId(stack, logicalId, found);
          }
        }
        this.collect(stack, variables, found, seen);
      } else if (key === 'Fn::GetStackOutput') {
        const output = asObject(inner);
        const target = typeof output?.StackName === 'string' ? this.byStackName.get(output.StackName) : undefined;
        const name = typeof output?.OutputName === 'string' ? output.OutputName : undefined;
        const marker = `${target?.id}:${name}`;
        if (target && name && !seen.has(marker)) {
          seen.add(marker);
          this.followOutput(target, target.template.Outputs?.[name]?.Value, found, seen);
        }
      } else if (key === 'Fn::ImportValue' && typeof inner === 'string') {
        const exported = this.exports.get(inner);
        if (exported && !seen.has(`export:${inner}`)) {
          seen.add(`export:${inner}`);
          this.followOutput(exported.stack, exported.value, found, seen);
        }
      } else {
        this.collect(stack, inner, found, seen);
      }
    }
  }
}
