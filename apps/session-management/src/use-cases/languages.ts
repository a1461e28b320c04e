import type { LanguagesBody } from '@lingocast/contract';
import { QUALITY_TIERS } from '@lingocast/contract';
import type { SessionSettings } from './deps';

/**
 * What a client may choose from: the languages the active speech provider serves (the same lists
 * `$connect`, `changeLanguage` and `POST /sessions` validate against) and the quality tiers.
 *
 * @example
 * servedLanguages(deps.settings); // → { sourceLanguages: ['en'], targetLanguages: ['en', 'es', …], qualityTiers: ['standard', 'premium'] }
 */
export function servedLanguages(
  settings: Pick<SessionSettings, 'sourceLanguages' | 'targetLanguages'>,
): LanguagesBody {
  return {
    sourceLanguages: [...settings.sourceLanguages],
    targetLanguages: [...settings.targetLanguages],
    qualityTiers: [...QUALITY_TIERS],
  };
}
