/**
 * `npm run synth`: `cdk synth --quiet '**'` (every stage, through the compliance gate) with the CLI's version check
 * and telemetry off, portably: no `VAR=value` prefix or shell quoting, which Windows' cmd.exe does not understand.
 * Extra arguments go to the CLI (`npm run synth -- -c stage=sandbox`).
 */
import { spawnSync } from 'child_process';

const cli = require.resolve('aws-cdk/bin/cdk');
const result = spawnSync(process.execPath, [cli, 'synth', '--quiet', '**', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, CDK_DISABLE_VERSION_CHECK: 'true', CDK_DISABLE_CLI_TELEMETRY: 'true' },
});
process.exitCode = result.status ?? 1;
