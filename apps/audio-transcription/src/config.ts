import {
  ConfigError,
  ENV,
  loadBaseConfig,
  oneOf,
  optionalString,
  positiveInt,
  requireString,
} from '@lingocast/config';
import type { BaseConfig } from '@lingocast/config';
import { tableName } from '@lingocast/tables';

export interface AudioTranscriptionConfig extends BaseConfig {
  tables: { audioChunks: string; audioStreams: string };
  websocketManagementEndpoint: string;
  transcribeFunction: string;
  translateFunction: string;
  lambdaEndpoints: { self: string | undefined; translationPipeline: string | undefined };
  pauseMs: number;
  maxUtteranceMs: number;
  /** The shorter pauses that end an utterance once it holds enough speech (see utterance-cutter.ts). */
  adaptivePause: { afterSpeechMs: number; shortPauseMs: number; minPauseMs: number };
  /** How speech is recognised: whole utterances after the cut, or one stream per speaking period. */
  recognition: RecognitionConfig;
}

export const RECOGNITION_MODES = ['utterance', 'streaming'] as const;
export type RecognitionMode = (typeof RECOGNITION_MODES)[number];

export type RecognitionConfig =
  { mode: 'utterance' } | { mode: 'streaming'; followFunction: string; fanOutPartialFunction: string };

/** Chosen on flite and LibriVox speech with 0.3 s between sentences (docs/performance.md, decisions.md). */
const ADAPTIVE_DEFAULTS = { afterSpeechMs: 1_500, shortPauseMs: 250, minPauseMs: 150 };

/** Reads audio-transcription's settings (names shared with the stack through ENV). */
export function loadAudioTranscriptionConfig(
  env: Record<string, string | undefined>,
): AudioTranscriptionConfig {
  const base = loadBaseConfig(env);
  const pauseMs = positiveInt(env, ENV.utterancePauseMs, 500);
  const adaptivePause = {
    afterSpeechMs: positiveInt(env, ENV.utteranceShortPauseAfterSpeechMs, ADAPTIVE_DEFAULTS.afterSpeechMs),
    shortPauseMs: positiveInt(
      env,
      ENV.utteranceShortPauseMs,
      Math.min(pauseMs, ADAPTIVE_DEFAULTS.shortPauseMs),
    ),
    minPauseMs: positiveInt(env, ENV.utteranceMinPauseMs, Math.min(pauseMs, ADAPTIVE_DEFAULTS.minPauseMs)),
  };
  if (adaptivePause.shortPauseMs > pauseMs || adaptivePause.minPauseMs > adaptivePause.shortPauseMs)
    throw new ConfigError(
      `pauses must shrink: ${ENV.utteranceMinPauseMs} (${adaptivePause.minPauseMs}) ≤ ${ENV.utteranceShortPauseMs} (${adaptivePause.shortPauseMs}) ≤ ${ENV.utterancePauseMs} (${pauseMs})`,
    );
  return {
    ...base,
    tables: {
      audioChunks: tableName('audioChunks', base.stage),
      audioStreams: tableName('audioStreams', base.stage),
    },
    websocketManagementEndpoint: requireString(env, ENV.websocketManagementEndpoint),
    transcribeFunction: requireString(env, ENV.transcribeUtteranceFunction),
    translateFunction: requireString(env, ENV.translateUtteranceFunction),
    lambdaEndpoints: {
      self: optionalString(env, ENV.audioTranscriptionLambdaEndpoint),
      translationPipeline: optionalString(env, ENV.translationPipelineLambdaEndpoint),
    },
    pauseMs,
    maxUtteranceMs: positiveInt(env, ENV.maxUtteranceMs, 15_000),
    adaptivePause,
    recognition: loadRecognition(env),
  };
}

function loadRecognition(env: Record<string, string | undefined>): RecognitionConfig {
  const mode = oneOf(env, ENV.recognitionMode, RECOGNITION_MODES, 'streaming');
  if (mode === 'utterance') return { mode };
  return {
    mode,
    followFunction: requireString(env, ENV.followAudioFunction),
    fanOutPartialFunction: requireString(env, ENV.fanOutPartialFunction),
  };
}
