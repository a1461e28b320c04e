import {
  InternalFailureException,
  StartStreamTranscriptionCommand,
  TranscribeStreamingClient,
} from '@aws-sdk/client-transcribe-streaming';
import { mockClient } from 'aws-sdk-client-mock';
import type { FollowAudioEvent } from '@lingocast/contract';
import { TranscribeStreamingSpeechStreams } from '../../adapters/aws/transcribe-streaming-speech-streams';
import type { TranscribeStreamingStreamsOptions } from '../../adapters/aws/transcribe-streaming-speech-streams';
import {
  listeningTranscribe,
  settle,
  testClient,
} from '../../adapters/aws/transcribe-streaming-speech-streams.spec-helper';
import type {
  ListeningFault,
  ScriptedRequest,
} from '../../adapters/aws/transcribe-streaming-speech-streams.spec-helper';
import { CHUNK_MS, SAMPLE_RATE, SESSION_ID } from '../../testing/audio';
import { FOLLOW_EVENT, createFollowerDeps, realTime, taggedChunks } from '../../testing/follower';
import type { FollowerTestDeps } from '../../testing/follower';
import { followAudio } from './follow-audio';
import type { FollowOutcome } from './follow-audio';
import type { FollowerDeps, FollowerSettings } from './follower-deps';

// The follower with the real Transcribe adapter on a mocked TranscribeStreamingClient whose
// StartStreamTranscription hears the AudioStream as it is fed: a tagged speech chunk is the word
// `w<chunk>`, a final follows 250 ms without words (Transcribe's endpointing) or the end of the input.
// The follower runs on the manual clock of createFollowerDeps, which the adapter reads too (`now`),
// so its segment wait counts from when Transcribe could have heard the cut; the adapter's own timers
// are real but short (segmentWaitMs 50 ms): they fire only where no final reaches a cut (a withheld or
// late final, the silence before an idle stream ends), every other wait ends on Transcribe's answer.
const transcribe = mockClient(TranscribeStreamingClient);

const LIMITS = { owner: 'owner-1', deadlineAt: Number.MAX_SAFE_INTEGER };
const CHUNK_BYTES = (SAMPLE_RATE * CHUNK_MS * 2) / 1000;
/** The tag taggedChunks puts in the first sample of chunk 0; chunk n holds the tag + n. */
const TAG_OF_CHUNK_0 = taggedChunks('S')[0]?.readInt16LE(0) ?? Number.NaN;

/** The word a chunk of the talk holds, as the fake Transcribe hears it: `w<n>` or none (silence). */
function wordIn(frame: Buffer): string | undefined {
  if (frame.length < 2) return undefined;
  const chunk = frame.readInt16LE(0) - TAG_OF_CHUNK_0;
  return chunk >= 0 && chunk < 30_000 ? `w${chunk}` : undefined;
}

function wordsOf(script: string): string[] {
  return framesOf(script).filter((frame) => frame !== '.');
}

/** What each chunk of the script holds, as `heardBy` names it: `w<n>` or '.'. */
function framesOf(script: string): string[] {
  return [...script].map((symbol, index) => (symbol === '.' ? '.' : `w${index}`));
}

/** The chunks a request heard, by the words their tags name (silence as '.'). */
function heardBy(request: ScriptedRequest | undefined): string[] {
  const audio = Buffer.concat(request?.received ?? []);
  const frames: string[] = [];
  for (let offset = 0; offset < audio.length; offset += CHUNK_BYTES)
    frames.push(wordIn(audio.subarray(offset, offset + CHUNK_BYTES)) ?? '.');
  return frames;
}

/** A request that answers its `atFrame`-th chunk with an InternalFailureException event. */
function failureAt(atFrame: number): ListeningFault {
  const error = new InternalFailureException({ message: 'internal failure', $metadata: {} });
  return { kind: 'event', atFrame, event: { InternalFailureException: error } };
}

function forwarded(deps: FollowerTestDeps): Array<{ n: number; text: string }> {
  return deps.translation.submitted.map((event) => ({ n: event.sequenceNumber, text: event.text }));
}

/** Every word of the talk reached exactly one utterance, and the numbers run 0, 1, 2… */
function expectEachWordOnce(deps: FollowerTestDeps, words: string[]): void {
  const utterances = forwarded(deps);
  expect(utterances.map(({ n }) => n)).toEqual(utterances.map((_u, index) => index));
  expect(utterances.flatMap(({ text }) => text.toLowerCase().split(' '))).toEqual(words);
}

function startCalls(): number {
  return transcribe.commandCalls(StartStreamTranscriptionCommand).length;
}

/**
 * A talk followed on the Transcribe adapter: `deps` records what reached the speaker and translation,
 * `requests` what each StartStreamTranscription heard. Each poll lets Transcribe hear what was written
 * (it keeps up with real time).
 */
function onTranscribe(
  script: string,
  options: {
    follower?: Partial<FollowerSettings>;
    faultOf?: (request: number) => ListeningFault | undefined;
    adapter?: TranscribeStreamingStreamsOptions;
    /** Silence after words before Transcribe sends a final; default 250 ms. */
    endpointMs?: number;
    onTick?: (elapsedMs: number) => void;
  } = {},
): { deps: FollowerTestDeps; follower: FollowerDeps; requests: ScriptedRequest[] } {
  const deps = createFollowerDeps(realTime(taggedChunks(script)), {
    follower: options.follower,
    onTick: options.onTick,
  });
  const listening = listeningTranscribe({
    frameBytes: CHUNK_BYTES,
    wordIn,
    faultOf: options.faultOf,
    endpointMs: options.endpointMs,
  });
  transcribe.on(StartStreamTranscriptionCommand).callsFake(listening.fake);
  const streaming = new TranscribeStreamingSpeechStreams(testClient(), {
    now: () => deps.clock.now(),
    segmentWaitMs: 50,
    endTimeoutMs: 2_000,
    ...options.adapter,
  });
  const follower: FollowerDeps = {
    ...deps,
    streaming,
    sleep: async (ms) => {
      await deps.sleep(ms);
      await settle();
    },
  };
  return { deps, follower, requests: listening.requests };
}

/** Follows, then runs every successor an owner started (bounded), as the scheduler would. */
async function followWithSuccessors(
  deps: FollowerTestDeps,
  follower: FollowerDeps,
): Promise<FollowOutcome[]> {
  const outcomes = [await followAudio(follower, FOLLOW_EVENT, LIMITS)];
  for (let index = 0; index < deps.followers.started.length && index < 10; index += 1) {
    const next: FollowAudioEvent | undefined = deps.followers.started[index];
    if (next)
      outcomes.push(await followAudio(follower, next, { owner: `owner-${index + 2}`, deadlineAt: Infinity }));
  }
  return outcomes;
}

describe('followAudio on Transcribe Streaming (mocked event streams)', () => {
  beforeEach(() => transcribe.reset());

  afterEach(() => jest.useRealTimers());

  it('follows a fluent talk on ONE StartStreamTranscription, cut sentence by sentence at Transcribe’s finals', async () => {
    // Prepare: three sentences of 2 s with 0.25 s between them, then 2 s of silence
    const script = 'SSSSSSSS.SSSSSSSS.SSSSSSSS' + '.'.repeat(8);
    const { deps, follower, requests } = onTranscribe(script);

    // Act
    const outcome = await followAudio(follower, FOLLOW_EVENT, LIMITS);

    // Assess
    expect(outcome).toEqual({ kind: 'idle', utterances: 3 });
    expect(forwarded(deps)).toEqual([
      { n: 0, text: 'W0 w1 w2 w3 w4 w5 w6 w7' },
      { n: 1, text: 'W9 w10 w11 w12 w13 w14 w15 w16' },
      { n: 2, text: 'W18 w19 w20 w21 w22 w23 w24 w25' },
    ]);
    expect(startCalls()).toBe(1);
    expect(transcribe.commandCalls(StartStreamTranscriptionCommand)[0]?.args[0].input).toMatchObject({
      LanguageCode: 'en-US',
      MediaEncoding: 'pcm',
      MediaSampleRateHertz: SAMPLE_RATE,
    });
    expect(heardBy(requests[0])).toEqual(framesOf(script));
    expect(requests[0]?.audioEnded).toBe(true); // not left open and billed after the talk
    expect(deps.partials.published.map(({ text }) => text)).toContain('w0 w1');
    expect(deps.store.cursorOf(SESSION_ID)).toEqual({ nextChunk: script.length, nextUtterance: 3 });
  });

  it('opens a request per speaking period and streams no more of a long pause than idleStreamMs', async () => {
    // Prepare: a sentence, 12 s of silence (sent), a sentence; idle streams end after 4 s
    const script = 'SSSSSSSS' + '.'.repeat(48) + 'SSSSSSSS' + '.'.repeat(6);
    const { deps, follower, requests } = onTranscribe(script, { follower: { idleStreamMs: 4_000 } });

    // Act
    await followAudio(follower, FOLLOW_EVENT, LIMITS);

    // Assess
    expect(startCalls()).toBe(2);
    const firstBytes = Buffer.concat(requests[0]?.received ?? []).length;
    expect(firstBytes).toBeGreaterThan(8 * CHUNK_BYTES);
    expect(firstBytes).toBeLessThanOrEqual((8 + 4_000 / CHUNK_MS + 1) * CHUNK_BYTES); // speech, then the idle time
    expect(heardBy(requests[1])[0]).toBe('w56'); // the second period from its first word
    expect(requests.every((request) => request.audioEnded)).toBe(true);
    expectEachWordOnce(deps, wordsOf(script));
  });

  it.each([
    ['an InternalFailureException event mid-utterance', failureAt(12), 'w9'],
    [
      'its result stream throwing mid-utterance',
      { kind: 'throw', atFrame: 12, error: new Error('socket hang up') },
      'w9',
    ],
    ['an InternalFailureException event while the cut waits for its final', failureAt(9), 'w0'],
  ] satisfies Array<[string, ListeningFault, string]>)(
    'restarts from the cursor on a new request when the stream fails: %s',
    async (_how, fault, restartsAt) => {
      // Prepare: the first request fails on the given chunk (chunk 8 is the pause that ends sentence 1)
      const script = 'SSSSSSSS.SSSSSSSS' + '.'.repeat(6);
      const { deps, follower, requests } = onTranscribe(script, {
        faultOf: (request) => (request === 1 ? fault : undefined),
      });

      // Act
      await followAudio(follower, FOLLOW_EVENT, LIMITS);

      // Assess
      expectEachWordOnce(deps, wordsOf(script));
      expect(startCalls()).toBe(2);
      expect(heardBy(requests[1])[0]).toBe(restartsAt); // the first chunk after the last claimed utterance
      expect(deps.speaker.typesSent()).not.toContain('error');
    },
  );

  it('tells the speaker when three requests in a row fail for one sentence, and hears the next', async () => {
    // Prepare: requests 1–3 fail on their first chunk, all inside the first sentence
    const script = 'SSSS.' + '.'.repeat(8) + 'SSSS' + '.'.repeat(6);
    const { deps, follower } = onTranscribe(script, {
      faultOf: (request) => (request <= 3 ? failureAt(1) : undefined),
    });

    // Act
    await followAudio(follower, FOLLOW_EVENT, LIMITS);

    // Assess
    const errors = deps.speaker.notified.filter(({ message }) => message.type === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatchObject({ code: 'TRANSCRIPTION_FAILED' });
    expect(forwarded(deps)).toEqual([{ n: 0, text: 'W13 w14 w15 w16' }]);
    expect(startCalls()).toBe(4); // three for the lost sentence, one for the next
  });

  it('hands over at a cut, and each successor opens its own request: no word lost or doubled', async () => {
    // Prepare: four sentences 0.25 s apart; an owner hands over after 3 s
    const script = 'SSSSSSSS.SSSSSSSS.SSSSSSSS.SSSSSSSS' + '.'.repeat(6);
    const { deps, follower, requests } = onTranscribe(script, { follower: { handoverAfterMs: 3_000 } });

    // Act
    const outcomes = await followWithSuccessors(deps, follower);

    // Assess: two owners of 3 s each heard two sentences, the third only the silence after the talk
    expect(outcomes).toEqual([
      { kind: 'handedOver', utterances: 2 },
      { kind: 'handedOver', utterances: 2 },
      { kind: 'idle', utterances: 0 },
    ]);
    expect(deps.followers.started[0]).toMatchObject({ reason: 'handover', sessionId: SESSION_ID });
    expect(startCalls()).toBe(2); // one request per owner that heard speech; silence opens none
    expect(heardBy(requests[0])).toEqual(framesOf(script).slice(0, 18));
    expect(heardBy(requests[1])).toEqual(framesOf(script).slice(18, 36));
    expect(requests.every((request) => request.audioEnded)).toBe(true);
    expectEachWordOnce(deps, wordsOf(script));
  });

  it('cancels its request when its lease is taken over, and the new owner opens its own from the cursor', async () => {
    // Prepare: 3 s in, the lease is taken (as if the owner had stalled past it)
    const script = 'SSSSSSSS.SSSSSSSS.SSSSSSSS' + '.'.repeat(6);
    const leaseTaken = { take: () => undefined as void };
    const { deps, follower, requests } = onTranscribe(script, {
      onTick: (elapsedMs) => {
        if (elapsedMs === 3_000) leaseTaken.take();
      },
    });
    leaseTaken.take = () => deps.leases.holdFor(SESSION_ID, 'intruder', 0);

    // Act
    const first = await followAudio(follower, FOLLOW_EVENT, LIMITS);
    const second = await followAudio(follower, FOLLOW_EVENT, { owner: 'owner-2', deadlineAt: Infinity });

    // Assess
    expect(first.kind).toBe('lostLease');
    expect(second.kind).toBe('idle');
    expect(startCalls()).toBe(2);
    const firstSend: readonly unknown[] = transcribe.send.getCall(0).args;
    expect(firstSend[1]).toMatchObject({ abortSignal: expect.objectContaining({ aborted: true }) });
    expect(heardBy(requests[1])[0]).toBe('w9'); // sentence 1 was claimed before the takeover
    expectEachWordOnce(deps, wordsOf(script));
  });

  it('ends the request when its final does not reach the cut within segmentWaitMs, and goes on on a new one', async () => {
    // Prepare: the first request never endpoints: its finals come only when its input ends
    const script = 'SSSSSSSS.SSSSSSSS.SSSSSSSS' + '.'.repeat(8);
    const { deps, follower, requests } = onTranscribe(script, {
      faultOf: (request) => (request === 1 ? { kind: 'withholdFinals' } : undefined),
    });

    // Act
    await followAudio(follower, FOLLOW_EVENT, LIMITS);

    // Assess
    expect(forwarded(deps)).toEqual([
      { n: 0, text: 'W0 w1 w2 w3 w4 w5 w6 w7' },
      { n: 1, text: 'W9 w10 w11 w12 w13 w14 w15 w16' },
      { n: 2, text: 'W18 w19 w20 w21 w22 w23 w24 w25' },
    ]);
    expect(startCalls()).toBe(2);
    expect(heardBy(requests[0])).toEqual(framesOf(script).slice(0, 9)); // closed at the first cut
    expect(heardBy(requests[1])[0]).toBe('w9');
    expect(requests.every((request) => request.audioEnded)).toBe(true);
  });

  it('with endpointing slower than the cutter’s pause, puts each sentence of a fluent talk on a request of its own', async () => {
    // Prepare: Transcribe ends a segment only after 500 ms of silence; the sentences are 250 ms apart
    const script = 'SSSSSSSS.SSSSSSSS.SSSSSSSS' + '.'.repeat(8);
    const { deps, follower, requests } = onTranscribe(script, { endpointMs: 500 });

    // Act
    await followAudio(follower, FOLLOW_EVENT, LIMITS);

    // Assess: every cut waited segmentWaitMs, then closed its request to get the final
    expectEachWordOnce(deps, wordsOf(script));
    expect(requests.slice(0, 3).map((request) => heardBy(request))).toEqual([
      framesOf(script).slice(0, 9),
      framesOf(script).slice(9, 18),
      framesOf(script).slice(18, 27),
    ]);
    // The silence after the last cut opens a fourth request (billed at least 15 s) until the stream idles out.
    expect(heardBy(requests[3]).every((frame) => frame === '.')).toBe(true);
    expect(startCalls()).toBe(4);
  });

  // Ending a stream cuts it first only when words were heard since the last cut: on Transcribe a cut
  // after nothing but silence would wait segmentWaitMs (2.5 s) for a final that cannot come, blocking
  // the follower's loop. The adapter's timers are fake and never advanced here: the follow can only
  // finish if no wait on them was needed.
  it('ends a stream that heard only silence since its last cut without waiting for a final', async () => {
    // Prepare: a sentence, then 2 s of silence, then the speaker stops sending
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    const { deps, follower, requests } = onTranscribe('SSSSSSSS' + '.'.repeat(8), {
      adapter: { segmentWaitMs: 2_500 },
    });

    // Act
    let finished = false;
    void followAudio(follower, FOLLOW_EVENT, LIMITS).then(() => (finished = true));
    for (let round = 0; round < 2_000 && !finished; round += 1) await settle();

    // Assess
    expect(forwarded(deps)).toEqual([{ n: 0, text: 'W0 w1 w2 w3 w4 w5 w6 w7' }]);
    expect(finished).toBe(true);
    expect(requests[0]?.audioEnded).toBe(true);
  });
});
