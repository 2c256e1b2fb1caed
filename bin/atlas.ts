#!/usr/bin/env node
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { addAtlasStages, ConfigError } from '../lib/atlas-app';
import { complianceSummary, gatePluginNames } from '../lib/compliance';
import { ValidationError } from '../lib/shared/validate';

// The only place that reads the environment and context: everything below receives typed config.
const app = new App();
let stages;
try {
  stages = addAtlasStages(app, {
    stage: app.node.tryGetContext('stage'),
    domain: app.node.tryGetContext('domain'),
    alarmEmail: app.node.tryGetContext('alarmEmail'),
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
app.synth();
// One line per stage on stderr (stdout stays the CLI's): what the compliance gate found and acknowledged.
const report = path.join(app.outdir, 'validation-report.json');
for (const line of complianceSummary(stages, gatePluginNames(), path.relative(process.cwd(), report))) console.error(line);
