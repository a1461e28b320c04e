import { ENV, loadBaseConfig, optionalString, positiveInt, requireString } from '@lingocast/config';
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
}

/** Reads audio-transcription's settings (names shared with the stack through ENV). */
export function loadAudioTranscriptionConfig(
  env: Record<string, string | undefined>,
): AudioTranscriptionConfig {
  const base = loadBaseConfig(env);
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
    pauseMs: positiveInt(env, ENV.utterancePauseMs, 500),
    maxUtteranceMs: positiveInt(env, ENV.maxUtteranceMs, 15_000),
  };
}
