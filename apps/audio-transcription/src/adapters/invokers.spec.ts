import {
  ApiGatewayManagementApiClient,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ApiGatewayConnectionGateway } from '@lingocast/aws';
import type { UtteranceClaimedEvent, UtteranceTranscribedEvent } from '@lingocast/contract';
import { mockClient } from 'aws-sdk-client-mock';
import { LambdaTranslationSink, LambdaUtteranceScheduler, WebSocketSpeakerNotifier } from './invokers';

const lambda = new LambdaClient({ region: 'us-east-1' });
const lambdaMock = mockClient(lambda);
const management = new ApiGatewayManagementApiClient({
  region: 'us-east-1',
  endpoint: 'https://ws.example.test/test',
});
const managementMock = mockClient(management);

function invokedWith(call = 0): { FunctionName?: string; InvocationType?: string; payload: unknown } {
  const input = lambdaMock.commandCalls(InvokeCommand)[call]?.args[0].input;
  return {
    FunctionName: input?.FunctionName,
    InvocationType: input?.InvocationType,
    payload: JSON.parse(Buffer.from(input?.Payload as Uint8Array).toString('utf8')),
  };
}

const claimed: UtteranceClaimedEvent = {
  kind: 'utteranceClaimed',
  sessionId: 'golden-eagle-427',
  sourceLanguage: 'en',
  sequenceNumber: 2,
  firstChunk: 10,
  lastChunk: 21,
  timings: { lastChunkReceivedAt: 1, assembledAt: 2 },
  requestId: 'req-1',
};

const transcribed: UtteranceTranscribedEvent = {
  kind: 'utteranceTranscribed',
  sessionId: 'golden-eagle-427',
  sequenceNumber: 2,
  sourceLanguage: 'en',
  text: 'blessed are the meek',
  emotion: { volume: { level: 'medium', rmsDb: -15 }, rate: { level: 'medium', wordsPerMinute: 140 } },
  durationMs: 3_000,
  timings: { lastChunkReceivedAt: 1, assembledAt: 2, transcribedAt: 3 },
  requestId: 'req-1',
};

beforeEach(() => {
  lambdaMock.reset();
  managementMock.reset();
});

describe('LambdaUtteranceScheduler', () => {
  it('invokes the transcribe function asynchronously with the claimed utterance', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });

    // Act
    await new LambdaUtteranceScheduler(lambda, 'transcribe-fn').schedule(claimed);

    // Assess
    expect(invokedWith()).toEqual({
      FunctionName: 'transcribe-fn',
      InvocationType: 'Event',
      payload: claimed,
    });
  });
});

describe('LambdaTranslationSink', () => {
  it('invokes translation-pipeline asynchronously with the transcribed utterance', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });

    // Act
    await new LambdaTranslationSink(lambda, 'translate-fn').submit(transcribed);

    // Assess
    expect(invokedWith()).toEqual({
      FunctionName: 'translate-fn',
      InvocationType: 'Event',
      payload: transcribed,
    });
  });

  it('fails when the invocation is refused, so the utterance is not silently lost', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).rejects(new Error('AccessDenied'));

    // Act
    const result = new LambdaTranslationSink(lambda, 'translate-fn').submit(transcribed);

    // Assess
    await expect(result).rejects.toThrow('AccessDenied');
  });
});

describe('WebSocketSpeakerNotifier', () => {
  const notifier = () =>
    new WebSocketSpeakerNotifier(
      new ApiGatewayConnectionGateway(management, { sleep: async () => undefined }),
    );

  it('posts the message to the speaker as JSON', async () => {
    // Prepare
    managementMock.on(PostToConnectionCommand).resolves({});

    // Act
    await notifier().notify('speaker-conn', { type: 'heartbeatAck', timestamp: 5 });

    // Assess
    const input = managementMock.commandCalls(PostToConnectionCommand)[0]?.args[0].input;
    expect(input?.ConnectionId).toBe('speaker-conn');
    expect(JSON.parse(Buffer.from(input?.Data as Uint8Array).toString('utf8'))).toEqual({
      type: 'heartbeatAck',
      timestamp: 5,
    });
  });

  it('treats a speaker who has gone as no error', async () => {
    // Prepare
    managementMock
      .on(PostToConnectionCommand)
      .rejects(new GoneException({ message: 'gone', $metadata: { httpStatusCode: 410 } }));

    // Act
    const result = notifier().notify('speaker-conn', { type: 'heartbeatAck', timestamp: 5 });

    // Assess
    await expect(result).resolves.toBeUndefined();
  });
});
