import { emittedMetricCalls, stubDeps } from '@lingocast/lambda/testing';
import { getDeps, getFollowerDeps, recognitionMode } from '../composition';
import { chunkEvent, chunksFromScript, SESSION_ID } from '../testing/audio';
import { createTestDeps, ScriptedSpeechToText } from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import { createFollowerDeps } from '../testing/follower';
import { STALE_UTTERANCE_AFTER_MS, ingestAudioHandler, transcribeUtteranceHandler } from './audio';

jest.mock('@lingocast/logging', () => jest.requireActual('@lingocast/lambda/testing').loggingMock());
jest.mock('../composition', () => ({
  ...jest.requireActual('@lingocast/lambda/testing').compositionMock(),
  recognitionMode: jest.fn(() => 'utterance'),
  getFollowerDeps: jest.fn(),
}));

let deps: TestDeps;

beforeEach(() => {
  deps = stubDeps(getDeps, createTestDeps({ speechToText: new ScriptedSpeechToText(['hello world']) }));
});

const flush = {
  kind: 'audioFlush',
  sessionId: SESSION_ID,
  sourceLanguage: 'en',
  speakerConnectionId: 'speaker-conn',
  requestId: 'flush-1',
};

describe('ingestAudioHandler', () => {
  it('stores a valid chunk and reports the outcome to session-management', async () => {
    // Prepare
    const [audio] = chunksFromScript('S');

    // Act
    const result = await ingestAudioHandler(chunkEvent(0, audio ?? Buffer.alloc(0), deps.clock.now()));

    // Assess
    expect(result).toEqual({ ok: true, duplicate: false, claimed: 0 });
    expect(deps.store.storedChunkNumbers(SESSION_ID)).toEqual([0]);
  });

  it('answers INVALID_PARAMETERS for an event that breaks the contract', async () => {
    // Act
    const result = await ingestAudioHandler({ kind: 'audioChunk', sessionId: SESSION_ID });

    // Assess
    expect(result).toMatchObject({ ok: false, code: 'INVALID_PARAMETERS' });
  });

  it('answers INVALID_PARAMETERS for audio that is not whole PCM16 samples', async () => {
    // Act
    const result = await ingestAudioHandler(chunkEvent(0, Buffer.from([1, 2, 3]), deps.clock.now()));

    // Assess
    expect(result).toMatchObject({ ok: false, code: 'INVALID_PARAMETERS' });
  });

  it('answers INTERNAL_ERROR without internals when the store fails', async () => {
    // Prepare
    jest.spyOn(deps.store, 'getCursor').mockRejectedValue(new Error('table chunks-prod throttled'));
    const [audio] = chunksFromScript('S');

    // Act
    const result = await ingestAudioHandler(chunkEvent(0, audio ?? Buffer.alloc(0), deps.clock.now()));

    // Assess
    expect(result).toMatchObject({ ok: false, code: 'INTERNAL_ERROR' });
    expect(JSON.stringify(result)).not.toContain('chunks-prod');
  });

  it('closes the utterance in progress on a flush', async () => {
    // Prepare
    for (const [index, audio] of chunksFromScript('SS').entries())
      await ingestAudioHandler(chunkEvent(index, audio, deps.clock.now()));

    // Act
    const result = await ingestAudioHandler(flush);

    // Assess
    expect(result).toEqual({ ok: true, duplicate: false, claimed: 1 });
    expect(deps.scheduler.scheduled).toHaveLength(1);
  });

  it('answers INVALID_PARAMETERS for a malformed flush', async () => {
    // Act
    const result = await ingestAudioHandler({ kind: 'audioFlush', sessionId: 'Not A Session' });

    // Assess
    expect(result).toMatchObject({ ok: false, code: 'INVALID_PARAMETERS' });
  });

  it('answers INVALID_PARAMETERS for no event at all', async () => {
    // Act
    const result = await ingestAudioHandler(null);

    // Assess
    expect(result).toMatchObject({ ok: false, code: 'INVALID_PARAMETERS' });
  });
});

describe('ingestAudioHandler with streaming recognition', () => {
  beforeEach(() => {
    jest.mocked(recognitionMode).mockReturnValue('streaming');
  });

  afterEach(() => {
    jest.mocked(recognitionMode).mockReturnValue('utterance');
  });

  it('stores chunks, claims none, and starts one follower for an unfollowed session', async () => {
    // Prepare
    const follower = createFollowerDeps([]);
    jest.mocked(getFollowerDeps).mockReturnValue(follower);
    const chunks = chunksFromScript('SS.');

    // Act
    const results = [];
    for (const [index, audio] of chunks.entries())
      results.push(await ingestAudioHandler(chunkEvent(index, audio, follower.clock.now())));

    // Assess
    expect(results).toEqual(chunks.map(() => ({ ok: true, duplicate: false, claimed: 0 })));
    expect(follower.store.storedChunkNumbers(SESSION_ID)).toEqual([0, 1, 2]);
    expect(follower.followers.started).toEqual([
      {
        kind: 'followAudio',
        sessionId: SESSION_ID,
        sourceLanguage: 'en',
        reason: 'audio',
        requestId: 'chunk-0',
      },
    ]);
    expect(follower.store.cursorOf(SESSION_ID)).toEqual({ nextChunk: 0, nextUtterance: 0 });
  });

  it('moves past silence itself in an unfollowed session, and starts a follower at the first speech', async () => {
    // Prepare: a live microphone, silent, then the speaker talks
    const follower = createFollowerDeps([]);
    jest.mocked(getFollowerDeps).mockReturnValue(follower);
    const chunks = chunksFromScript('....S');

    // Act
    for (const [index, audio] of chunks.entries()) {
      await ingestAudioHandler(chunkEvent(index, audio, follower.clock.now()));
      if (index === 3) expect(follower.followers.started).toEqual([]);
    }

    // Assess
    expect(follower.store.cursorOf(SESSION_ID)).toEqual({ nextChunk: 4, nextUtterance: 0 });
    expect(follower.followers.started).toHaveLength(1);
  });

  it('leaves silence behind unclaimed speech, and all claims, to the owner', async () => {
    // Prepare: speech is waiting at the cursor (its owner died); an owner holds the lease meanwhile
    const follower = createFollowerDeps([]);
    jest.mocked(getFollowerDeps).mockReturnValue(follower);
    const [speech, silence] = chunksFromScript('S.');
    await ingestAudioHandler(chunkEvent(0, speech ?? Buffer.alloc(0), follower.clock.now()));
    follower.clock.advance(3_000);

    // Act
    await ingestAudioHandler(chunkEvent(1, silence ?? Buffer.alloc(0), follower.clock.now()));
    follower.leases.holdFor(SESSION_ID, 'owner-1', follower.clock.now() + 6_000);
    await ingestAudioHandler(chunkEvent(2, silence ?? Buffer.alloc(0), follower.clock.now()));

    // Assess
    expect(follower.store.cursorOf(SESSION_ID)).toEqual({ nextChunk: 0, nextUtterance: 0 });
    expect(follower.followers.started).toHaveLength(2); // the first speech, then again after 3 s
  });

  it('starts no follower while one holds the lease, and a flush only makes sure there is one', async () => {
    // Prepare
    const follower = createFollowerDeps([]);
    jest.mocked(getFollowerDeps).mockReturnValue(follower);
    follower.leases.holdFor(SESSION_ID, 'owner-1', follower.clock.now() + 6_000);
    const [audio] = chunksFromScript('S');

    // Act
    await ingestAudioHandler(chunkEvent(0, audio ?? Buffer.alloc(0), follower.clock.now()));
    const whileHeld = follower.followers.started.length;
    follower.clock.advance(6_000);
    const flushed = await ingestAudioHandler(flush);

    // Assess
    expect(whileHeld).toBe(0);
    expect(flushed).toEqual({ ok: true, duplicate: false, claimed: 0 });
    expect(follower.followers.started).toHaveLength(1);
  });
});

describe('transcribeUtteranceHandler', () => {
  it('transcribes a claimed utterance and forwards it', async () => {
    // Prepare
    for (const [index, audio] of chunksFromScript('SS..').entries())
      await ingestAudioHandler(chunkEvent(index, audio, deps.clock.now()));
    const [claimed] = deps.scheduler.scheduled;

    // Act
    const outcome = await transcribeUtteranceHandler(claimed);

    // Assess
    expect(outcome).toEqual({ kind: 'forwarded', text: 'Hello world' });
    expect(deps.translation.submitted).toHaveLength(1);
  });

  it('refuses an invalid event without transcribing anything', async () => {
    // Act
    const outcome = await transcribeUtteranceHandler({ kind: 'utteranceClaimed' });

    // Assess
    expect(outcome.kind).toBe('failed');
    expect(deps.speechToText.heard).toEqual([]);
  });
});

describe('transcribeUtteranceHandler metrics and stale utterances', () => {
  const SERVICE = { Service: 'audio-transcription' };

  async function claimOne() {
    for (const [index, audio] of chunksFromScript('SS..').entries())
      await ingestAudioHandler(chunkEvent(index, audio, deps.clock.now()));
    const [claimed] = deps.scheduler.scheduled;
    if (!claimed) throw new Error('no utterance was claimed');
    return claimed;
  }

  it('counts an attempt and no failure for a forwarded utterance', async () => {
    // Prepare
    const claimed = await claimOne();

    // Act
    await transcribeUtteranceHandler(claimed);

    // Assess
    expect(emittedMetricCalls('TranscriptionAttempts')).toEqual([
      [expect.anything(), 'LingoCast', 'TranscriptionAttempts', 1, 'Count', SERVICE],
    ]);
    expect(emittedMetricCalls('TranscriptionFailures')).toEqual([]);
  });

  it('counts a failed transcription, the TRANSCRIPTION_FAILED the speaker is sent', async () => {
    // Prepare
    deps = createTestDeps({ speechToText: new ScriptedSpeechToText([new Error('ThrottlingException')]) });
    jest.mocked(getDeps).mockReturnValue(deps);
    const claimed = await claimOne();

    // Act
    const outcome = await transcribeUtteranceHandler(claimed);

    // Assess
    expect(outcome.kind).toBe('failed');
    expect(emittedMetricCalls('TranscriptionAttempts')).toHaveLength(1);
    expect(emittedMetricCalls('TranscriptionFailures')).toEqual([
      [expect.anything(), 'LingoCast', 'TranscriptionFailures', 1, 'Count', SERVICE],
    ]);
  });

  it('drops an utterance that waited longer than the budget, counts it and transcribes nothing', async () => {
    // Prepare
    const claimed = await claimOne();
    deps.clock.advance(claimed.timings.assembledAt + STALE_UTTERANCE_AFTER_MS + 1 - deps.clock.now());

    // Act
    const outcome = await transcribeUtteranceHandler(claimed);

    // Assess
    expect(outcome).toEqual({ kind: 'dropped', ageMs: STALE_UTTERANCE_AFTER_MS + 1 });
    expect(deps.speechToText.heard).toEqual([]);
    expect(deps.translation.submitted).toEqual([]);
    expect(emittedMetricCalls('StaleUtterancesDropped')).toEqual([
      [expect.anything(), 'LingoCast', 'StaleUtterancesDropped', 1, 'Count', SERVICE],
    ]);
    expect(emittedMetricCalls('TranscriptionAttempts')).toEqual([]);
  });
});
