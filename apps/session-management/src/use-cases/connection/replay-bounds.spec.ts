import { DEFAULT_RATE_LIMITS } from '../../config';
import { InMemoryRateLimiter, seedSpeaker, SESSION_ID } from '../../testing/fakes';
import { MAX_REPLAYED_PER_REQUEST } from './replay';
import {
  askReplay,
  completion,
  LISTENER,
  received,
  recordUtterances,
  sessionWithListener,
} from './replay.harness';

// `replay { recent }` (a late joiner's history), and what bounds a replay: the session's end, the
// caller's role, a listener gone mid-replay, the entries per request and the requests per second.

describe('replay of the recent captions', () => {
  it('sends the newest captions only, even to a listener who gets audio, then replayComplete', async () => {
    // Prepare
    const deps = await sessionWithListener();
    await recordUtterances(deps, [1, 2, 3, 4, 5], { parts: 2 });

    // Act
    await askReplay(deps, { recent: 3, requestId: 'req-1' });

    // Assess
    expect(received(deps)).toEqual(['caption 3', 'caption 4', 'caption 5', 'replayComplete']);
    expect(completion(deps)).toMatchObject({ requestId: 'req-1', replayed: 3, lastSequenceNumber: 5 });
    expect(completion(deps)).not.toHaveProperty('missed');
  });

  it('sends what there is when the window holds fewer, and names the newest number even out of the window', async () => {
    // Prepare
    const deps = await sessionWithListener();
    await recordUtterances(deps, [1, 2]);
    deps.clock.advance(deps.replay.windowMs + 1);
    await recordUtterances(deps, [3], { parts: 0 });

    // Act
    await askReplay(deps, { recent: 10 });

    // Assess
    expect(received(deps)).toEqual(['caption 3', 'replayComplete']);
    expect(completion(deps)).toMatchObject({ replayed: 1, lastSequenceNumber: 3 });
  });

  it('names the newest number when the whole window has passed', async () => {
    // Prepare
    const deps = await sessionWithListener();
    await recordUtterances(deps, [1, 2]);
    deps.clock.advance(deps.replay.windowMs + 1);

    // Act
    await askReplay(deps, { recent: 5 });

    // Assess
    expect(received(deps)).toEqual(['replayComplete']);
    expect(completion(deps)).toMatchObject({ replayed: 0, lastSequenceNumber: 2 });
  });

  it('answers replayed 0 for a session that has said nothing yet', async () => {
    // Prepare
    const deps = await sessionWithListener();

    // Act
    await askReplay(deps, { recent: 5 });

    // Assess
    expect(received(deps)).toEqual(['replayComplete']);
    expect(completion(deps)).not.toHaveProperty('lastSequenceNumber');
  });
});

describe('replay: who may ask, and when', () => {
  it('refuses a replay once the session has ended, and sends nothing', async () => {
    // Prepare
    const deps = await sessionWithListener();
    await recordUtterances(deps, [1, 2]);
    await deps.store.updateSession(SESSION_ID, { status: 'ended' }, deps.clock.now());

    // Act
    const asked = askReplay(deps, { afterSequenceNumber: 0 });

    // Assess
    await expect(asked).rejects.toMatchObject({ code: 'SESSION_ENDED' });
    expect(received(deps)).toEqual([]);
  });

  it('replays while the broadcast is paused', async () => {
    // Prepare
    const deps = await sessionWithListener();
    await recordUtterances(deps, [1], { parts: 0 });
    await deps.store.updateSession(SESSION_ID, { status: 'paused' }, deps.clock.now());

    // Act
    await askReplay(deps, { afterSequenceNumber: 0 });

    // Assess
    expect(received(deps)).toEqual(['caption 1', 'replayComplete']);
  });

  it('refuses the speaker with UNAUTHORIZED_ACTION', async () => {
    // Prepare
    const deps = await sessionWithListener();
    await seedSpeaker(deps, 'speaker-conn');
    await recordUtterances(deps, [1]);

    // Act
    const asked = askReplay(deps, { afterSequenceNumber: 0 }, 'speaker-conn');

    // Assess
    await expect(asked).rejects.toMatchObject({ code: 'UNAUTHORIZED_ACTION' });
    expect(received(deps, 'speaker-conn')).toEqual([]);
  });

  it('stops quietly, without replayComplete, when the listener is gone mid-replay (410)', async () => {
    // Prepare: the socket goes after the second frame.
    const deps = await sessionWithListener();
    await recordUtterances(deps, [1, 2, 3], { parts: 2 });
    const post = deps.gateway.sendSerialized.bind(deps.gateway);
    let posts = 0;
    jest.spyOn(deps.gateway, 'sendSerialized').mockImplementation(async (connectionId, payload) => {
      posts += 1;
      if (posts === 3) deps.gateway.gone.add(connectionId);
      return post(connectionId, payload);
    });

    // Act
    await askReplay(deps, { afterSequenceNumber: 0 });

    // Assess
    expect(received(deps)).toEqual(['audio 1.0', 'audio 1.1']);
    expect(posts).toBe(3);
  });

  it('refuses a fourth replay within a second with RATE_LIMIT_EXCEEDED, and allows one the next second', async () => {
    // Prepare
    const deps = await sessionWithListener();
    deps.limits = new InMemoryRateLimiter(DEFAULT_RATE_LIMITS);
    for (let i = 0; i < DEFAULT_RATE_LIMITS.replay.max; i += 1) await askReplay(deps, { recent: 1 });

    // Act
    const fourth = askReplay(deps, { recent: 1 });

    // Assess
    await expect(fourth).rejects.toMatchObject({ code: 'RATE_LIMIT_EXCEEDED', retryAfter: 1 });
    expect(deps.limits.countOf('replay', LISTENER)).toBe(3);
    deps.clock.advance(1_000);
    await expect(askReplay(deps, { recent: 1 })).resolves.toBeUndefined();
  });
});

describe('replay: the entries one request sends', () => {
  it(`sends the newest ${MAX_REPLAYED_PER_REQUEST} when more are in the window, and reports the older ones missed`, async () => {
    // Prepare: 0–204 in the window, the listener has 0.
    const deps = await sessionWithListener();
    const numbers = Array.from({ length: MAX_REPLAYED_PER_REQUEST + 5 }, (_, i) => i);
    await recordUtterances(deps, numbers, { parts: 1 });

    // Act
    await askReplay(deps, { afterSequenceNumber: 0 });

    // Assess: with their audio.
    const sent = received(deps);
    expect(sent).toHaveLength(MAX_REPLAYED_PER_REQUEST + 1);
    expect(sent[0]).toBe('audio 5.0');
    expect(sent.at(-2)).toBe(`audio ${MAX_REPLAYED_PER_REQUEST + 4}.0`);
    expect(completion(deps)).toMatchObject({
      replayed: MAX_REPLAYED_PER_REQUEST,
      lastSequenceNumber: MAX_REPLAYED_PER_REQUEST + 4,
      missed: { fromSequenceNumber: 1, toSequenceNumber: 4 },
    });
  });

  it(`sends the newest ${MAX_REPLAYED_PER_REQUEST} too when the client's own last one has left the window`, async () => {
    // Prepare: 1–205 in the window; 0, the client's last, is not.
    const deps = await sessionWithListener();
    await recordUtterances(deps, [0], { parts: 0 });
    deps.clock.advance(deps.replay.windowMs + 1);
    const numbers = Array.from({ length: MAX_REPLAYED_PER_REQUEST + 5 }, (_, i) => i + 1);
    await recordUtterances(deps, numbers, { parts: 0 });

    // Act
    await askReplay(deps, { afterSequenceNumber: 0 });

    // Assess
    expect(received(deps)[0]).toBe('caption 6');
    expect(completion(deps)).toMatchObject({
      replayed: MAX_REPLAYED_PER_REQUEST,
      missed: { fromSequenceNumber: 1, toSequenceNumber: 5 },
    });
  });

  it(`sends exactly ${MAX_REPLAYED_PER_REQUEST} without reporting anything missed`, async () => {
    // Prepare
    const deps = await sessionWithListener();
    const numbers = Array.from({ length: MAX_REPLAYED_PER_REQUEST + 1 }, (_, i) => i);
    await recordUtterances(deps, numbers, { parts: 0 });

    // Act
    await askReplay(deps, { afterSequenceNumber: 0 });

    // Assess
    expect(completion(deps)).toMatchObject({ replayed: MAX_REPLAYED_PER_REQUEST });
    expect(completion(deps)).not.toHaveProperty('missed');
  });
});
