/**
 * Rewrites the committed snapshot of every integration app (`integ.<name>.ts.snapshot/`) from a fresh synth, and
 * prints what changed. Run it only for an intended change, then review the diff and say why in the commit:
 *
 *   npx tsx test/integ/update-snapshots.ts
 *
 * Offline like the test that checks the snapshots: no credentials, lookups, Docker or network.
 */
import * as path from 'path';
import { compareSnapshots, INTEG_APPS, readSnapshot, snapshotDir, synthesizeSnapshot, writeSnapshot } from './snapshot';

let changed = 0;
for (const app of INTEG_APPS) {
  const dir = snapshotDir(app);
  const synthesized = synthesizeSnapshot(app);
  const differences = compareSnapshots(readSnapshot(dir), synthesized);
  const shown = path.relative(process.cwd(), dir);
  if (differences.length === 0) {
    console.log(`${shown}: up to date`);
    continue;
  }
  writeSnapshot(dir, synthesized);
  changed += differences.length;
  for (const difference of differences) console.log(`${shown}/${difference.file}: ${difference.kind}`);
}
console.log(
  changed === 0 ? 'integration snapshots: nothing to update' : `integration snapshots: ${changed} file(s) updated; review the diff before committing`,
);
