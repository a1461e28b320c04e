import type { UtteranceClaimedEvent } from '@lingocast/contract';
import { chunkEvent, chunksFromScript, pcm, SESSION_ID, tone } from '../testing/audio';
import { createTestDeps, InMemoryAudioStore, seededRandom, TEST_SETTINGS } from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import { flushStream, ingestChunk } from './assemble-utterances';

/**
 * One speaker's stream, a character per 250 ms chunk (see chunksFromScript): leading silence, an
 * utterance ended by a pause, one cut at the 3 s maximum, one ended by a pause that falls between
 * chunks (T . L), one more ended by a pause, silence, and a last one only a flush can close.
 */
const SCRIPT = '..SSSSSS..SSSSSSSSSSSSSSST.LSS...SS';
const EXPECTED_RANGES = [
  { sequenceNumber: 0, firstChunk: 2, lastChunk: 9 },
  { sequenceNumber: 1, firstChunk: 10, lastChunk: 21 },
  { sequenceNumber: 2, firstChunk: 22, lastChunk: 26 },
  { sequenceNumber: 3, firstChunk: 27, lastChunk: 31 },
  { sequenceNumber: 4, firstChunk: 33, lastChunk: 34 },
];

function rangesOf(events: readonly UtteranceClaimedEvent[]) {
  return [...events]
    .sort((left, right) => left.sequenceNumber - right.sequenceNumber)
    .map(({ sequenceNumber, firstChunk, lastChunk }) => ({ sequenceNumber, firstChunk, lastChunk }));
}

const flushEvent = {
  kind: 'audioFlush' as const,
  sessionId: SESSION_ID,
  sourceLanguage: 'en',
  speakerConnectionId: 'speaker-conn',
  requestId: 'flush-1',
};

async function ingestInOrder(deps: TestDeps, script: string): Promise<void> {
  const chunks = chunksFromScript(script);
  for (const [index, audio] of chunks.entries())
    await ingestChunk(deps, chunkEvent(index, audio, deps.clock.now()));
}

/** Every chunk once, some twice or three times, in a shuffled order. */
function shuffledDeliveries(script: string, random: () => number, receivedAt: number) {
  const events = chunksFromScript(script).map((audio, index) => chunkEvent(index, audio, receivedAt));
  const deliveries = events.flatMap((event) => {
    const copies = random() < 0.3 ? (random() < 0.5 ? 2 : 3) : 1;
    return Array.from({ length: copies }, () => event);
  });
  return deliveries
    .map((event) => ({ event, key: random() }))
    .sort((left, right) => left.key - right.key)
    .map(({ event }) => event);
}

describe('ingestChunk and flushStream', () => {
  it('cuts a stream delivered in order into the expected utterances', async () => {
    // Prepare
    const deps = createTestDeps();

    // Act
    await ingestInOrder(deps, SCRIPT);
    await flushStream(deps, flushEvent);

    // Assess
    expect(rangesOf(deps.scheduler.scheduled)).toEqual(EXPECTED_RANGES);
  });

  it('claims each utterance as soon as it is complete, without waiting for a flush', async () => {
    // Prepare
    const deps = createTestDeps();

    // Act
    await ingestInOrder(deps, SCRIPT);

    // Assess
    expect(rangesOf(deps.scheduler.scheduled)).toEqual(EXPECTED_RANGES.slice(0, 4));
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])(
    'claims each utterance exactly once, in order, when chunks arrive shuffled and duplicated and are processed concurrently (seed %i)',
    async (seed) => {
      // Prepare
      const random = seededRandom(seed);
      const deps = createTestDeps({ store: new InMemoryAudioStore(() => Math.floor(random() * 4)) });
      const deliveries = shuffledDeliveries(SCRIPT, random, deps.clock.now());

      // Act
      const outcomes = await Promise.all(deliveries.map((event) => ingestChunk(deps, event)));
      await flushStream(deps, flushEvent);

      // Assess
      expect(deliveries.length).toBeGreaterThan(SCRIPT.length);
      expect(rangesOf(deps.scheduler.scheduled)).toEqual(EXPECTED_RANGES);
      expect(deps.scheduler.scheduled).toHaveLength(EXPECTED_RANGES.length);
      expect(outcomes.filter((outcome) => !outcome.duplicate)).toHaveLength(SCRIPT.length);
      expect(outcomes.reduce((total, outcome) => total + outcome.claimed, 0)).toBe(
        EXPECTED_RANGES.length - 1,
      );
      expect(deps.store.storedChunkNumbers(SESSION_ID)).toEqual([...SCRIPT].map((_, index) => index));
    },
  );

  it('claims the last utterance once when flushes are delivered several times concurrently', async () => {
    // Prepare
    const random = seededRandom(99);
    const deps = createTestDeps({ store: new InMemoryAudioStore(() => Math.floor(random() * 3)) });
    await ingestInOrder(deps, 'SSSS');

    // Act
    const claimed = await Promise.all([1, 2, 3].map(() => flushStream(deps, flushEvent)));

    // Assess
    expect(claimed.reduce((total, count) => total + count, 0)).toBe(1);
    expect(rangesOf(deps.scheduler.scheduled)).toEqual([{ sequenceNumber: 0, firstChunk: 0, lastChunk: 3 }]);
  });

  it('schedules the transcription with the stream context and timings', async () => {
    // Prepare
    const deps = createTestDeps();
    const chunks = chunksFromScript('SS..');
    const receivedAt = deps.clock.now();

    // Act
    for (const [index, audio] of chunks.entries()) {
      deps.clock.advance(250);
      await ingestChunk(deps, chunkEvent(index, audio, receivedAt + index * 250));
    }

    // Assess
    expect(deps.scheduler.scheduled).toEqual([
      {
        kind: 'utteranceClaimed',
        sessionId: SESSION_ID,
        sourceLanguage: 'en',
        speakerConnectionId: 'speaker-conn',
        sequenceNumber: 0,
        firstChunk: 0,
        lastChunk: 3,
        timings: { lastChunkReceivedAt: receivedAt + 750, assembledAt: deps.clock.now() },
        requestId: 'chunk-3',
      },
    ]);
  });

  it('reports a chunk delivered twice as a duplicate and stores it once', async () => {
    // Prepare
    const deps = createTestDeps();
    const event = chunkEvent(0, pcm(tone(250)), deps.clock.now());

    // Act
    const first = await ingestChunk(deps, event);
    const second = await ingestChunk(deps, event);

    // Assess
    expect(first).toEqual({ duplicate: false, claimed: 0 });
    expect(second).toEqual({ duplicate: true, claimed: 0 });
    expect(deps.store.storedChunkNumbers(SESSION_ID)).toEqual([0]);
  });

  it('reports a chunk already claimed as a duplicate without storing it again', async () => {
    // Prepare
    const deps = createTestDeps();
    deps.store.setCursor(SESSION_ID, { nextChunk: 10, nextUtterance: 2 });

    // Act
    const outcome = await ingestChunk(deps, chunkEvent(4, pcm(tone(250)), deps.clock.now()));

    // Assess
    expect(outcome).toEqual({ duplicate: true, claimed: 0 });
    expect(deps.store.storedChunkNumbers(SESSION_ID)).toEqual([]);
  });

  it('refuses PCM16 audio with an odd number of bytes as INVALID_PARAMETERS', async () => {
    // Prepare
    const deps = createTestDeps();
    const event = chunkEvent(0, Buffer.alloc(3), deps.clock.now());

    // Act
    const result = ingestChunk(deps, event);

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'INVALID_PARAMETERS' });
    expect(deps.store.storedChunkNumbers(SESSION_ID)).toEqual([]);
  });

  it('gives up on a chunk that never arrives once later audio has waited long enough', async () => {
    // Prepare
    const deps = createTestDeps();
    const chunks = chunksFromScript('SSSSS');
    await ingestChunk(deps, chunkEvent(0, chunks[0] ?? Buffer.alloc(0), deps.clock.now()));
    await ingestChunk(deps, chunkEvent(1, chunks[1] ?? Buffer.alloc(0), deps.clock.now()));
    await ingestChunk(deps, chunkEvent(3, chunks[3] ?? Buffer.alloc(0), deps.clock.now()));
    deps.clock.advance(deps.settings.gapTimeoutMs);

    // Act
    await ingestChunk(deps, chunkEvent(4, chunks[4] ?? Buffer.alloc(0), deps.clock.now()));
    await flushStream(deps, flushEvent);

    // Assess
    expect(rangesOf(deps.scheduler.scheduled)).toEqual([
      { sequenceNumber: 0, firstChunk: 0, lastChunk: 1 },
      { sequenceNumber: 1, firstChunk: 3, lastChunk: 4 },
    ]);
  });

  it('leaves out the speaker connection when the flush has none', async () => {
    // Prepare
    const deps = createTestDeps();
    await ingestInOrder(deps, 'SS');
    const { speakerConnectionId: _gone, ...withoutSpeaker } = flushEvent;

    // Act
    await flushStream(deps, withoutSpeaker);

    // Assess
    expect(deps.scheduler.scheduled).toHaveLength(1);
    expect(deps.scheduler.scheduled[0]).not.toHaveProperty('speakerConnectionId');
  });

  it('stops after a bounded number of rounds when every claim is lost', async () => {
    // Prepare
    const deps = createTestDeps();
    await ingestInOrder(deps, 'SS');
    const claim = jest.spyOn(deps.store, 'claim').mockResolvedValue(undefined);

    // Act
    const claimed = await flushStream(deps, flushEvent);

    // Assess
    expect(claimed).toBe(0);
    expect(claim).toHaveBeenCalledTimes(50);
    expect(deps.scheduler.scheduled).toEqual([]);
  });

  describe('with an adaptive pause', () => {
    /** 500 ms while an utterance holds under 1 s of speech, 250 ms after. */
    const settings = {
      ...TEST_SETTINGS,
      maxUtteranceMs: 6_000,
      adaptive: { afterSpeechMs: 1_000, shortPauseMs: 250, minPauseMs: 100 },
    };
    /**
     * Continuous speech with ≈ 0.4 s gaps (T L): the gap after 0.3 s of speech is a hesitation, the one
     * after 1.4 s ends the utterance; the second utterance ends at the first chunk of silence.
     */
    const CONTINUOUS = '..STLSSSSTLSSSTLSS...';
    const CONTINUOUS_RANGES = [
      { sequenceNumber: 0, firstChunk: 2, lastChunk: 9 },
      { sequenceNumber: 1, firstChunk: 10, lastChunk: 18 },
    ];

    it('cuts continuous speech at its gaps once the utterance holds enough speech', async () => {
      // Prepare
      const deps = createTestDeps({ settings });

      // Act
      await ingestInOrder(deps, CONTINUOUS);

      // Assess
      expect(rangesOf(deps.scheduler.scheduled)).toEqual(CONTINUOUS_RANGES);
    });

    it.each([21, 22, 23, 24, 25, 26])(
      'claims each utterance exactly once, in order, when chunks arrive shuffled, duplicated and concurrently (seed %i)',
      async (seed) => {
        // Prepare
        const random = seededRandom(seed);
        const deps = createTestDeps({
          settings,
          store: new InMemoryAudioStore(() => Math.floor(random() * 4)),
        });
        const deliveries = shuffledDeliveries(CONTINUOUS, random, deps.clock.now());

        // Act
        const outcomes = await Promise.all(deliveries.map((event) => ingestChunk(deps, event)));
        await flushStream(deps, flushEvent);

        // Assess
        expect(rangesOf(deps.scheduler.scheduled)).toEqual(CONTINUOUS_RANGES);
        expect(deps.scheduler.scheduled).toHaveLength(CONTINUOUS_RANGES.length);
        expect(outcomes.filter((outcome) => !outcome.duplicate)).toHaveLength(CONTINUOUS.length);
        expect(deps.store.storedChunkNumbers(SESSION_ID)).toEqual([...CONTINUOUS].map((_, index) => index));
      },
    );
  });
});
