export * from './clock';
export * from './dynamo-conditions';
export * from './handler-errors';
export * from './invoke';
export * from './warm-worker';
