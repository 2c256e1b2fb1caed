export * from './stage-config';
export * from './presets';
export * from './validate';
export * from './variants';
export * from './pipeline';
