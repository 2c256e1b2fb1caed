#!/usr/bin/env node
import { runPreflightCli } from '../lib/deploy/preflight/cli';

// The AWS SDK's own switch for its one Node.js-version notice ("NodeVersionSupportWarning … will require node >=22"):
// noise in a preflight report, and the narrowest silencer there is (it turns off that warning only). Kept if set.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Read-only: the checks only call Get/Describe/List actions. Usage: npm run preflight -- -c stage=sandbox
runPreflightCli(process.argv.slice(2), { stdout: (line) => console.log(line), stderr: (line) => console.error(line) }).then(
  (code) => {
    process.exitCode = code;
  },
  // Bad input and AWS errors are already lines of the report: what reaches here is a bug, with its stack trace.
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
