export interface TranslationRequest {
  text: string;
  sourceLanguage: string;
  targetLanguage: string;
}

/** Translates text (Amazon Translate in AWS, Apertium locally). */
export interface Translator {
  /** True when this engine can translate from `source` to `target` (directly or through a pivot). */
  supports(sourceLanguage: string, targetLanguage: string): boolean;
  translate(request: TranslationRequest): Promise<string>;
}
