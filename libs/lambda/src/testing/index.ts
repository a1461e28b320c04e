export * from './environment';
export * from './manual-clock';
