import { ApiGatewayConnectionGateway, documentClient, lambdaClient, managementClient } from '@lingocast/aws';
import { lazyConfig } from '@lingocast/config';
import { systemClock } from '@lingocast/lambda';
import { createLogger } from '@lingocast/logging';
import { DynamoAudioStore } from './adapters/dynamo-audio-store';
import {
  LambdaTranslationSink,
  LambdaUtteranceScheduler,
  WebSocketSpeakerNotifier,
} from './adapters/invokers';
import { createSpeechToText } from './adapters/speech-to-text-factory';
import { loadAudioTranscriptionConfig } from './config';
import type { Deps } from './use-cases/deps';

export const logger = createLogger('audio-transcription');
const config = lazyConfig(loadAudioTranscriptionConfig);
let deps: Deps | undefined;

/** The use cases' dependencies, built once per warm Lambda (the recogniser stays loaded). */
export function getDeps(): Deps {
  if (deps) return deps;
  const c = config();
  deps = {
    store: new DynamoAudioStore(documentClient({ region: c.region, endpoint: c.dynamoDbEndpoint }), c.tables),
    scheduler: new LambdaUtteranceScheduler(
      lambdaClient({ region: c.region, endpoint: c.lambdaEndpoints.self }),
      c.transcribeFunction,
    ),
    translation: new LambdaTranslationSink(
      lambdaClient({ region: c.region, endpoint: c.lambdaEndpoints.translationPipeline }),
      c.translateFunction,
    ),
    speaker: new WebSocketSpeakerNotifier(
      new ApiGatewayConnectionGateway(
        managementClient({ region: c.region, endpoint: c.websocketManagementEndpoint }),
      ),
    ),
    speechToText: createSpeechToText(c),
    clock: systemClock,
    settings: {
      pauseMs: c.pauseMs,
      maxUtteranceMs: c.maxUtteranceMs,
      adaptive: c.adaptivePause,
      // A chunk missing this long is given up on; the speaker client resends unacknowledged chunks sooner.
      gapTimeoutMs: 10_000,
      speechThresholdDb: -40,
      qualityWarningIntervalMs: 60_000,
    },
    logger,
  };
  return deps;
}
