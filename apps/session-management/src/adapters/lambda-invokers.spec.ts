import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { AudioChunkEvent } from '@lingocast/contract';
import { DomainError } from '@lingocast/errors';
import { Uint8ArrayBlobAdapter } from '@smithy/core/serde';
import { mockClient } from 'aws-sdk-client-mock';
import { LambdaAudioForwarder, LambdaConnectionGreeter } from './lambda-invokers';

const lambda = new LambdaClient({ region: 'us-east-1' });
const lambdaMock = mockClient(lambda);

function jsonPayload(value: unknown): Uint8ArrayBlobAdapter {
  return Uint8ArrayBlobAdapter.fromString(JSON.stringify(value));
}

function sentPayload(call = 0): unknown {
  const payload = lambdaMock.commandCalls(InvokeCommand)[call]?.args[0].input.Payload;
  return JSON.parse(Buffer.from(payload as Uint8Array).toString('utf8'));
}

const chunk: AudioChunkEvent = {
  kind: 'audioChunk',
  sessionId: 'golden-eagle-427',
  sourceLanguage: 'en',
  speakerConnectionId: 'speaker-conn',
  sequenceNumber: 3,
  encoding: 'pcm_s16le',
  sampleRate: 16_000,
  audio: 'AAAA',
  receivedAt: 1_700_000_000_000,
  requestId: 'req-1',
};

beforeEach(() => lambdaMock.reset());

describe('LambdaAudioForwarder', () => {
  it('invokes the ingest function synchronously with the chunk', async () => {
    // Prepare
    lambdaMock
      .on(InvokeCommand)
      .resolves({ StatusCode: 200, Payload: jsonPayload({ ok: true, duplicate: false, claimed: 0 }) });
    const forwarder = new LambdaAudioForwarder(lambda, 'ingest-fn');

    // Act
    const result = await forwarder.forwardChunk(chunk);

    // Assess
    expect(result).toEqual({ duplicate: false });
    expect(lambdaMock.commandCalls(InvokeCommand)[0]?.args[0].input).toMatchObject({
      FunctionName: 'ingest-fn',
      InvocationType: 'RequestResponse',
    });
    expect(sentPayload()).toEqual(chunk);
  });

  it('reports a chunk stored before as a duplicate', async () => {
    // Prepare
    lambdaMock
      .on(InvokeCommand)
      .resolves({ Payload: jsonPayload({ ok: true, duplicate: true, claimed: 0 }) });
    const forwarder = new LambdaAudioForwarder(lambda, 'ingest-fn');

    // Act
    const result = await forwarder.forwardChunk(chunk);

    // Assess
    expect(result).toEqual({ duplicate: true });
  });

  it('turns a crashed ingest function into SERVICE_UNAVAILABLE so the speaker resends', async () => {
    // Prepare
    lambdaMock
      .on(InvokeCommand)
      .resolves({ FunctionError: 'Unhandled', Payload: jsonPayload({ errorMessage: 'boom' }) });
    const forwarder = new LambdaAudioForwarder(lambda, 'ingest-fn');

    // Act
    const result = forwarder.forwardChunk(chunk);

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('passes INVALID_PARAMETERS on with the ingest function’s message', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({
      Payload: jsonPayload({
        ok: false,
        code: 'INVALID_PARAMETERS',
        message: 'PCM16 audio must have an even number of bytes',
      }),
    });
    const forwarder = new LambdaAudioForwarder(lambda, 'ingest-fn');

    // Act
    const result = forwarder.forwardChunk(chunk);

    // Assess
    await expect(result).rejects.toMatchObject({
      code: 'INVALID_PARAMETERS',
      message: 'PCM16 audio must have an even number of bytes',
    });
  });

  it('maps any other refusal to SERVICE_UNAVAILABLE', async () => {
    // Prepare
    lambdaMock
      .on(InvokeCommand)
      .resolves({ Payload: jsonPayload({ ok: false, code: 'INTERNAL_ERROR', message: 'store down' }) });
    const forwarder = new LambdaAudioForwarder(lambda, 'ingest-fn');

    // Act
    const result = forwarder.forwardChunk(chunk);

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: 'store down' });
  });

  it('treats an empty answer as not stored', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({});
    const forwarder = new LambdaAudioForwarder(lambda, 'ingest-fn');

    // Act
    const result = forwarder.forwardChunk(chunk);

    // Assess
    await expect(result).rejects.toBeInstanceOf(DomainError);
    await expect(result).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('flushes asynchronously with an audioFlush event', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
    const forwarder = new LambdaAudioForwarder(lambda, 'ingest-fn');

    // Act
    await forwarder.flush({ sessionId: 'golden-eagle-427', sourceLanguage: 'en', requestId: 'req-2' });

    // Assess
    expect(lambdaMock.commandCalls(InvokeCommand)[0]?.args[0].input).toMatchObject({
      FunctionName: 'ingest-fn',
      InvocationType: 'Event',
    });
    expect(sentPayload()).toEqual({
      kind: 'audioFlush',
      sessionId: 'golden-eagle-427',
      sourceLanguage: 'en',
      requestId: 'req-2',
    });
  });
});

describe('LambdaConnectionGreeter', () => {
  it('invokes the connectionReady function asynchronously with the connection', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
    const greeter = new LambdaConnectionGreeter(lambda, 'ready-fn');

    // Act
    await greeter.greetLater('conn-1', 'req-1');

    // Assess
    expect(lambdaMock.commandCalls(InvokeCommand)[0]?.args[0].input).toMatchObject({
      FunctionName: 'ready-fn',
      InvocationType: 'Event',
    });
    expect(sentPayload()).toEqual({ connectionId: 'conn-1', requestId: 'req-1' });
  });

  it('asks the connectionReady function to refuse a connection once it is open, with the reason', async () => {
    // Prepare
    const greeter = new LambdaConnectionGreeter(lambda, 'ready-fn');
    const refusal = { code: 'RATE_LIMIT_EXCEEDED' as const, message: 'busy', retryAfter: 7 };

    // Act
    await greeter.refuseLater('conn-1', 'req-1', refusal);

    // Assess
    expect(lambdaMock.commandCalls(InvokeCommand)[0]?.args[0].input).toMatchObject({
      FunctionName: 'ready-fn',
      InvocationType: 'Event',
    });
    expect(sentPayload()).toEqual({ connectionId: 'conn-1', requestId: 'req-1', refusal });
  });
});
