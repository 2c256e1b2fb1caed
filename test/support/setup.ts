import { silenceSpuriousCdkWarnings } from '../../lib/shared/known-warnings';

silenceSpuriousCdkWarnings();

/** 64-hex asset hashes (and the zip/json keys built from them) change with every byte of an asset. */
const ASSET_HASH = /[0-9a-f]{64}/g;

// Snapshots show the architecture, not asset bytes: replace asset hashes with a placeholder.
expect.addSnapshotSerializer({
  test: (value: unknown) => typeof value === 'string' && /[0-9a-f]{64}/.test(value),
  serialize: (value: string, config, indentation, depth, refs, printer) =>
    printer(value.replace(ASSET_HASH, '[ASSET HASH]'), config, indentation, depth, refs),
});
