import {
  connectionRow,
  createTestDeps,
  seedActiveSession,
  seedListeners,
  seedSpeaker,
  SESSION_ID,
} from '../../testing/fakes';
import type { TestDeps } from '../../testing/fakes';
import { unregisterConnection } from './disconnect';

async function listenerCount(deps: TestDeps): Promise<number | undefined> {
  return (await deps.store.getSession(SESSION_ID, deps.clock.now()))?.listenerCount;
}

describe('unregisterConnection', () => {
  it('removes a listener and decrements the count', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'listener-1': 'es', 'listener-2': 'fr' });

    // Act
    const removed = await unregisterConnection(deps, 'listener-1', 'req-1');

    // Assess
    expect(removed?.connectionId).toBe('listener-1');
    expect(await listenerCount(deps)).toBe(1);
    expect(await deps.store.getConnection('listener-1', deps.clock.now())).toBeUndefined();
  });

  it('decrements the count once when the same disconnect is delivered twice', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'listener-1': 'es', 'listener-2': 'fr' });

    // Act
    const first = await unregisterConnection(deps, 'listener-1', 'req-1');
    const second = await unregisterConnection(deps, 'listener-1', 'req-1');

    // Assess
    expect(first?.connectionId).toBe('listener-1');
    expect(second).toBeUndefined();
    expect(await listenerCount(deps)).toBe(1);
  });

  it('decrements the count once when duplicate disconnects run concurrently', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'listener-1': 'es', 'listener-2': 'fr' });

    // Act
    const removals = await Promise.all(
      [1, 2, 3].map(() => unregisterConnection(deps, 'listener-1', 'req-1')),
    );

    // Assess
    expect(removals.filter((removed) => removed !== undefined)).toHaveLength(1);
    expect(await listenerCount(deps)).toBe(1);
  });

  it('never takes the count below zero', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    deps.store.seedConnection(connectionRow(deps, { connectionId: 'orphan', role: 'listener' }));

    // Act
    await unregisterConnection(deps, 'orphan', 'req-1');

    // Assess
    expect(await listenerCount(deps)).toBe(0);
    expect(await deps.store.getConnection('orphan', deps.clock.now())).toBeUndefined();
  });

  it('closes the utterance in progress when the speaker leaves, keeping the session open', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedSpeaker(deps, 'speaker-conn');

    // Act
    await unregisterConnection(deps, 'speaker-conn', 'req-9');

    // Assess
    expect(deps.audio.flushes).toEqual([
      {
        sessionId: SESSION_ID,
        sourceLanguage: 'en',
        speakerConnectionId: 'speaker-conn',
        requestId: 'req-9',
      },
    ]);
    const session = await deps.store.getSession(SESSION_ID, deps.clock.now());
    expect(session?.status).toBe('active');
    expect(session?.speakerConnectionId).toBeUndefined();
  });

  it('flushes the audio once when the speaker disconnect is delivered twice', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedSpeaker(deps, 'speaker-conn');

    // Act
    await unregisterConnection(deps, 'speaker-conn', 'req-9');
    await unregisterConnection(deps, 'speaker-conn', 'req-9');

    // Assess
    expect(deps.audio.flushes).toHaveLength(1);
  });

  it('does not flush when a listener leaves', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'listener-1': 'es' });

    // Act
    await unregisterConnection(deps, 'listener-1', 'req-1');

    // Assess
    expect(deps.audio.flushes).toEqual([]);
  });

  it('forgets the speaker row without flushing when the session no longer exists', async () => {
    // Prepare
    const deps = createTestDeps();
    deps.store.seedConnection(connectionRow(deps, { connectionId: 'speaker-conn', role: 'speaker' }));

    // Act
    const removed = await unregisterConnection(deps, 'speaker-conn', 'req-1');

    // Assess
    expect(removed?.role).toBe('speaker');
    expect(deps.audio.flushes).toEqual([]);
  });
});
