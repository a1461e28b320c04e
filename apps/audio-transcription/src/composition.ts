import { ApiGatewayConnectionGateway, documentClient, lambdaClient, managementClient } from '@lingocast/aws';
import { lazyConfig } from '@lingocast/config';
import { systemClock } from '@lingocast/lambda';
import { createLogger } from '@lingocast/logging';
import { DynamoAudioStore } from './adapters/dynamo-audio-store';
import { DynamoStreamLeases } from './adapters/dynamo-stream-leases';
import {
  LambdaFollowerScheduler,
  LambdaPartialSink,
  LambdaTranslationSink,
  LambdaUtteranceScheduler,
  WebSocketSpeakerNotifier,
} from './adapters/invokers';
import { createSpeechToText, createStreamingSpeechToText } from './adapters/speech-to-text-factory';
import { loadAudioTranscriptionConfig } from './config';
import type { RecognitionMode } from './config';
import type { Deps } from './use-cases/deps';
import { FOLLOWER_DEFAULTS } from './use-cases/follow/follower-deps';
import type { FollowerDeps } from './use-cases/follow/follower-deps';

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

let followerDeps: FollowerDeps | undefined;

/** How this deployment recognises speech (`RECOGNITION_MODE`). */
export function recognitionMode(): RecognitionMode {
  return config().recognition.mode;
}

/** The follower's dependencies (streaming recognition), built once per warm Lambda: the engine stays loaded. */
export function getFollowerDeps(): FollowerDeps {
  if (followerDeps) return followerDeps;
  const c = config();
  if (c.recognition.mode !== 'streaming')
    throw new Error(`followAudio runs only with RECOGNITION_MODE=streaming, not ${c.recognition.mode}`);
  const db = documentClient({ region: c.region, endpoint: c.dynamoDbEndpoint });
  followerDeps = {
    ...getDeps(),
    leases: new DynamoStreamLeases(db, c.tables),
    streaming: createStreamingSpeechToText(c),
    followers: new LambdaFollowerScheduler(
      lambdaClient({ region: c.region, endpoint: c.lambdaEndpoints.self }),
      c.recognition.followFunction,
    ),
    partials: new LambdaPartialSink(
      lambdaClient({ region: c.region, endpoint: c.lambdaEndpoints.translationPipeline }),
      c.recognition.fanOutPartialFunction,
    ),
    follower: FOLLOWER_DEFAULTS,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    every: (everyMs, task) => {
      const timer = setInterval(() => void task(), everyMs);
      return () => clearInterval(timer);
    },
  };
  return followerDeps;
}
