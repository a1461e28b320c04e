import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { ApiGatewayConnectionGateway } from '@lingocast/aws';
import type {
  FollowAudioEvent,
  ServerMessage,
  UtteranceClaimedEvent,
  UtterancePartialEvent,
  UtteranceTranscribedEvent,
} from '@lingocast/contract';
import { invokeLambda } from '@lingocast/lambda';
import type { SpeakerNotifier, TranslationSink, UtteranceScheduler } from '../ports';
import type { FollowerScheduler, PartialSink } from '../use-cases/follow/follower-deps';

/** Runs this service's `transcribeUtterance` function asynchronously for each claimed utterance. */
export class LambdaUtteranceScheduler implements UtteranceScheduler {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
  ) {}

  async schedule(event: UtteranceClaimedEvent): Promise<void> {
    await invokeLambda(this.lambda, this.functionName, event);
  }
}

/** Hands transcribed utterances to translation-pipeline's `translateUtterance` (asynchronous). */
export class LambdaTranslationSink implements TranslationSink {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
  ) {}

  async submit(event: UtteranceTranscribedEvent): Promise<void> {
    await invokeLambda(this.lambda, this.functionName, event);
  }
}

/** Posts to the speaker's WebSocket; a speaker who has gone is not an error. */
export class WebSocketSpeakerNotifier implements SpeakerNotifier {
  constructor(private readonly gateway: ApiGatewayConnectionGateway) {}

  async notify(connectionId: string, message: ServerMessage): Promise<void> {
    await this.gateway.post(connectionId, JSON.stringify(message));
  }
}

/** Starts this service's `followAudio` function asynchronously (an owner for a session's audio). */
export class LambdaFollowerScheduler implements FollowerScheduler {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
  ) {}

  async start(event: FollowAudioEvent): Promise<void> {
    await invokeLambda(this.lambda, this.functionName, event);
  }
}

/** Hands the words heard so far to translation-pipeline's `fanOutPartial` (asynchronous). */
export class LambdaPartialSink implements PartialSink {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
  ) {}

  async publish(event: UtterancePartialEvent): Promise<void> {
    await invokeLambda(this.lambda, this.functionName, event);
  }
}
