export { ENV } from './env-names';
export type { EnvName } from './env-names';
export { ConfigError } from './read-env';
export {
  loadBaseConfig,
  loadServiceConfig,
  lazyConfig,
  intInRange,
  positiveInt,
  rateLimit,
  requireString,
  optionalString,
  oneOf,
} from './service-config';
export type { BaseConfig, ServiceConfig, SpeechProvider } from './service-config';
export type { RateLimitSpec } from './read-env';
export { sourceLanguagesOf, targetLanguagesOf } from './languages';
