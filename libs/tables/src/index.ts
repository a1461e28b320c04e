export * from './definitions';
export * from './cloudformation';
export * from './ttl';
export * from './retention';
