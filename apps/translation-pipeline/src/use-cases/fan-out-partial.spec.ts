import { HANDSHAKE_GRACE_MS } from '@lingocast/session-data';
import { createLogger } from '@lingocast/logging';
import { createTestDeps, partialEvent, seedListeners, seedSession, SESSION_ID } from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import { fanOutPartial } from './fan-out-partial';

// Live captions: the words heard so far reach the listeners who asked for them, in the source
// language, whatever language they listen in; nobody else pays a post for them.

let deps: TestDeps;

beforeEach(() => {
  deps = createTestDeps();
  seedSession(deps);
});

describe('fanOutPartial', () => {
  it('posts transcriptPartial to the listeners with live captions only, whatever their language or mode', async () => {
    // Prepare
    await seedListeners(
      deps,
      { 'es-live': 'es', 'es-plain': 'es', 'fr-live-quiet': 'fr', 'ca-plain': 'ca' },
      ['fr-live-quiet'],
      ['es-live', 'fr-live-quiet'],
    );
    const event = partialEvent(deps);

    // Act
    const report = await fanOutPartial(deps, event);

    // Assess
    const message = {
      type: 'transcriptPartial',
      timestamp: deps.clock.now(),
      sessionId: SESSION_ID,
      sequenceNumber: 4,
      sourceLanguage: 'en',
      text: 'Blessed are the',
    };
    expect(report).toEqual({ listeners: 2, gone: 0, failed: 0 });
    expect(deps.listeners.messagesTo('es-live')).toEqual([message]);
    expect(deps.listeners.messagesTo('fr-live-quiet')).toEqual([message]);
    expect(deps.listeners.messagesTo('es-plain')).toEqual([]);
    expect(deps.listeners.messagesTo('ca-plain')).toEqual([]);
    expect(deps.listeners.batches).toEqual([
      { connectionIds: ['es-live', 'fr-live-quiet'], types: ['transcriptPartial'] },
    ]);
  });

  it('posts a partial with no words yet (the recogniser heard speech but no word so far)', async () => {
    // Prepare
    await seedListeners(deps, { 'es-live': 'es' }, [], ['es-live']);

    // Act
    const report = await fanOutPartial(deps, partialEvent(deps, { text: '' }));

    // Assess
    expect(report).toEqual({ listeners: 1, gone: 0, failed: 0 });
    expect(deps.listeners.messagesTo('es-live')).toEqual([expect.objectContaining({ text: '' })]);
  });

  it('posts nothing, and says so, when nobody in the session asked for live captions', async () => {
    // Prepare
    await seedListeners(deps, { 'es-plain': 'es', 'fr-plain': 'fr' });

    // Act
    const report = await fanOutPartial(deps, partialEvent(deps));

    // Assess
    expect(report).toEqual({ listeners: 0, gone: 0, failed: 0, skipped: 'no-live-listeners' });
    expect(deps.listeners.batches).toEqual([]);
  });

  it('removes the connections that are gone, as the utterance fan-out does, and still reaches the others', async () => {
    // Prepare
    await seedListeners(deps, { 'es-live': 'es', 'es-gone': 'es' }, [], ['es-live', 'es-gone']);
    deps.listeners.gone.add('es-gone');
    deps.clock.advance(HANDSHAKE_GRACE_MS);

    // Act
    const report = await fanOutPartial(deps, partialEvent(deps));

    // Assess
    expect(report).toEqual({ listeners: 2, gone: 1, failed: 0 });
    expect(deps.sessions.peekConnection('es-gone')).toBeUndefined();
    expect(deps.sessions.peekSession(SESSION_ID)?.listenerCount).toBe(1);
    expect(deps.listeners.messagesTo('es-live')).toHaveLength(1);
  });

  it('still reports the partial when a gone connection cannot be removed (a later fan-out or the sweeper will)', async () => {
    // Prepare
    await seedListeners(deps, { 'es-live': 'es', 'es-gone': 'es' }, [], ['es-live', 'es-gone']);
    deps.listeners.gone.add('es-gone');
    jest.spyOn(deps.sessions, 'removeGoneConnection').mockRejectedValue(new Error('throttled'));

    // Act
    const report = await fanOutPartial(deps, partialEvent(deps));

    // Assess
    expect(report).toEqual({ listeners: 2, gone: 1, failed: 0 });
    expect(deps.listeners.messagesTo('es-live')).toHaveLength(1);
  });

  it('keeps a connection still in its $connect that answered 410', async () => {
    // Prepare
    await seedListeners(deps, { 'es-opening': 'es' }, [], ['es-opening']);
    deps.listeners.gone.add('es-opening');

    // Act
    const report = await fanOutPartial(deps, partialEvent(deps));

    // Assess
    expect(report).toMatchObject({ listeners: 1, gone: 1 });
    expect(deps.sessions.peekConnection('es-opening')).toBeDefined();
  });

  it('counts and logs the posts that failed, without retrying them', async () => {
    // Prepare
    const warn = jest.fn();
    const logger = Object.assign(createLogger('test', 'silent'), { warn });
    await seedListeners(deps, { 'es-live': 'es' }, [], ['es-live']);
    jest.spyOn(deps.listeners, 'sendAll').mockResolvedValue({ gone: [], failed: 1 });

    // Act
    const report = await fanOutPartial({ ...deps, logger }, partialEvent(deps));

    // Assess
    expect(report).toEqual({ listeners: 1, gone: 0, failed: 1 });
    expect(deps.listeners.sendAll).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith({ utterance: 4, failed: 1 }, 'partial not delivered to some');
  });

  it.each([
    ['the listeners cannot be read', (d: TestDeps) => jest.spyOn(d.sessions, 'listListeners')],
    ['the posts fail', (d: TestDeps) => jest.spyOn(d.listeners, 'sendAll')],
  ])('never throws when %s: it reports why and logs it', async (_what, spyOn) => {
    // Prepare
    const warn = jest.fn();
    const logger = Object.assign(createLogger('test', 'silent'), { warn });
    await seedListeners(deps, { 'es-live': 'es' }, [], ['es-live']);
    spyOn(deps).mockRejectedValue(new Error('throttled'));

    // Act
    const report = await fanOutPartial({ ...deps, logger }, partialEvent(deps));

    // Assess
    expect(report).toMatchObject({ error: 'throttled', gone: 0, failed: 0 });
    expect(deps.listeners.messagesTo('es-live')).toEqual([]);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ utterance: 4 }), 'partial not delivered');
  });
});
