import type { ServerMessage } from '@lingocast/contract';
import { HANDSHAKE_GRACE_MS } from '@lingocast/session-data';
import type { Connection } from '@lingocast/session-data';
import {
  createTestDeps,
  RecordingListenerGateway,
  seedListeners,
  seedSession,
  SESSION_ID,
  transcribedEvent,
} from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import { FOLLOW_RETRY_DELAYS_MS } from './follow-refreshed';
import { translateUtterance } from './translate-utterance';

/**
 * Runs `refresh` once, when the first batch of `type` is sent: a listener switching connections at
 * that moment of the fan-out (the swap at the new socket's `$connect`, the old socket then gone).
 */
class RefreshDuringFanOut extends RecordingListenerGateway {
  private done = false;

  constructor(
    private readonly type: ServerMessage['type'],
    private readonly refresh: () => Promise<void>,
  ) {
    super();
  }

  override async sendAll(
    connectionIds: readonly string[],
    messages: readonly ServerMessage[],
  ): Promise<{ gone: string[]; failed: number }> {
    if (!this.done && messages[0]?.type === this.type) {
      this.done = true;
      await this.refresh();
    }
    return super.sendAll(connectionIds, messages);
  }
}

async function swap(deps: TestDeps, from: string, to: string, language?: string): Promise<void> {
  const previous = (await deps.sessions.getConnection(from, deps.clock.now())) as Connection;
  const nowMs = deps.clock.now();
  const replaced = await deps.sessions.replaceConnection(previous, {
    ...previous,
    connectionId: to,
    connectedAt: nowMs,
    lastSeenAt: nowMs,
    refreshedFrom: from,
    ...(language ? { targetLanguage: language } : {}),
  });
  if (!replaced) throw new Error(`could not swap ${from} for ${to}`);
  deps.listeners.gone.add(from);
}

function typesReceivedBy(deps: TestDeps, connectionId: string): ServerMessage['type'][] {
  return deps.listeners.messagesTo(connectionId).map((message) => message.type);
}

async function sessionWithListeners(deps: TestDeps, listeners: Record<string, string>): Promise<void> {
  seedSession(deps);
  await seedListeners(deps, listeners);
  deps.clock.advance(HANDSHAKE_GRACE_MS + 1);
}

/** 'es-1' refreshes onto 'es-1-new' as the utterance goes out; 'es-1-new' answers 410 (still opening). */
async function refreshIntoHandshake(): Promise<TestDeps> {
  const deps: TestDeps = createTestDeps({
    listeners: new RefreshDuringFanOut('translatedAudio', async () => {
      await swap(deps, 'es-1', 'es-1-new');
      deps.listeners.gone.add('es-1-new');
    }),
  });
  await sessionWithListeners(deps, { 'es-1': 'es' });
  return deps;
}

describe('a listener refreshing its connection during the fan-out', () => {
  it('gets the whole utterance on the new connection when it switched as the utterance went out', async () => {
    // Prepare
    const deps: TestDeps = createTestDeps({
      listeners: new RefreshDuringFanOut('translatedAudio', () => swap(deps, 'es-2', 'es-2-new')),
    });
    await sessionWithListeners(deps, { 'es-1': 'es', 'es-2': 'es' });

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(typesReceivedBy(deps, 'es-2-new')).toEqual(['translatedAudio']);
    expect(typesReceivedBy(deps, 'es-1')).toEqual(['translatedAudio']);
    expect(report.languages[0]).toMatchObject({ gone: 1, followed: 1, ok: true });
    expect((await deps.sessions.getSession(SESSION_ID, deps.clock.now()))?.listenerCount).toBe(2);
  });

  it('gets the audio again without a separate caption, since the caption rides in the audio', async () => {
    // Prepare
    const deps: TestDeps = createTestDeps({
      listeners: new RefreshDuringFanOut('translatedAudio', () => swap(deps, 'es-1', 'es-1-new')),
    });
    await sessionWithListeners(deps, { 'es-1': 'es' });

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess: nothing reached the old connection; the new one gets the audio with its caption, once
    expect(typesReceivedBy(deps, 'es-1')).toEqual([]);
    expect(deps.listeners.messagesTo('es-1-new')).toEqual([
      expect.objectContaining({ type: 'translatedAudio', sourceText: 'Blessed are the peacemakers' }),
    ]);
    expect(report.languages[0]).toMatchObject({ gone: 1, followed: 1 });
  });

  it('tries a new connection still in its handshake again after a short wait', async () => {
    // Prepare: the new connection answers 410 until its `$connect` returns, 150 ms on
    const deps = await refreshIntoHandshake();
    const sleep = jest.spyOn(deps.clock, 'sleep').mockImplementation(async (ms) => {
      deps.clock.advance(ms);
      deps.listeners.gone.delete('es-1-new');
    });

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(sleep.mock.calls).toEqual([[FOLLOW_RETRY_DELAYS_MS[1]]]);
    expect(typesReceivedBy(deps, 'es-1-new')).toEqual(['translatedAudio']);
    expect(report.languages[0]).toMatchObject({ followed: 1 });
  });

  it('gives up on a new connection that never opens, after a bounded number of tries', async () => {
    // Prepare
    const deps = await refreshIntoHandshake();
    const started = deps.clock.now();

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    const tries = deps.listeners.batches.filter((batch) => batch.connectionIds.includes('es-1-new'));
    expect(tries).toHaveLength(FOLLOW_RETRY_DELAYS_MS.length);
    expect(deps.clock.now() - started).toBe(FOLLOW_RETRY_DELAYS_MS.reduce((sum, ms) => sum + ms, 0));
    expect(report.languages[0]).toMatchObject({ ok: true, followed: 0 });
    // still in its handshake: kept, like any connection whose $connect is running
    expect(await deps.sessions.getConnection('es-1-new', deps.clock.now())).toMatchObject({
      refreshedFrom: 'es-1',
    });
  });

  it("does not follow a listener into another language's fan-out", async () => {
    // Prepare: the refresh also changed the language
    const deps: TestDeps = createTestDeps({
      listeners: new RefreshDuringFanOut('translatedAudio', () => swap(deps, 'es-1', 'fr-1-new', 'fr')),
    });
    await sessionWithListeners(deps, { 'es-1': 'es', 'es-2': 'es' });

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(typesReceivedBy(deps, 'fr-1-new')).toEqual([]);
    expect(report.languages[0]).toMatchObject({ language: 'es', gone: 1, followed: 0 });
  });

  it('looks once and sends nothing more when a gone listener simply left', async () => {
    // Prepare
    const deps = createTestDeps();
    await sessionWithListeners(deps, { 'es-1': 'es', 'es-2': 'es' });
    deps.listeners.gone.add('es-2');
    const listListeners = jest.spyOn(deps.sessions, 'listListeners');

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess: the utterance's own read, then one look for a replacement
    expect(listListeners).toHaveBeenCalledTimes(2);
    expect(deps.listeners.batches).toHaveLength(1); // the audio with its caption, nothing else
    expect(report.languages[0]).toMatchObject({ gone: 1, followed: 0 });
  });

  it('keeps the report of a language when looking for replacements fails', async () => {
    // Prepare
    const deps = createTestDeps();
    await sessionWithListeners(deps, { 'es-1': 'es', 'es-2': 'es' });
    deps.listeners.gone.add('es-2');
    const list = deps.sessions.listListeners.bind(deps.sessions);
    let reads = 0;
    jest.spyOn(deps.sessions, 'listListeners').mockImplementation(async (...args) => {
      reads += 1;
      if (reads > 1) throw new Error('throttled');
      return list(...args);
    });

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(report.languages[0]).toMatchObject({ ok: true, gone: 1, followed: 0 });
    expect(typesReceivedBy(deps, 'es-1')).toEqual(['translatedAudio']);
  });
});
