import type { ServerMessage } from '@lingocast/contract';

export type { Translator, TranslationRequest } from './translator';
export type { SpeechSynthesizer, SynthesisRequest, SynthesizedSpeech } from './speech-synthesizer';
export type { SessionStore } from '@lingocast/session-data';
export type { Clock } from '@lingocast/lambda';

/** Translations already made, keyed by `translationCacheKey`. */
export interface TranslationCache {
  get(key: string, nowMs: number): Promise<string | undefined>;
  put(key: string, translation: string, nowMs: number): Promise<void>;
}

/** Sends to many listeners at once; reports the connections that are gone. */
export interface ListenerGateway {
  /** Sends `messages`, in order, to each connection; returns the ids that are gone (410). */
  sendAll(
    connectionIds: readonly string[],
    messages: readonly ServerMessage[],
  ): Promise<{ gone: string[]; failed: number }>;
}
