import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CONTRACT_EXAMPLES, fieldPaths } from '@lingocast/contract';
import { validateUtterancePartialEvent, validateUtteranceTranscribedEvent } from '@lingocast/validation';
import { mockClient } from 'aws-sdk-client-mock';
import { LambdaPartialSink, LambdaTranslationSink } from '../adapters/invokers';
import { getDeps } from '../composition';
import { ingestAudioHandler, transcribeUtteranceHandler } from '../handlers/audio';
import { chunkEvent, chunksFromScript } from '../testing/audio';
import { createTestDeps, ScriptedSpeechToText } from '../testing/fakes';
import { FOLLOW_EVENT, createFollowerDeps, realTime, taggedChunks } from '../testing/follower';
import { followAudio } from '../use-cases/follow/follow-audio';

// audio-transcription → translation-pipeline: the utterance event this app invokes
// `translateUtterance` with is the one translation-pipeline validates (libs/validation).

jest.mock('../composition', () => ({
  getDeps: jest.fn(),
  recognitionMode: () => 'utterance',
  logger: jest.requireActual('@lingocast/logging').createLogger('test', 'silent'),
}));

const lambda = new LambdaClient({ region: 'us-east-1' });
const lambdaMock = mockClient(lambda);

beforeEach(() => {
  lambdaMock.reset();
  lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
});

describe('the utterance event audio-transcription sends', () => {
  it('is one translation-pipeline accepts, with the fields of the contract example', async () => {
    // Prepare
    const testDeps = createTestDeps({
      speechToText: new ScriptedSpeechToText([CONTRACT_EXAMPLES.utteranceTranscribed.text]),
    });
    const deps = { ...testDeps, translation: new LambdaTranslationSink(lambda, 'translateUtterance') };
    jest.mocked(getDeps).mockReturnValue(deps);
    for (const [index, audio] of chunksFromScript('SS..').entries())
      await ingestAudioHandler(chunkEvent(index, audio, deps.clock.now()));
    const [claimed] = testDeps.scheduler.scheduled;

    // Act
    await transcribeUtteranceHandler(claimed);

    // Assess
    const calls = lambdaMock.commandCalls(InvokeCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input;
    const sent: unknown = JSON.parse(Buffer.from(input?.Payload as Uint8Array).toString('utf8'));
    expect(input?.InvocationType).toBe('Event');
    expect(validateUtteranceTranscribedEvent(sent)).toEqual({ ok: true, value: sent });
    expect(fieldPaths(sent)).toEqual(fieldPaths(CONTRACT_EXAMPLES.utteranceTranscribed));
  });
});

describe('the partial event audio-transcription sends while the speaker talks', () => {
  it('is one translation-pipeline accepts, with the fields of the contract example', async () => {
    // Prepare: the follower, on fakes, with the real Lambda sink for partials
    const testDeps = createFollowerDeps(realTime(taggedChunks('SSSSSS......')));
    const deps = { ...testDeps, partials: new LambdaPartialSink(lambda, 'fanOutPartial') };

    // Act
    await followAudio(deps, FOLLOW_EVENT, { owner: 'owner-1', deadlineAt: Infinity });

    // Assess
    const calls = lambdaMock.commandCalls(InvokeCommand);
    expect(calls.length).toBeGreaterThan(0);
    const input = calls[0]?.args[0].input;
    const sent: unknown = JSON.parse(Buffer.from(input?.Payload as Uint8Array).toString('utf8'));
    expect(input).toMatchObject({ FunctionName: 'fanOutPartial', InvocationType: 'Event' });
    expect(validateUtterancePartialEvent(sent)).toEqual({ ok: true, value: sent });
    expect(fieldPaths(sent)).toEqual(fieldPaths(CONTRACT_EXAMPLES.utterancePartial));
  });
});
