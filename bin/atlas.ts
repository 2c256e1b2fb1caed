#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { addAtlasStages, ConfigError, deployNotices, PIPELINE_STACK_ID } from '../lib/atlas-app';
import { complianceSummary, gatePluginNames } from '../lib/compliance';
import { CONTEXT_KEYS, refuseRegionContext, unknownContextKeys } from '../lib/config';
import { writeAssemblyIndex } from '../lib/docs/assembly-index';
import { normalizeDomain } from '../lib/shared/domain';
import { silenceSpuriousCdkWarnings } from '../lib/shared/known-warnings';
import { ValidationError } from '../lib/shared/validate';

silenceSpuriousCdkWarnings();

// The only place that reads the environment and context: everything below receives typed config.
const app = new App();
const context = (key: string): unknown => app.node.tryGetContext(key);
// A key the app does not read is most likely a typo: say so rather than ignore it.
const projectKeys = Object.keys((JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cdk.json'), 'utf8')) as { context?: object }).context ?? {});
for (const key of unknownContextKeys(Object.keys(app.node.getAllContext() as object), projectKeys)) {
  console.error(`aws-service-atlas: warning: -c ${key} is not read by this app (it reads ${CONTEXT_KEYS.join(', ')})`);
}
// An internationalized domain lives in DNS as punycode: show both, so the NameServers output and records make sense.
const domain = typeof context('domain') === 'string' ? normalizeDomain(context('domain') as string) : undefined;
if (domain && domain.unicode !== domain.name) console.error(`aws-service-atlas: domain ${domain.unicode} is ${domain.name} in DNS (punycode)`);

let stages;
try {
  refuseRegionContext(context('region'));
  stages = addAtlasStages(app, {
    stage: context('stage'),
    domain: context('domain'),
    alarmEmail: context('alarmEmail'),
    pipelineRepository: context('pipelineRepository'),
    pipelineConnectionArn: context('pipelineConnectionArn'),
    account: process.env.CDK_DEFAULT_ACCOUNT || undefined,
  });
} catch (error) {
  if (error instanceof ConfigError || error instanceof ValidationError) {
    // One readable message, no stack trace: bad input is the user's to fix, not a crash.
    console.error(`aws-service-atlas: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

for (const notice of deployNotices(stages)) console.error(`aws-service-atlas: warning: ${notice}`);
const assembly = app.synth();
// cdk.out/index.md: which template is which stack of which stage (lib/docs/assembly-index.ts).
writeAssemblyIndex(assembly);
// One line per stage (and for the pipeline's stack, when it is on) on stderr (stdout stays the CLI's): what the
// compliance gate found and acknowledged.
const report = path.join(app.outdir, 'validation-report.json');
const pipeline = app.node.tryFindChild(PIPELINE_STACK_ID);
for (const line of complianceSummary(pipeline ? [...stages, pipeline] : stages, gatePluginNames(), path.relative(process.cwd(), report))) console.error(line);
