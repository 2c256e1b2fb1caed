#!/usr/bin/env node
import { runSmoke } from '../lib/deploy/smoke';

// npm run smoke -- <outputs.json> [--attempts N] [--interval-seconds S] [--timeout-seconds S]
// Everything but the process lives in lib/deploy/smoke: this file only passes argv and sets the exit code.
void runSmoke(process.argv.slice(2), { stdout: (line) => console.log(line), stderr: (line) => console.error(line) }).then((code) => {
  process.exitCode = code;
});
