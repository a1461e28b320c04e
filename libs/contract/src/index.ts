export * from './limits';
export * from './error-codes';
export * from './session';
export * from './emotion';
export * from './client-messages';
export * from './server-messages';
export * from './service-events';
export * from './schemas';
