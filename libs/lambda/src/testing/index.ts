export * from './environment';
export * from './manual-clock';
export * from './handler-mocks';
