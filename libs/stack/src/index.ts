export * from './base-config';
export { checkTemplate } from './template-check';
export type { CfnSpecification, TemplateProblem } from './template-check';
