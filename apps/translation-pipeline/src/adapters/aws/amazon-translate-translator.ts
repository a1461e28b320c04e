import { TranslateTextCommand } from '@aws-sdk/client-translate';
import type { TranslateClient } from '@aws-sdk/client-translate';
import { retryThrottled } from '@lingocast/aws';
import type { ThrottleRetryOptions } from '@lingocast/aws';
import type { TranslationRequest, Translator } from '../../ports/translator';
import { AwsSpeechError } from './aws-speech-error';

/**
 * Amazon Translate language code for each language tag we serve (lower case). Translate's `pt` is
 * Brazilian Portuguese and `zh` simplified Chinese; Norwegian Bokmål is `no` there.
 */
export const AMAZON_TRANSLATE_LANGUAGES: Readonly<Record<string, string>> = {
  en: 'en',
  es: 'es',
  'es-mx': 'es-MX',
  fr: 'fr',
  'fr-ca': 'fr-CA',
  de: 'de',
  it: 'it',
  pt: 'pt',
  'pt-br': 'pt',
  'pt-pt': 'pt-PT',
  ja: 'ja',
  ko: 'ko',
  zh: 'zh',
  'zh-tw': 'zh-TW',
  hi: 'hi',
  ar: 'ar',
  nl: 'nl',
  sv: 'sv',
  ca: 'ca',
  pl: 'pl',
  fi: 'fi',
  da: 'da',
  nb: 'no',
  no: 'no',
};

export interface AmazonTranslateOptions {
  /** Extra or replacement codes by lower-case language tag (see {@link AMAZON_TRANSLATE_LANGUAGES}). */
  languages?: Readonly<Record<string, string>>;
  /** Retries of throttled requests within the latency budget (see {@link retryThrottled}). */
  retry?: ThrottleRetryOptions;
}

/**
 * Translation with Amazon Translate (TranslateText, real time). A pair of the same primary language
 * (`en` → `en-GB`) is returned as it is, without a request. Throttling is retried with backoff and jitter
 * within a 1.5 s budget; failures are thrown as {@link AwsSpeechError}: the use case isolates each
 * language, so one language's failure never stops the others.
 *
 * @example
 * const translator = new AmazonTranslateTranslator(translateClient({ region: 'eu-west-1' }));
 * await translator.translate({ text: 'Good morning', sourceLanguage: 'en', targetLanguage: 'ca' }); // 'Bon dia'
 */
export class AmazonTranslateTranslator implements Translator {
  private readonly languages: Readonly<Record<string, string>>;
  private readonly retry: ThrottleRetryOptions;

  constructor(
    private readonly client: TranslateClient,
    options: AmazonTranslateOptions = {},
  ) {
    this.languages = { ...AMAZON_TRANSLATE_LANGUAGES, ...options.languages };
    this.retry = options.retry ?? {};
  }

  /** The Translate code for a tag: the exact tag's (`pt-PT`) first, then its primary language's (`pt`). */
  languageCodeFor(language: string): string | undefined {
    const tag = normalise(language);
    return this.languages[tag] ?? this.languages[primary(tag)];
  }

  /** True for two languages Translate knows, and for any language to itself (nothing to translate). */
  supports(sourceLanguage: string, targetLanguage: string): boolean {
    if (this.isSameLanguage(sourceLanguage, targetLanguage)) return true;
    return (
      this.languageCodeFor(sourceLanguage) !== undefined && this.languageCodeFor(targetLanguage) !== undefined
    );
  }

  async translate(request: TranslationRequest): Promise<string> {
    if (this.isSameLanguage(request.sourceLanguage, request.targetLanguage)) return request.text;
    const source = this.languageCodeFor(request.sourceLanguage);
    const target = this.languageCodeFor(request.targetLanguage);
    const pair = `${request.sourceLanguage} to ${request.targetLanguage}`;
    const details = {
      sourceLanguage: request.sourceLanguage,
      targetLanguage: request.targetLanguage,
      textLength: request.text.length,
    };
    if (source === undefined || target === undefined) {
      throw new AwsSpeechError(`Amazon Translate cannot translate ${pair}`, {
        service: 'translate',
        code: 'UnsupportedLanguage',
        details,
      });
    }
    if (request.text.trim().length === 0) return '';

    let translated: string | undefined;
    try {
      const command = new TranslateTextCommand({
        Text: request.text,
        SourceLanguageCode: source,
        TargetLanguageCode: target,
      });
      const output = await retryThrottled(() => this.client.send(command), this.retry);
      translated = output.TranslatedText;
    } catch (error) {
      throw AwsSpeechError.from(error, 'translate', `Amazon Translate could not translate ${pair}`, details);
    }
    if (translated === undefined) {
      throw new AwsSpeechError(`Amazon Translate returned no text for ${pair}`, {
        service: 'translate',
        code: 'EmptyResponse',
        details,
      });
    }
    return translated;
  }

  /** Same primary language (`en`, `en-GB`), or two tags Translate reads as one language (`nb`, `no`). */
  private isSameLanguage(sourceLanguage: string, targetLanguage: string): boolean {
    const source = normalise(sourceLanguage);
    const target = normalise(targetLanguage);
    if (primary(source) === primary(target)) return true;
    const sourceCode = this.languageCodeFor(source);
    return sourceCode !== undefined && sourceCode === this.languageCodeFor(target);
  }
}

function normalise(language: string): string {
  return language.trim().toLowerCase().replace(/_/g, '-');
}

function primary(tag: string): string {
  return tag.split('-')[0] ?? tag;
}
