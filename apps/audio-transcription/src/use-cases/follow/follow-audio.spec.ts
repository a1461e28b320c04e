import { SESSION_ID } from '../../testing/audio';
import {
  FOLLOW_EVENT,
  FakeStreamingEngine,
  createFollowerDeps,
  realTime,
  taggedChunks,
} from '../../testing/follower';
import type { Arrival, FollowerTestDeps } from '../../testing/follower';
import { followAudio } from './follow-audio';
import type { FollowOutcome } from './follow-audio';

// The follower on in-memory stores and a fake engine that hears one word `w<chunk>` per speech chunk,
// on a manual clock: every sleep moves time on and stores the chunks the speaker has sent by then.

const LIMITS = { owner: 'owner-1', deadlineAt: Number.MAX_SAFE_INTEGER };

function wordsOf(script: string, firstChunk = 0): string[] {
  return [...script].flatMap((symbol, index) => (symbol === '.' ? [] : [`w${firstChunk + index}`]));
}

function forwarded(deps: FollowerTestDeps): Array<{ n: number; text: string }> {
  return deps.translation.submitted.map((event) => ({ n: event.sequenceNumber, text: event.text }));
}

/** Every word of the talk reached exactly one utterance, and the numbers run 0, 1, 2… */
function expectEachWordOnce(deps: FollowerTestDeps, words: string[]): void {
  const utterances = forwarded(deps);
  expect(utterances.map(({ n }) => n)).toEqual(utterances.map((_u, index) => index));
  const heard = utterances.flatMap(({ text }) => text.toLowerCase().split(' '));
  expect(heard).toEqual(words);
}

describe('followAudio', () => {
  it('cuts a fluent talk sentence by sentence on one stream, and stops when the speaker has gone quiet', async () => {
    // Prepare: three sentences of 2 s with 0.25 s between them, then silence
    const script = 'SSSSSSSS.SSSSSSSS.SSSSSSSS' + '.'.repeat(8);
    const deps = createFollowerDeps(realTime(taggedChunks(script)));

    // Act
    const outcome = await followAudio(deps, FOLLOW_EVENT, LIMITS);

    // Assess
    expect(outcome).toEqual({ kind: 'idle', utterances: 3 });
    expect(forwarded(deps)).toEqual([
      { n: 0, text: 'W0 w1 w2 w3 w4 w5 w6 w7' },
      { n: 1, text: 'W9 w10 w11 w12 w13 w14 w15 w16' },
      { n: 2, text: 'W18 w19 w20 w21 w22 w23 w24 w25' },
    ]);
    expect(deps.streaming.opened).toHaveLength(1); // one speaking period, one stream
    expect(deps.streaming.streams[0]?.state).toBe('ended'); // not left open after the talk
    expect(deps.store.cursorOf(SESSION_ID)).toEqual({ nextChunk: script.length, nextUtterance: 3 });
    expect(deps.leases.released).toHaveLength(1);
  });

  it('forwards each utterance within a chunk of the pause that ends it, with the stage timings', async () => {
    // Prepare
    const script = 'SSSSSSSS.SSSS' + '.'.repeat(6);
    const deps = createFollowerDeps(realTime(taggedChunks(script)));
    const start = deps.clock.now();

    // Act
    await followAudio(deps, FOLLOW_EVENT, LIMITS);

    // Assess: sentence 1 ends with chunk 7 (2.0 s), its pause is chunk 8 (arrives at 2.25 s)
    const first = deps.translation.submitted[0];
    expect(first?.timings.assembledAt).toBeGreaterThanOrEqual(start + 2_250);
    expect(first?.timings.assembledAt).toBeLessThanOrEqual(start + 2_250 + 100 + 1);
    expect(first?.timings.transcribedAt).toBeGreaterThanOrEqual(first?.timings.assembledAt ?? Infinity);
    expect(first?.durationMs).toBe(2_250);
    // Traced by the chunk whose arrival closed it (the pause, chunk 8), as a cut in ingestAudio is.
    expect(first?.requestId).toBe('audio-8');
  });

  it('sends the words in progress to the speaker and to listeners, at most one per interval', async () => {
    // Prepare
    const deps = createFollowerDeps(realTime(taggedChunks('SSSSSSSS' + '.'.repeat(6))), {
      follower: { partialIntervalMs: 600 },
    });

    // Act
    await followAudio(deps, FOLLOW_EVENT, LIMITS);

    // Assess
    const toSpeaker = deps.speaker.notified.filter(({ message }) => message.type === 'transcriptPartial');
    expect(toSpeaker.length).toBeGreaterThanOrEqual(3);
    expect(toSpeaker.every(({ connectionId }) => connectionId === 'speaker-conn')).toBe(true);
    const times = toSpeaker.map(({ message }) => message.timestamp);
    for (let index = 1; index < times.length; index += 1)
      expect((times[index] ?? 0) - (times[index - 1] ?? 0)).toBeGreaterThanOrEqual(600);
    expect(toSpeaker[0]?.message).toMatchObject({ sequenceNumber: 0, sourceLanguage: 'en', text: 'w0' });
    expect(deps.partials.published.map(({ text }) => text)).toEqual(
      toSpeaker.map(({ message }) => (message.type === 'transcriptPartial' ? message.text : '')),
    );
    expect(deps.partials.published[0]).toMatchObject({ kind: 'utterancePartial', sessionId: SESSION_ID });
  });

  it('does nothing while another owner holds the lease', async () => {
    // Prepare
    const deps = createFollowerDeps(realTime(taggedChunks('SSSS....')));
    deps.leases.holdFor(SESSION_ID, 'someone-else', deps.clock.now() + 60_000);

    // Act
    const outcome = await followAudio(deps, FOLLOW_EVENT, LIMITS);

    // Assess
    expect(outcome).toEqual({ kind: 'notOwner' });
    expect(deps.streaming.opened).toHaveLength(0);
  });

  it('opens a stream per speaking period and ends an idle one, so nothing is billed through a long pause', async () => {
    // Prepare: speech, 12 s of silence, speech
    const script = 'SSSS' + '.'.repeat(48) + 'SSSS' + '.'.repeat(6);
    const deps = createFollowerDeps(realTime(taggedChunks(script)), { follower: { idleStreamMs: 4_000 } });

    // Act
    await followAudio(deps, FOLLOW_EVENT, LIMITS);

    // Assess
    expect(deps.streaming.opened).toHaveLength(2);
    const fed = deps.streaming.streams[0]?.written.length ?? 0;
    expect(fed).toBeLessThanOrEqual(4 + 4_000 / 250 + 2); // the speech, then at most the idle time
    expectEachWordOnce(deps, wordsOf(script));
  });

  it('closes the utterance soon after the speaker stops sending (paused, gone)', async () => {
    // Prepare: speech and no silence after it: chunks simply stop
    const deps = createFollowerDeps(realTime(taggedChunks('SSSSSS')), { follower: { flushAfterMs: 800 } });
    const start = deps.clock.now();

    // Act
    await followAudio(deps, FOLLOW_EVENT, LIMITS);

    // Assess
    expect(forwarded(deps)).toEqual([{ n: 0, text: 'W0 w1 w2 w3 w4 w5' }]);
    const assembledAt = deps.translation.submitted[0]?.timings.assembledAt ?? 0;
    expect(assembledAt - start).toBeGreaterThanOrEqual(1_500 + 800);
    expect(assembledAt - start).toBeLessThanOrEqual(1_500 + 800 + 200);
    expect(deps.streaming.streams[0]?.state).toBe('ended');
  });

  it('takes chunks that arrive out of order and twice in order, once', async () => {
    // Prepare: chunks 3 and 4 swapped, 5 delivered twice, 9 late by a second
    const script = 'SSSSSSSS.SSSS' + '.'.repeat(6);
    const arrivals: Arrival[] = realTime(taggedChunks(script)).map((arrival) => {
      if (arrival.sequenceNumber === 3) return { ...arrival, atMs: arrival.atMs + 250 };
      if (arrival.sequenceNumber === 4) return { ...arrival, atMs: arrival.atMs - 250 };
      if (arrival.sequenceNumber === 9) return { ...arrival, atMs: arrival.atMs + 1_000 };
      return arrival;
    });
    const five = arrivals.find((arrival) => arrival.sequenceNumber === 5);
    if (five) arrivals.push({ ...five, atMs: five.atMs + 500 });
    const deps = createFollowerDeps(arrivals);

    // Act
    await followAudio(deps, FOLLOW_EVENT, LIMITS);

    // Assess
    expectEachWordOnce(deps, wordsOf(script));
    const fed = (deps.streaming.streams[0]?.written ?? []).map((pcm) => pcm.readInt16LE(0));
    expect(fed.slice(0, 8)).toEqual([1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007]);
  });

  it('hands over before the time limit at a cut, and the successor goes on without a word lost or doubled', async () => {
    // Prepare: a long fluent talk, a handover due after 3 s
    const script = 'SSSSSSSS.SSSSSSSS.SSSSSSSS.SSSSSSSS' + '.'.repeat(6);
    const arrivals = realTime(taggedChunks(script));
    const deps = createFollowerDeps(arrivals, { follower: { handoverAfterMs: 3_000 } });

    // Act
    const first = await followAudio(deps, FOLLOW_EVENT, LIMITS);
    const successor = deps.followers.started[0];
    const second = successor
      ? await followAudio(deps, successor, { owner: 'owner-2', deadlineAt: Number.MAX_SAFE_INTEGER })
      : undefined;

    // Assess
    expect(first.kind).toBe('handedOver');
    expect(successor).toMatchObject({ kind: 'followAudio', reason: 'handover', sessionId: SESSION_ID });
    expect(second?.kind).toBe('handedOver'); // it too hands over after its 3 s
    let rounds = 0;
    while (deps.followers.started.length > rounds + 1 && rounds < 10) {
      rounds += 1;
      const next = deps.followers.started[rounds];
      if (next) await followAudio(deps, next, { owner: `owner-${rounds + 2}`, deadlineAt: Infinity });
    }
    expectEachWordOnce(deps, wordsOf(script));
    expect(new Set(deps.leases.acquired.map(({ epoch }) => epoch)).size).toBe(deps.leases.acquired.length);
  });

  it('stops at once when its lease was taken over, and a new owner continues from the cursor', async () => {
    // Prepare: the first owner's lease is taken while it follows (as if it had stalled past the lease)
    const script = 'SSSSSSSS.SSSSSSSS.SSSSSSSS' + '.'.repeat(6);
    const leaseTaken = { at: 3_000, take: () => undefined as void };
    const deps = createFollowerDeps(realTime(taggedChunks(script)), {
      onTick: (elapsedMs) => {
        if (elapsedMs === leaseTaken.at) leaseTaken.take();
      },
    });
    leaseTaken.take = () => deps.leases.holdFor(SESSION_ID, 'intruder', 0);

    // Act
    const first = await followAudio(deps, FOLLOW_EVENT, LIMITS);
    const second = await followAudio(deps, FOLLOW_EVENT, { owner: 'owner-2', deadlineAt: Infinity });

    // Assess
    expect(first.kind).toBe('lostLease');
    expect(deps.streaming.streams[0]?.state).toBe('aborted');
    expect(second.kind).toBe('idle');
    expectEachWordOnce(deps, wordsOf(script));
  });

  it('restarts a failed stream from the first chunk after the last utterance, and loses nothing', async () => {
    // Prepare: the engine fails on its 12th write, inside the second sentence
    const script = 'SSSSSSSS.SSSSSSSS' + '.'.repeat(6);
    const engine = new FakeStreamingEngine({ faults: { failWrites: [12] } });
    const deps = createFollowerDeps(realTime(taggedChunks(script)), { engine });

    // Act
    await followAudio(deps, FOLLOW_EVENT, LIMITS);

    // Assess
    expectEachWordOnce(deps, wordsOf(script));
    expect(engine.opened).toHaveLength(2);
    expect(engine.streams[0]?.state).toBe('failed');
    expect(deps.speaker.typesSent()).not.toContain('error');
  });

  it('tells the speaker when an utterance is finally lost, and goes on with the next', async () => {
    // Prepare: three streams in a row fail on their first write, in the first sentence
    const script = 'SSSS.' + '.'.repeat(8) + 'SSSS' + '.'.repeat(6);
    const engine = new FakeStreamingEngine({ faults: { failWrites: [1, 2, 3] } });
    const deps = createFollowerDeps(realTime(taggedChunks(script)), { engine });

    // Act
    await followAudio(deps, FOLLOW_EVENT, LIMITS);

    // Assess
    const errors = deps.speaker.notified.filter(({ message }) => message.type === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatchObject({ code: 'TRANSCRIPTION_FAILED' });
    expect(forwarded(deps)).toEqual([{ n: 0, text: 'W13 w14 w15 w16' }]);
    expect(engine.opened).toHaveLength(4); // three for the lost sentence, one for the next
  });

  it('works with an engine that ends segments only by itself: each cut ends its stream', async () => {
    // Prepare
    const script = 'SSSSSSSS.SSSSSSSS' + '.'.repeat(6);
    const engine = new FakeStreamingEngine({ cuttable: false });
    const deps = createFollowerDeps(realTime(taggedChunks(script)), { engine });

    // Act
    await followAudio(deps, FOLLOW_EVENT, LIMITS);

    // Assess
    expectEachWordOnce(deps, wordsOf(script));
    expect(engine.opened).toHaveLength(2);
  });

  it('keeps its lease through a decode slower than the lease, renewing it from a timer', async () => {
    // Prepare: the 5th write takes 10 s (a cold worker), longer than the 6 s lease
    const script = 'SSSSSSSS.SSSS' + '.'.repeat(6);
    let keeper: (() => Promise<void>) | undefined;
    const clock = { advance: (_ms: number) => undefined as void };
    const slowDecode = async () => {
      for (let second = 0; second < 10; second += 1) {
        clock.advance(1_000);
        await keeper?.();
      }
    };
    const engine = new FakeStreamingEngine({ faults: { slowWrite: { at: 5, until: slowDecode } } });
    const deps = createFollowerDeps(realTime(taggedChunks(script)), { engine });
    clock.advance = (ms) => deps.clock.advance(ms);
    const withTimer = {
      ...deps,
      every: (_everyMs: number, task: () => Promise<void>) => {
        keeper = task;
        return () => undefined;
      },
    };

    // Act
    const outcome = await followAudio(withTimer, FOLLOW_EVENT, LIMITS);

    // Assess
    expect(outcome).toEqual({ kind: 'idle', utterances: 2 });
    expect(deps.leases.acquired).toHaveLength(1);
    expectEachWordOnce(deps, wordsOf(script));
  });

  it('without the timer, the same slow decode loses the lease, and claims nothing after it', async () => {
    // Prepare
    const clock = { advance: (_ms: number) => undefined as void };
    const slowDecode = async () => clock.advance(10_000);
    const engine = new FakeStreamingEngine({ faults: { slowWrite: { at: 5, until: slowDecode } } });
    const deps = createFollowerDeps(realTime(taggedChunks('SSSSSSSS.SSSS......')), { engine });
    clock.advance = (ms) => deps.clock.advance(ms);

    // Act
    const outcome = await followAudio(deps, FOLLOW_EVENT, LIMITS);

    // Assess
    expect(outcome.kind).toBe('lostLease');
    expect(deps.translation.submitted).toEqual([]);
  });

  it('closes the stream while a session is paused (no chunks), and opens another when it resumes', async () => {
    // Prepare: speech, the speaker pauses the broadcast for 6 s (nothing sent), then speaks again
    const first = realTime(taggedChunks('SSSSSS'));
    const second = realTime(taggedChunks('SSSS......', 6), 1_500 + 6_000, 6);
    const deps = createFollowerDeps([...first, ...second]);

    // Act
    const outcome = await followAudio(deps, FOLLOW_EVENT, LIMITS);

    // Assess
    expect(outcome).toEqual({ kind: 'idle', utterances: 2 });
    expect(deps.streaming.opened).toHaveLength(2);
    expect(deps.streaming.streams.map((stream) => stream.state)).toEqual(['ended', 'ended']);
    expectEachWordOnce(deps, [...wordsOf('SSSSSS'), ...wordsOf('SSSS', 6)]);
  });

  it('hands over during a pause longer than the handover limit, and the next period gets a new owner', async () => {
    // Prepare: speech, 20 s of silence (sent), speech; a handover due after 5 s
    const script = 'SSSS' + '.'.repeat(80) + 'SSSS' + '.'.repeat(6);
    const deps = createFollowerDeps(realTime(taggedChunks(script)), { follower: { handoverAfterMs: 5_000 } });

    // Act: follow; run each successor, and a new owner whenever one stopped with audio still to come
    // (the next chunk's ingestion starts one); bounded
    const outcomes: FollowOutcome[] = [];
    for (let round = 0; round < 20; round += 1) {
      const handedTo = deps.followers.started[outcomes.filter((o) => o.kind === 'handedOver').length - 1];
      const event = outcomes.at(-1)?.kind === 'handedOver' && handedTo ? handedTo : FOLLOW_EVENT;
      outcomes.push(await followAudio(deps, event, { owner: `owner-${round}`, deadlineAt: Infinity }));
      if (outcomes.at(-1)?.kind !== 'handedOver' && deps.pendingArrivals() === 0) break;
    }

    // Assess
    const kinds = outcomes.map((outcome) => outcome.kind);
    expect(kinds[0]).toBe('handedOver'); // its stream was still open (idle for under 8 s)
    expect(kinds).toContain('idle'); // an owner with nothing open stops without a successor
    expect(kinds.at(-1)).toBe('idle');
    expect(kinds.length).toBeLessThan(20);
    expectEachWordOnce(deps, wordsOf(script));
    expect(deps.streaming.streams.every((stream) => stream.state !== 'open')).toBe(true);
  });

  it('stops following after a while without speech even though silence keeps coming', async () => {
    // Prepare: a sentence, then 60 s of a live, silent microphone
    const script = 'SSSS' + '.'.repeat(240);
    const deps = createFollowerDeps(realTime(taggedChunks(script)), { follower: { exitAfterMs: 10_000 } });
    const start = deps.clock.now();

    // Act
    const outcome = await followAudio(deps, FOLLOW_EVENT, LIMITS);

    // Assess
    expect(outcome).toEqual({ kind: 'idle', utterances: 1 });
    expect(deps.clock.now() - start).toBeLessThan(1_000 + 10_000 + 1_000);
    expect(deps.pendingArrivals()).toBeGreaterThan(150); // the rest of the silence is ingestion's
  });

  it('waits for a busy engine (every decoder taken) instead of losing the utterance', async () => {
    // Prepare: the first 8 writes find no free decoder, more than maxAttempts
    const script = 'SSSSSSSS.SSSS......';
    const engine = new FakeStreamingEngine({ faults: { busyWrites: [1, 2, 3, 4, 5, 6, 7, 8] } });
    const deps = createFollowerDeps(realTime(taggedChunks(script)), { engine });

    // Act
    await followAudio(deps, FOLLOW_EVENT, LIMITS);

    // Assess
    expectEachWordOnce(deps, wordsOf(script));
    expect(deps.speaker.typesSent()).not.toContain('error');
  });
});
