import * as fs from 'fs';
import { TEST_RUN_DIR_ENV } from './context';

/** Removes this run's directory (see global-setup.ts) and everything the tests wrote there. */
export default function globalTeardown(): void {
  const runDir = process.env[TEST_RUN_DIR_ENV];
  if (runDir) fs.rmSync(runDir, { recursive: true, force: true });
}
