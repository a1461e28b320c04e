export * from './packaged-templates';
export * from './stack-audits';
