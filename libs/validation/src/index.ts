export * from './validators';
export { parseServerMessage } from './server-messages';
export type { CompiledValidator, SchemaError } from './compiled-validator';
