import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CONTRACT_EXAMPLES } from '@lingocast/contract';
import { DomainError } from '@lingocast/errors';
import { validateAudioChunkEvent, validateAudioFlushEvent } from '@lingocast/validation';
import { Uint8ArrayBlobAdapter } from '@smithy/core/serde';
import { mockClient } from 'aws-sdk-client-mock';
import { LambdaAudioForwarder } from '../adapters/lambda-invokers';
import { createTestDeps, ManualClock, seedActiveSession, seedSpeaker } from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import { handleAction } from '../use-cases/actions';
import type { Deps } from '../use-cases/deps';
import { flushAudio } from '../use-cases/flush-audio';

// session-management → audio-transcription: what this app invokes `ingestAudio` with is what
// audio-transcription validates (libs/validation), and the reply it reads is the one it gets.

const lambda = new LambdaClient({ region: 'us-east-1' });
const lambdaMock = mockClient(lambda);

function reply(value: unknown): Uint8ArrayBlobAdapter {
  return Uint8ArrayBlobAdapter.fromString(JSON.stringify(value));
}

/** The payloads this app's real code put on the wire, in order. */
function invokedPayloads(): unknown[] {
  return lambdaMock
    .commandCalls(InvokeCommand)
    .map((call) => JSON.parse(Buffer.from(call.args[0].input.Payload as Uint8Array).toString('utf8')));
}

/** Test dependencies whose audio goes through the real Lambda forwarder. */
function forwardingDeps(): { testDeps: TestDeps; deps: Deps } {
  const testDeps = createTestDeps({ clock: new ManualClock(CONTRACT_EXAMPLES.audioChunk.receivedAt) });
  return { testDeps, deps: { ...testDeps, audio: new LambdaAudioForwarder(lambda, 'ingestAudio') } };
}

beforeEach(() => {
  lambdaMock.reset();
  lambdaMock
    .on(InvokeCommand)
    .resolves({ StatusCode: 200, Payload: reply(CONTRACT_EXAMPLES.ingestAccepted) });
});

describe('the ingest event session-management sends', () => {
  it('is a chunk audio-transcription accepts, with the fields of the contract example', async () => {
    // Prepare
    const example = CONTRACT_EXAMPLES.audioChunk;
    const { testDeps, deps } = forwardingDeps();
    seedActiveSession(testDeps, { sourceLanguage: example.sourceLanguage });
    await seedSpeaker(testDeps, example.speakerConnectionId);

    // Act
    await handleAction(
      deps,
      example.speakerConnectionId,
      { action: 'sendAudio', sequenceNumber: example.sequenceNumber, audio: example.audio },
      example.requestId,
    );

    // Assess
    const [sent] = invokedPayloads();
    expect(validateAudioChunkEvent(sent)).toEqual({ ok: true, value: sent });
    expect(sent).toEqual(example);
  });

  it('is a flush audio-transcription accepts, with the fields of the contract example', async () => {
    // Prepare
    const example = CONTRACT_EXAMPLES.audioFlush;
    const { deps } = forwardingDeps();

    // Act
    await flushAudio(deps, { ...example }, example.requestId);

    // Assess
    const [sent] = invokedPayloads();
    expect(validateAudioFlushEvent(sent)).toEqual({ ok: true, value: sent });
    expect(sent).toEqual(example);
  });
});

describe('the ingest reply session-management reads', () => {
  it('acknowledges a chunk audio-transcription accepted', async () => {
    // Act
    const outcome = await new LambdaAudioForwarder(lambda, 'ingestAudio').forwardChunk(
      CONTRACT_EXAMPLES.audioChunk,
    );

    // Assess
    expect(outcome).toEqual({ duplicate: CONTRACT_EXAMPLES.ingestAccepted.duplicate });
  });

  it('passes on the code of a chunk audio-transcription refused', async () => {
    // Prepare
    const refused = CONTRACT_EXAMPLES.ingestRefused;
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: reply(refused) });

    // Act
    const outcome = new LambdaAudioForwarder(lambda, 'ingestAudio').forwardChunk(
      CONTRACT_EXAMPLES.audioChunk,
    );

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(DomainError);
    await expect(outcome).rejects.toMatchObject({ code: refused.code, message: refused.message });
  });
});
