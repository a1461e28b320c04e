import { FakeWebSocket } from './testing/fake-websocket';
import {
  JOINED,
  audioPart,
  caption,
  joined,
  listener,
  record,
  reconnect,
  replayComplete,
} from './testing/listener-harness';
import { ManualTimers, flushPromises } from './testing/manual-timers';

describe('ListenerClient: replay around refreshes, language changes and failures', () => {
  let timers: ManualTimers;

  beforeEach(() => {
    timers = new ManualTimers();
  });

  afterEach(() => {
    FakeWebSocket.instances = [];
  });

  it('asks nothing after a refresh (the switch loses nothing), delivers what both sockets brought once, and a hole left by it is still asked for', async () => {
    // Prepare
    const client = listener(timers, { refreshSpreadMs: 0 });
    const old = await joined(client);
    const seen = record(client);
    old.receive(audioPart(0));
    old.receive({
      type: 'connectionRefreshRequired',
      timestamp: 2,
      sessionId: 'golden-eagle-427',
      role: 'listener',
      connectionId: 'c-1',
    });
    await flushPromises();
    const fresh = FakeWebSocket.latest();
    fresh.accept();
    await flushPromises();

    // Act: 1 comes on both sockets around the switch
    old.receive(audioPart(1));
    fresh.receive({ ...JOINED, connectionId: 'c-2' });
    fresh.receive({
      type: 'connectionRefreshComplete',
      timestamp: 3,
      sessionId: 'golden-eagle-427',
      role: 'listener',
      connectionId: 'c-2',
    });
    fresh.receive(audioPart(1));
    const askedAtTheSwitch = fresh.sentActions('replay');
    // 2 never comes; 3 does: the hole is asked for after the gap timeout, as on any socket
    fresh.receive(audioPart(3));
    timers.advance(3_000);

    // Assess
    expect(fresh).not.toBe(old);
    expect(old.sentActions('replay')).toEqual([]);
    expect(askedAtTheSwitch).toEqual([]);
    expect(fresh.sentActions('replay')).toEqual([
      { action: 'replay', afterSequenceNumber: 1, requestId: expect.any(String) },
    ]);
    expect(seen).toEqual(['caption:0', 'audio:0', 'caption:1', 'audio:1', 'caption:3', 'audio:3']);
  });

  it('completes an utterance whose audio the drop cut short from the replay, its caption once', async () => {
    // Prepare: 0 whole; 1's first part of two, then the drop
    const client = listener(timers);
    const socket = await joined(client);
    const seen = record(client);
    socket.receive(audioPart(0));
    socket.receive(audioPart(1, 0, 2));

    // Act
    const again = await reconnect(timers, socket);
    again.receive(audioPart(1, 0, 2));
    again.receive(audioPart(1, 1, 2));
    again.receive(replayComplete(again, { replayed: 1, lastSequenceNumber: 1 }));

    // Assess: the replay starts after 0, the last utterance delivered whole
    expect(again.sentActions('replay')[0]).toMatchObject({ afterSequenceNumber: 0 });
    expect(seen).toEqual(['caption:0', 'audio:0', 'caption:1', 'audio:1']);
  });

  it('replays nothing of the new language when the language changes, and asks in it after a drop', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);
    socket.receive(caption(0));
    socket.receive(caption(2)); // 1 missing: a hole

    // Act
    const changing = client.changeLanguage('ca');
    socket.receive({
      type: 'languageChanged',
      timestamp: 4,
      sessionId: 'golden-eagle-427',
      targetLanguage: 'ca',
      requestId: socket.sentActions('changeLanguage')[0]?.['requestId'],
    });
    await changing;
    timers.advance(10_000);
    const afterTheChange = socket.sentActions('replay');
    socket.receive({ ...caption(3), targetLanguage: 'ca' });
    const again = await reconnect(timers, socket);

    // Assess: the hole in Spanish is given up; the re-join asks in Catalan after 3
    expect(afterTheChange).toEqual([]);
    expect(new URL(again.url).searchParams.get('targetLanguage')).toBe('ca');
    expect(again.sentActions('replay')).toEqual([
      { action: 'replay', afterSequenceNumber: 3, requestId: expect.any(String) },
    ]);
  });

  it('delivers what it held at once when the server refuses the replay, and says so', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);
    socket.receive(caption(0));
    const seen = record(client);
    const errors: string[] = [];
    client.on('error', (error) => errors.push(`${error.code}:${error.action ?? ''}`));
    const again = await reconnect(timers, socket);
    again.receive(caption(4));

    // Act
    again.receive({
      type: 'error',
      timestamp: 6,
      code: 'SERVICE_UNAVAILABLE',
      message: 'try later',
      requestId: again.sentActions('replay')[0]?.['requestId'],
      action: 'replay',
    });

    // Assess
    expect(seen).toEqual(['caption:4']);
    expect(errors).toEqual(['SERVICE_UNAVAILABLE:replay']);
  });

  it('gives up on a hole whose replay is refused, so it does not ask again and again', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);
    socket.receive(caption(0));
    socket.receive(caption(2));
    timers.advance(3_000);

    // Act
    socket.receive({
      type: 'error',
      timestamp: 6,
      code: 'SESSION_ENDED',
      message: 'ended',
      requestId: socket.sentActions('replay')[0]?.['requestId'],
    });
    timers.advance(10_000);

    // Assess
    expect(socket.sentActions('replay')).toHaveLength(1);
    expect(client.deliveredUpTo).toBe(2);
  });

  it('gives up on a hole whose replay never answers, and asks for the next hole', async () => {
    // Prepare
    const client = listener(timers, { replayTimeoutMs: 1_000, gapTimeoutMs: 500 });
    const socket = await joined(client);
    socket.receive(caption(0));
    socket.receive(caption(2));
    timers.advance(500);

    // Act
    timers.advance(1_000);
    socket.receive(caption(4));
    timers.advance(500);

    // Assess
    expect(socket.sentActions('replay').map((r) => r['afterSequenceNumber'])).toEqual([0, 2]);
  });

  it('ignores a replayComplete it did not ask for, and reports a missed range once', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);
    socket.receive(caption(0));
    const seen = record(client);
    const again = await reconnect(timers, socket);
    const missed = { fromSequenceNumber: 1, toSequenceNumber: 3 };

    // Act: a stranger's answer, ours, then a second re-join whose answer overlaps
    again.receive(replayComplete(again, { requestId: 'someone-else', missed }));
    again.receive(caption(4));
    again.receive(replayComplete(again, { missed, lastSequenceNumber: 4 }));
    const third = await reconnect(timers, again);
    third.receive(replayComplete(third, { missed: { fromSequenceNumber: 1, toSequenceNumber: 3 } }));

    // Assess
    expect(seen).toEqual(['caption:4', 'missed:1-3×3']);
  });

  it('delivers in order what it holds when the hold is full, and everything after it as it comes', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);
    socket.receive(caption(0));
    const seen = record(client);
    const again = await reconnect(timers, socket);

    // Act: 2 049 parts of utterance 3000 (whole at part 63), then 2 and 1
    for (let part = 0; part < 2_049; part += 1) again.receive(audioPart(3_000, part % 64, 64));
    again.receive(caption(2));
    again.receive(caption(1));

    // Assess
    expect(seen).toEqual(['caption:3000', 'audio:3000', 'caption:2', 'caption:1']);
  });

  it('leaves no timer behind when closed while it holds live utterances and waits for a hole', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);
    socket.receive(caption(0));
    socket.receive(caption(2));
    const again = await reconnect(timers, socket);
    again.receive(caption(5));

    // Act
    client.close();

    // Assess
    expect(timers.pending).toBe(0);
  });

  it('forgets what it delivered when it joins another session', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);
    socket.receive(caption(7));

    // Act
    const joining = client.join('silver-fox-128', 'es');
    await flushPromises();
    const other = FakeWebSocket.latest();
    other.accept();
    other.receive({ ...JOINED, sessionId: 'silver-fox-128' });
    await joining;

    // Assess
    expect(client.deliveredUpTo).toBeUndefined();
    expect(other.sentActions('replay')).toEqual([]);
  });

  it('asks again when joined to the same session again (after giving up reconnecting)', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);
    socket.receive(caption(7));

    // Act
    const again = await joined(client);

    // Assess
    expect(again).not.toBe(socket);
    expect(again.sentActions('replay')).toEqual([
      { action: 'replay', afterSequenceNumber: 7, requestId: expect.any(String) },
    ]);
  });

  it('keeps holding while a long replay is still streaming in, and delivers it in order on replayComplete', async () => {
    // Prepare
    const client = listener(timers, { replayTimeoutMs: 2_000 });
    const socket = await joined(client);
    socket.receive(caption(0));
    const seen = record(client);
    const again = await reconnect(timers, socket);

    // Act: a live 9 first, then the replay of 1…8 one every 800 ms (6.4 s, past the 2 s timeout)
    again.receive(caption(9));
    const whileStreaming: string[][] = [];
    for (let n = 1; n <= 8; n += 1) {
      timers.advance(800);
      again.receive(caption(n));
      whileStreaming.push([...seen]);
    }
    again.receive(replayComplete(again, { replayed: 8, lastSequenceNumber: 9 }));

    // Assess
    expect(whileStreaming).toEqual(Array.from({ length: 8 }, () => []));
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `caption:${n}`));
  });

  it('stops holding at six timeouts even while messages keep coming', async () => {
    // Prepare
    const client = listener(timers, { replayTimeoutMs: 1_000 });
    const socket = await joined(client);
    socket.receive(caption(0));
    const seen = record(client);
    const again = await reconnect(timers, socket);

    // Act: a message every 500 ms, never a replayComplete
    const deliveredAt: number[] = [];
    for (let n = 1; n <= 14; n += 1) {
      again.receive(caption(n));
      timers.advance(500);
      deliveredAt.push(seen.length);
    }

    // Assess: nothing before 6 s, everything held by then delivered at 6 s, later ones live
    expect(deliveredAt.slice(0, 11).every((count) => count === 0)).toBe(true);
    expect(deliveredAt[11]).toBe(12);
    expect(seen).toEqual(Array.from({ length: 14 }, (_, i) => `caption:${i + 1}`));
  });
});
