export * from './clients';
export * from './map-with-concurrency';
export * from './connection-gateway';
export * from './aws-errors';
export * from './throttle-retry';
