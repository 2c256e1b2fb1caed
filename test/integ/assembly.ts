/** Reading a synthesized cloud assembly: its integ manifest and its stacks, through nested assemblies (stages). */
import * as fs from 'fs';
import * as path from 'path';

/** A test case of the integ manifest: the stacks it deploys and the stack that asserts. */
export interface IntegTestCase {
  readonly stacks: string[];
  readonly assertionStack?: string;
  readonly assertionStackName?: string;
}

/** The integ manifest (`integ.json`) as far as we read it. */
export interface IntegManifest {
  readonly testCases: Record<string, IntegTestCase>;
}

interface AssemblyManifest {
  artifacts?: Record<
    string,
    { type: string; displayName?: string; dependencies?: string[]; properties?: { templateFile?: string; stackName?: string; directoryName?: string } }
  >;
}

/** A stack of a synthesized cloud assembly. */
export interface AssemblyStack {
  /** The CloudFormation stack name (`sandbox-Network`). */
  readonly stackName: string;
  /** Its template, relative to the root assembly directory (forward slashes). */
  readonly templateFile: string;
  /** The stacks it depends on, by path (`sandbox/Network`). */
  readonly dependencies: readonly string[];
}

/** The integ manifest of a synthesized assembly. */
export function readIntegManifest(assemblyDir: string): IntegManifest {
  const integFile = path.join(assemblyDir, 'integ.json');
  if (!fs.existsSync(integFile)) throw new Error(`${assemblyDir} has no integ.json: the app defines no IntegTest`);
  return readJson<IntegManifest>(integFile);
}

/** The one test case of an assembly's integ manifest, which must have an assertion stack. */
export function soleTestCase(assemblyDir: string): IntegTestCase & { readonly name: string; readonly assertionStack: string } {
  const entries = Object.entries(readIntegManifest(assemblyDir).testCases);
  if (entries.length !== 1) throw new Error(`${assemblyDir}/integ.json must hold exactly one test case, got ${entries.length}`);
  const [name, testCase] = entries[0];
  if (!testCase.assertionStack) throw new Error(`test case ${name} in ${assemblyDir}/integ.json has no assertion stack`);
  return { ...testCase, name, assertionStack: testCase.assertionStack };
}

/** Every stack of an assembly by path, through nested assemblies (stages). */
export function assemblyStacks(rootDir: string, relativeDir = ''): Map<string, AssemblyStack> {
  const manifest = readJson<AssemblyManifest>(path.join(rootDir, relativeDir, 'manifest.json'));
  const artifacts = manifest.artifacts ?? {};
  const result = new Map<string, AssemblyStack>();
  for (const artifact of Object.values(artifacts)) {
    if (artifact.type === 'aws:cloudformation:stack' && artifact.displayName && artifact.properties?.templateFile) {
      const dependencies = (artifact.dependencies ?? [])
        .map((id) => artifacts[id])
        .filter((dependency) => dependency?.type === 'aws:cloudformation:stack' && dependency.displayName)
        .map((dependency) => dependency.displayName!);
      result.set(artifact.displayName, {
        stackName: artifact.properties.stackName ?? artifact.displayName.replace(/\//g, '-'),
        templateFile: path.posix.join(relativeDir, artifact.properties.templateFile),
        dependencies,
      });
    } else if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      for (const [stack, found] of assemblyStacks(rootDir, path.posix.join(relativeDir, artifact.properties.directoryName))) result.set(stack, found);
    }
  }
  return result;
}

function readJson<T = unknown>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}
