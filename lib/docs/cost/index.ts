export * from './prices';
export * from './templates';
export * from './facts';
export * from './estimate';
export * from './guard';
export * from './report';
