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

describe('ListenerClient: replay of what it missed', () => {
  let timers: ManualTimers;

  beforeEach(() => {
    timers = new ManualTimers();
  });

  afterEach(() => {
    FakeWebSocket.instances = [];
  });

  it('asks nothing on the first join, and after a reconnect asks for what came after the last utterance', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);
    socket.receive(audioPart(0));
    socket.receive(audioPart(1));

    // Act
    const again = await reconnect(timers, socket);

    // Assess
    expect(socket.sentActions('replay')).toEqual([]);
    expect(again.sentActions('replay')).toEqual([
      { action: 'replay', afterSequenceNumber: 1, requestId: expect.any(String) },
    ]);
    expect(client.deliveredUpTo).toBe(1);
  });

  it("asks from the session's first utterance after a reconnect when nothing was delivered yet", async () => {
    // Issue 14: a listener greeted before anything was said, dropped before its first utterance.
    const client = listener(timers);
    const again = await reconnect(timers, await joined(client));
    expect(again.sentActions('replay')).toEqual([
      { action: 'replay', afterSequenceNumber: -1, requestId: expect.any(String) },
    ]);
  });

  it('holds live utterances until replayComplete, then delivers replayed and live in order, each once', async () => {
    // Prepare: 0 heard, then a drop while 1 and 2 were said
    const client = listener(timers);
    const socket = await joined(client);
    socket.receive(audioPart(0));
    const seen = record(client);
    const completes: number[] = [];
    client.on('replayComplete', (message) => completes.push(message.replayed));
    const again = await reconnect(timers, socket);

    // Act: live 3 arrives before the replay of 1 and 2; the replay repeats 0 and 3's first part
    again.receive(audioPart(3, 0, 2));
    again.receive(audioPart(1));
    again.receive(audioPart(0));
    again.receive(audioPart(2, 1, 2));
    again.receive(audioPart(2, 0, 2));
    again.receive(audioPart(3, 0, 2));
    const whileReplaying = [...seen];
    again.receive(replayComplete(again, { replayed: 3, lastSequenceNumber: 3 }));
    again.receive(audioPart(3, 1, 2));
    again.receive(audioPart(4));

    // Assess
    expect(whileReplaying).toEqual([]);
    expect(seen).toEqual([
      'caption:1',
      'audio:1',
      'caption:2',
      'audio:2',
      'caption:3',
      'audio:3',
      'caption:4',
      'audio:4',
    ]);
    expect(completes).toEqual([3]);
    expect(client.deliveredUpTo).toBe(4);
  });

  it('delivers what it holds after replayTimeoutMs when the answer never comes, and a late answer still reports the missed', async () => {
    // Prepare
    const client = listener(timers, { replayTimeoutMs: 2_000 });
    const socket = await joined(client);
    socket.receive(caption(5));
    const seen = record(client);
    const again = await reconnect(timers, socket);
    again.receive(caption(9));
    again.receive(caption(8));

    // Act
    timers.advance(1_999);
    const beforeTheTimeout = [...seen];
    timers.advance(1);
    again.receive(
      replayComplete(again, {
        replayed: 0,
        lastSequenceNumber: 9,
        missed: { fromSequenceNumber: 6, toSequenceNumber: 7 },
      }),
    );

    // Assess
    expect(beforeTheTimeout).toEqual([]);
    expect(seen).toEqual(['caption:8', 'caption:9', 'missed:6-7×2']);
  });

  it('reports utterances that left the window as utterancesMissed, with the window', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);
    socket.receive(caption(0));
    const missed: unknown[] = [];
    client.on('utterancesMissed', (m) => missed.push(m));
    const again = await reconnect(timers, socket);

    // Act: 1–40 are gone, 41 is replayed
    again.receive(caption(41));
    again.receive(
      replayComplete(again, {
        replayed: 1,
        lastSequenceNumber: 41,
        missed: { fromSequenceNumber: 1, toSequenceNumber: 40 },
        windowMs: 120_000,
      }),
    );

    // Assess
    expect(missed).toEqual([{ fromSequenceNumber: 1, toSequenceNumber: 40, count: 40, windowMs: 120_000 }]);
    expect(client.deliveredUpTo).toBe(41);
  });

  it('asks for a live hole that stays open for gapTimeoutMs, and not for one that closes in time', async () => {
    // Prepare
    const client = listener(timers, { gapTimeoutMs: 3_000 });
    const socket = await joined(client);
    const seen = record(client);

    // Act: 2 comes late but in time; 4 never comes
    socket.receive(caption(0));
    socket.receive(caption(1));
    socket.receive(caption(3));
    timers.advance(2_000);
    socket.receive(caption(2));
    socket.receive(caption(5));
    timers.advance(2_999);
    const beforeTheTimeout = socket.sentActions('replay').length;
    timers.advance(1);
    const asked = socket.sentActions('replay');
    socket.receive(caption(4));
    socket.receive(caption(6)); // live, held until the answer
    socket.receive(caption(5));
    socket.receive(replayComplete(socket, { replayed: 2, lastSequenceNumber: 6 }));

    // Assess
    expect(beforeTheTimeout).toBe(0);
    expect(asked).toEqual([{ action: 'replay', afterSequenceNumber: 3, requestId: expect.any(String) }]);
    expect(seen).toEqual([
      'caption:0',
      'caption:1',
      'caption:3',
      'caption:2',
      'caption:5',
      'caption:4',
      'caption:6',
    ]);
    expect(client.deliveredUpTo).toBe(6);
  });

  it('gives up on a hole the replay could not fill (an empty utterance), and asks no more for it', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);
    socket.receive(caption(0));
    socket.receive(caption(2));
    timers.advance(3_000);

    // Act: nothing recorded for 1
    socket.receive(replayComplete(socket, { replayed: 0, lastSequenceNumber: 2 }));
    socket.receive(caption(3));
    timers.advance(10_000);

    // Assess
    expect(socket.sentActions('replay')).toHaveLength(1);
    expect(client.deliveredUpTo).toBe(3);
  });

  it('asks a late joiner history of recent captions, delivered before live ones; a reconnect asks after them', async () => {
    // Prepare
    const client = listener(timers);
    const seen = record(client);
    const joining = client.join('golden-eagle-427', 'es', { history: 3 });
    await flushPromises();
    const socket = FakeWebSocket.latest();
    socket.accept();
    socket.receive(JOINED);
    await joining;

    // Act: live 12 comes before the history 9–11 is over; 12 is the newest recorded
    socket.receive(audioPart(12));
    for (const n of [9, 10, 11]) socket.receive(caption(n));
    socket.receive(replayComplete(socket, { replayed: 3, lastSequenceNumber: 12 }));
    const again = await reconnect(timers, socket);

    // Assess
    expect(socket.sentActions('replay')).toEqual([
      { action: 'replay', recent: 3, requestId: expect.any(String) },
    ]);
    expect(seen).toEqual(['caption:9', 'caption:10', 'caption:11', 'caption:12', 'audio:12']);
    expect(again.sentActions('replay')).toEqual([
      { action: 'replay', afterSequenceNumber: 12, requestId: expect.any(String) },
    ]);
  });

  it.each([0, 21, 1.5, Number.NaN])('refuses history %p without connecting', async (history) => {
    const client = listener(timers);
    await expect(client.join('golden-eagle-427', 'es', { history })).rejects.toMatchObject({
      name: 'LingoCastError',
      code: 'INVALID_PARAMETERS',
    });
    expect(FakeWebSocket.instances).toHaveLength(0);
  });
});
