import type { SpeechProvider } from './service-config';

/**
 * Languages each speech provider can serve: what speakers may speak (speech-to-text) and what
 * listeners may ask for (translation + synthesis). Requests are validated against the active provider.
 */
const LANGUAGES: Record<SpeechProvider, { source: readonly string[]; target: readonly string[] }> = {
  // pocketsphinx has an English model; Apertium reaches these from English (pivoting through Spanish).
  offline: { source: ['en'], target: ['en', 'es', 'ca', 'gl', 'pt', 'fr', 'it'] },
  // Transcribe Streaming, Translate and Polly neural voices all cover these.
  aws: {
    source: ['en', 'es', 'fr', 'de', 'it', 'pt', 'ja', 'ko', 'zh', 'hi', 'ar', 'nl', 'sv', 'ca'],
    target: [
      'en',
      'es',
      'fr',
      'de',
      'it',
      'pt',
      'ja',
      'ko',
      'zh',
      'hi',
      'ar',
      'nl',
      'sv',
      'ca',
      'pl',
      'fi',
      'da',
      'nb',
    ],
  },
};

/** Languages a speaker may speak with this provider. */
export function sourceLanguagesOf(provider: SpeechProvider): readonly string[] {
  return LANGUAGES[provider].source;
}

/** Languages a listener may choose with this provider. */
export function targetLanguagesOf(provider: SpeechProvider): readonly string[] {
  return LANGUAGES[provider].target;
}
