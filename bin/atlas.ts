#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { addAtlasStages, ConfigError } from '../lib/atlas-app';

// The only place that reads the environment and context: everything below receives typed config.
const app = new App();
try {
  addAtlasStages(app, {
    stage: app.node.tryGetContext('stage'),
    account: process.env.CDK_DEFAULT_ACCOUNT || undefined,
  });
} catch (error) {
  if (error instanceof ConfigError) {
    // One readable message, no stack trace: bad input is the user's to fix, not a crash.
    console.error(`aws-service-atlas: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
app.synth();
