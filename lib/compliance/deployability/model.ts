import * as fs from 'fs';
import * as path from 'path';

/** A CloudFormation template as the checks read it. */
export interface Template {
  readonly Transform?: unknown;
  readonly Resources?: Record<string, Resource>;
  readonly Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
}

/** A resource of a template. */
export interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly DependsOn?: string | string[];
}

/** One stack of a stage's cloud assembly. */
export interface StackTemplate {
  /** The deployed stack name, e.g. `sandbox-Network`. */
  readonly stackName: string;
  /** Absolute path of the template file (the CDK maps findings back to constructs by it). */
  readonly templatePath: string;
  readonly template: Template;
  readonly terminationProtection: boolean;
}

/** A resource found by following a reference, with the stack it lives in. */
export interface Located {
  readonly stack: StackTemplate;
  readonly logicalId: string;
  readonly resource: Resource;
}

/** A file asset of the assembly: where the CDK staged it (a directory or a file) and the object key it uploads to. */
export interface FileAsset {
  readonly objectKey: string;
  readonly stagedPath: string;
  readonly packaging: 'zip' | 'file';
}

/**
 * The stacks of one stage, as the CDK wrote them into the stage's cloud assembly directory (`assembly-<stage>`), and
 * what the checks need to read across them: references between stacks (weak `Fn::GetStackOutput` and strong
 * `Fn::ImportValue`) are followed to the resource they name.
 */
export class StageAssembly {
  /** Reads the stage assembly that holds these template files (all in one directory). */
  public static fromTemplatePaths(directory: string, templatePaths: readonly string[]): StageAssembly {
    const manifestFile = path.join(directory, 'manifest.json');
    const artifacts = fs.existsSync(manifestFile)
      ? ((
          JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as {
            artifacts?: Record<string, { type: string; properties?: { templateFile?: string; stackName?: string; terminationProtection?: boolean } }>;
          }
        ).artifacts ?? {})
      : {};
    const stacks = templatePaths.map((templatePath) => {
      const entry = Object.entries(artifacts).find(
        ([, a]) => a.type === 'aws:cloudformation:stack' && a.properties?.templateFile === path.basename(templatePath),
      );
      return {
        stackName: entry?.[1].properties?.stackName ?? entry?.[0] ?? path.basename(templatePath, '.template.json'),
        templatePath,
        template: JSON.parse(fs.readFileSync(templatePath, 'utf8')) as Template,
        terminationProtection: entry?.[1].properties?.terminationProtection === true,
      };
    });
    const assets: FileAsset[] = fs
      .readdirSync(directory)
      .filter((f) => f.endsWith('.assets.json'))
      .flatMap((f) => {
        const manifest = JSON.parse(fs.readFileSync(path.join(directory, f), 'utf8')) as {
          files?: Record<string, { source: { path?: string; packaging?: 'zip' | 'file' }; destinations: Record<string, { objectKey: string }> }>;
        };
        return Object.values(manifest.files ?? {}).flatMap((file) =>
          file.source.path === undefined
            ? []
            : Object.values(file.destinations).map((d) => ({
                objectKey: d.objectKey,
                stagedPath: path.join(directory, file.source.path!),
                packaging: file.source.packaging ?? 'file',
              })),
        );
      });
    return new StageAssembly(directory, stacks, assets);
  }

  constructor(
    /** The assembly directory, e.g. `cdk.out/assembly-sandbox`. */
    public readonly directory: string,
    public readonly stacks: readonly StackTemplate[],
    public readonly assets: readonly FileAsset[],
  ) {}

  /** Every resource of the stage, optionally of one type. */
  public resources(type?: string): Located[] {
    return this.stacks.flatMap((stack) =>
      Object.entries(stack.template.Resources ?? {})
        .filter(([, r]) => type === undefined || r.Type === type)
        .map(([logicalId, resource]) => ({ stack, logicalId, resource })),
    );
  }

  /**
   * The resource a value refers to (`Ref`, `Fn::GetAtt`, or either behind `Fn::GetStackOutput` / `Fn::ImportValue`
   * of another stack of the stage), or undefined when it names none of this stage's resources.
   */
  public follow(from: StackTemplate, value: unknown): Located | undefined {
    if (!isObject(value)) return undefined;
    const local = (logicalId: unknown) => {
      const resource = typeof logicalId === 'string' ? from.template.Resources?.[logicalId] : undefined;
      return resource ? { stack: from, logicalId: logicalId as string, resource } : undefined;
    };
    if ('Ref' in value) return local(value.Ref);
    if ('Fn::GetAtt' in value) {
      const att = value['Fn::GetAtt'];
      return local(Array.isArray(att) ? att[0] : typeof att === 'string' ? att.split('.')[0] : undefined);
    }
    if ('Fn::GetStackOutput' in value) {
      const { StackName, OutputName } = value['Fn::GetStackOutput'] as { StackName: unknown; OutputName: unknown };
      const producer = this.stacks.find((s) => s.stackName === StackName);
      const output = producer && typeof OutputName === 'string' ? producer.template.Outputs?.[OutputName] : undefined;
      return producer && output ? this.follow(producer, output.Value) : undefined;
    }
    if ('Fn::ImportValue' in value) {
      const name = JSON.stringify(value['Fn::ImportValue']);
      for (const producer of this.stacks) {
        const output = Object.values(producer.template.Outputs ?? {}).find((o) => o.Export && JSON.stringify(o.Export.Name) === name);
        if (output) return this.follow(producer, output.Value);
      }
    }
    return undefined;
  }
}

/** Resource policies, by resource type, and the property that holds the document. */
export const RESOURCE_POLICIES: Readonly<Record<string, string>> = {
  'AWS::KMS::Key': 'KeyPolicy',
  'AWS::SNS::TopicPolicy': 'PolicyDocument',
  'AWS::SQS::QueuePolicy': 'PolicyDocument',
  'AWS::S3::BucketPolicy': 'PolicyDocument',
  'AWS::SecretsManager::ResourcePolicy': 'ResourcePolicy',
};

/** A plain JSON object (not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The value at a path of keys (`prop(props, 'Code', 'S3Key')`), or undefined where the path leaves plain objects:
 * what `props.Code?.S3Key` reads, for template JSON whose shape nothing guarantees.
 */
export function prop(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** Policy statements of a policy document, whatever its shape. */
export function statements(document: unknown): Record<string, unknown>[] {
  if (!isObject(document)) return [];
  const s = document.Statement;
  return (Array.isArray(s) ? s : s ? [s] : []).filter(isObject);
}

/** A value as a list (`Action`, `Principal.Service`, … may be one value or several). */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** Does an allow statement of this document admit `service` (a service principal) to `action`? */
export function admitsService(document: unknown, service: string | RegExp, action: string): boolean {
  return statements(document).some(
    (s) =>
      s.Effect === 'Allow' &&
      isObject(s.Principal) &&
      list(s.Principal.Service).some((p) => (typeof service === 'string' ? p === service : typeof p === 'string' && service.test(p))) &&
      list(s.Action).some((a) => typeof a === 'string' && actionMatches(a, action)),
  );
}

/** Does an IAM action pattern (`kms:GenerateDataKey*`, `sns:*`) cover an action? */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
  return re.test(action);
}
