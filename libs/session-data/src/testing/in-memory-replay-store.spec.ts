import { InMemoryReplayStore } from './in-memory-replay-store';
import { behavesLikeAReplayStore, replayEntry } from './replay-stores.spec-helper';

describe('InMemoryReplayStore', () => {
  behavesLikeAReplayStore(async () => new InMemoryReplayStore());

  it('takes another window', async () => {
    // Prepare
    const store = new InMemoryReplayStore({ windowMs: 1_000 });
    await store.record(replayEntry('s', 1, 0), 0);

    // Act
    const read = await store.after('s', 'es', 0, 1_001, 10);

    // Assess
    expect(store.windowMs).toBe(1_000);
    expect(read).toEqual({ entries: [], lastSequenceNumber: 1, firstSequenceNumber: 1 });
  });

  it('lists what was recorded, for the services tests', async () => {
    // Prepare
    const store = new InMemoryReplayStore();

    // Act
    await store.record(replayEntry('s', 1, 0), 0);
    await store.record(replayEntry('s', 1, 0), 0);

    // Assess
    expect(store.recorded).toEqual([replayEntry('s', 1, 0)]);
  });

  it('returns nothing for a count of 0', async () => {
    const store = new InMemoryReplayStore();
    await store.record(replayEntry('s', 1, 0), 0);
    expect(await store.recent('s', 'es', 0, 0)).toEqual([]);
  });
});
