import {
  connectionRow,
  createTestDeps,
  seedActiveSession,
  seedListeners,
  seedSpeaker,
  SESSION_ID,
} from '../../testing/fakes';
import { greetConnection, greetWhenOpen } from './greet';

describe('greetConnection', () => {
  it('sends sessionJoined with the session state to a listener', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'listener-1': 'fr' });

    // Act
    const greeted = await greetConnection(deps, 'listener-1', 'req-1');

    // Assess
    expect(greeted).toBe(true);
    expect(deps.gateway.messagesTo('listener-1')).toEqual([
      {
        type: 'sessionJoined',
        timestamp: deps.clock.now(),
        requestId: 'req-1',
        sessionId: SESSION_ID,
        role: 'listener',
        connectionId: 'listener-1',
        sourceLanguage: 'en',
        targetLanguage: 'fr',
        status: 'active',
        broadcastState: { paused: false, muted: false, volume: 1 },
        listenerCount: 1,
        captionsOnly: false,
        liveCaptions: false,
      },
    ]);
  });

  it("notes a greeted listener's language as heard, for the replay window", async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'listener-1': 'fr' });
    await seedSpeaker(deps, 'speaker-conn');

    // Act
    await greetConnection(deps, 'listener-1', 'req-1');
    await greetConnection(deps, 'speaker-conn', 'req-2');

    // Assess: a listener who drops before the next utterance still gets French translated meanwhile
    expect(await deps.replay.recentLanguages(SESSION_ID, deps.clock.now())).toEqual(['fr']);
  });

  it('still greets when the language cannot be noted, and says so in the log', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'listener-1': 'fr' });
    const warnings: unknown[] = [];
    deps.replay.noteLanguages = () => Promise.reject(new Error('throttled'));
    deps.logger = { ...deps.logger, warn: (...args: unknown[]) => warnings.push(args) } as typeof deps.logger;

    // Act
    const greeted = await greetConnection(deps, 'listener-1', 'req-1');

    // Assess
    expect(greeted).toBe(true);
    expect(deps.gateway.messagesTo('listener-1')).toHaveLength(1);
    expect(warnings).toEqual([
      [expect.objectContaining({ language: 'fr' }), 'could not note the language for replay'],
    ]);
  });

  it("tells a listener the session's newest utterance number, the one to replay after if it drops", async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'listener-1': 'fr' });
    await deps.replay.noteUtterance(SESSION_ID, 0, deps.clock.now());
    await deps.replay.noteUtterance(SESSION_ID, 12, deps.clock.now());

    // Act
    await greetConnection(deps, 'listener-1', 'req-1');

    // Assess
    const [joined] = deps.gateway.messagesTo('listener-1');
    expect(joined).toMatchObject({ type: 'sessionJoined', role: 'listener', lastSequenceNumber: 12 });
  });

  it('tells the number 0 too, and no number before anything was said', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'listener-1': 'fr', 'listener-2': 'es' });

    // Act
    await greetConnection(deps, 'listener-1', 'req-1');
    await deps.replay.noteUtterance(SESSION_ID, 0, deps.clock.now());
    await greetConnection(deps, 'listener-2', 'req-2');

    // Assess
    expect(deps.gateway.messagesTo('listener-1')[0]).not.toHaveProperty('lastSequenceNumber');
    expect(deps.gateway.messagesTo('listener-2')[0]).toMatchObject({ lastSequenceNumber: 0 });
  });

  it('reads the newest utterance beside the session, not after it', async () => {
    // Prepare: the session read waits until the newest utterance has been asked for
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'listener-1': 'fr' });
    await deps.replay.noteUtterance(SESSION_ID, 3, deps.clock.now());
    let asked!: () => void;
    const newestAsked = new Promise<void>((resolve) => (asked = resolve));
    const newest = deps.replay.newestUtterance.bind(deps.replay);
    jest.spyOn(deps.replay, 'newestUtterance').mockImplementation((...args) => {
      asked();
      return newest(...args);
    });
    const getSession = deps.store.getSession.bind(deps.store);
    jest.spyOn(deps.store, 'getSession').mockImplementation(async (...args) => {
      await newestAsked;
      return getSession(...args);
    });

    // Act
    const greeted = await greetConnection(deps, 'listener-1', 'req-1');

    // Assess
    expect(greeted).toBe(true);
    expect(deps.gateway.messagesTo('listener-1')[0]).toMatchObject({ lastSequenceNumber: 3 });
  });

  it('greets a listener without the number when it cannot be read, and says so in the log', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'listener-1': 'fr' });
    const warnings: unknown[] = [];
    deps.replay.newestUtterance = () => Promise.reject(new Error('throttled'));
    deps.logger = { ...deps.logger, warn: (...args: unknown[]) => warnings.push(args) } as typeof deps.logger;

    // Act
    const greeted = await greetConnection(deps, 'listener-1', 'req-1');

    // Assess
    expect(greeted).toBe(true);
    const [joined] = deps.gateway.messagesTo('listener-1');
    expect(joined).toMatchObject({ type: 'sessionJoined', targetLanguage: 'fr' });
    expect(joined).not.toHaveProperty('lastSequenceNumber');
    expect(warnings).toEqual([
      [
        expect.objectContaining({ sessionId: SESSION_ID }),
        "could not read the session's newest utterance for the greeting",
      ],
    ]);
  });

  it('tells the speaker no utterance number, and reads none for it', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedSpeaker(deps, 'speaker-conn');
    await deps.replay.noteUtterance(SESSION_ID, 7, deps.clock.now());
    const reads = jest.spyOn(deps.replay, 'newestUtterance');

    // Act
    await greetConnection(deps, 'speaker-conn', 'req-1');

    // Assess
    expect(deps.gateway.messagesTo('speaker-conn')[0]).not.toHaveProperty('lastSequenceNumber');
    expect(reads).not.toHaveBeenCalled();
  });

  it('greets the speaker without a target language', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedSpeaker(deps, 'speaker-conn');

    // Act
    await greetConnection(deps, 'speaker-conn', 'req-1');

    // Assess
    const [joined] = deps.gateway.messagesTo('speaker-conn');
    expect(joined).toMatchObject({ type: 'sessionJoined', role: 'speaker' });
    expect(joined).not.toHaveProperty('targetLanguage');
    expect(joined).not.toHaveProperty('captionsOnly');
  });

  it('answers false when the connection is not registered', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);

    // Act
    const greeted = await greetConnection(deps, 'unknown', 'req-1');

    // Assess
    expect(greeted).toBe(false);
    expect(deps.gateway.sent).toEqual([]);
  });

  it('answers false when the session is gone', async () => {
    // Prepare
    const deps = createTestDeps();
    deps.store.seedConnection(connectionRow(deps, { connectionId: 'listener-1', role: 'listener' }));

    // Act
    const greeted = await greetConnection(deps, 'listener-1', 'req-1');

    // Assess
    expect(greeted).toBe(false);
  });

  it('answers false when the connection is already gone at the gateway', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'listener-1': 'es' });
    deps.gateway.gone.add('listener-1');

    // Act
    const greeted = await greetConnection(deps, 'listener-1', 'req-1');

    // Assess
    expect(greeted).toBe(false);
  });
});

describe('greetWhenOpen', () => {
  it('tries until the deadline on the injected clock, then gives up', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es' });
    deps.gateway.gone.add('l-1');
    const started = deps.clock.now();

    // Act
    const greeted = await greetWhenOpen(deps, 'l-1', 'req-1', { deadlineMs: 1_000, retryMs: 250 });

    // Assess
    expect(greeted).toBe(false);
    expect(deps.clock.now() - started).toBe(1_000);
    expect(deps.gateway.sent).toEqual([]);
  });

  it('tries again after a post that failed, and reports the failure only if it never got through', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es', 'l-2': 'es' });
    const send = deps.gateway.send.bind(deps.gateway);
    let failuresLeft = 2;
    jest.spyOn(deps.gateway, 'send').mockImplementation(async (connectionId, message) => {
      if (connectionId === 'l-2' || failuresLeft-- > 0)
        throw Object.assign(new Error('timed out'), { name: 'TimeoutError' });
      return send(connectionId, message);
    });

    // Act
    const greeted = await greetWhenOpen(deps, 'l-1', 'req-1', { deadlineMs: 1_000, retryMs: 250 });
    const never = greetWhenOpen(deps, 'l-2', 'req-2', { deadlineMs: 1_000, retryMs: 250 });

    // Assess
    expect(greeted).toBe(true);
    expect(deps.gateway.recipientsOf('sessionJoined')).toEqual(['l-1']);
    await expect(never).rejects.toThrow('timed out');
  });

  it('greets as soon as the socket accepts messages', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es' });
    deps.gateway.gone.add('l-1');
    jest.spyOn(deps.clock, 'sleep').mockImplementation(async (ms) => {
      deps.clock.advance(ms);
      deps.gateway.gone.delete('l-1');
    });
    const started = deps.clock.now();

    // Act
    const greeted = await greetWhenOpen(deps, 'l-1', 'req-1', { deadlineMs: 1_000, retryMs: 250 });

    // Assess
    expect(greeted).toBe(true);
    expect(deps.clock.now() - started).toBe(250);
    expect(deps.gateway.recipientsOf('sessionJoined')).toEqual(['l-1']);
  });
});
