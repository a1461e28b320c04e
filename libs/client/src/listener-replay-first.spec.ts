import { FakeWebSocket } from './testing/fake-websocket';
import {
  JOINED,
  audioPart,
  caption,
  listener,
  reconnect,
  record,
  replayComplete,
} from './testing/listener-harness';
import type { ListenerClient } from './listener-client';
import { ManualTimers, flushPromises } from './testing/manual-timers';

// Issue 14: a listener greeted before anything was said (or before anything in its language) that
// drops before its first utterance asks for what was said since its greeting: after the greeting's
// `lastSequenceNumber`, or from the session's first utterance (-1) when the greeting named none.

/** Joins golden-eagle-427 and lets the server greet with these fields; returns the socket. */
async function joinedWith(
  client: ListenerClient,
  fields: Record<string, unknown>,
  options: { history?: number } = {},
): Promise<FakeWebSocket> {
  const joining = client.join('golden-eagle-427', 'es', options);
  await flushPromises();
  const socket = FakeWebSocket.latest();
  socket.accept();
  socket.receive({ ...JOINED, ...fields });
  await joining;
  return socket;
}

const replayAsked = (socket: FakeWebSocket) =>
  socket.sentActions('replay').map((request) => request['afterSequenceNumber'] ?? request['recent']);

describe('ListenerClient: replay before the first utterance', () => {
  let timers: ManualTimers;

  beforeEach(() => {
    timers = new ManualTimers();
  });

  afterEach(() => {
    FakeWebSocket.instances = [];
  });

  it("asks from the session's first utterance when greeted before anything was said, and delivers it all once", async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joinedWith(client, {});
    const seen = record(client);

    // Act: dropped before 0 arrived; live 2 comes before the replay of 0 and 1
    const again = await reconnect(timers, socket);
    again.receive(audioPart(2));
    again.receive(audioPart(0));
    again.receive(audioPart(1));
    again.receive(replayComplete(again, { replayed: 2, lastSequenceNumber: 2 }));

    // Assess
    expect(replayAsked(again)).toEqual([-1]);
    expect(seen).toEqual(['caption:0', 'audio:0', 'caption:1', 'audio:1', 'caption:2', 'audio:2']);
    expect(client.deliveredUpTo).toBe(2);
  });

  it("asks after the greeting's newest utterance number, the session's when it was greeted", async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joinedWith(client, { lastSequenceNumber: 41 });
    const seen = record(client);

    // Act
    const again = await reconnect(timers, socket);
    again.receive(caption(42));
    again.receive(replayComplete(again, { replayed: 1, lastSequenceNumber: 42 }));

    // Assess
    expect(client.deliveredUpTo).toBe(42);
    expect(replayAsked(again)).toEqual([41]);
    expect(seen).toEqual(['caption:42']);
  });

  it('starts the count at the number only on the first greeting of a join, not a re-join', async () => {
    // Prepare: greeted at 41, dropped; the re-join is greeted at 45 (42…45 were said meanwhile)
    const client = listener(timers);
    const socket = await joinedWith(client, { lastSequenceNumber: 41 });
    const again = await reconnect(timers, socket, { lastSequenceNumber: 45 });
    again.receive(replayComplete(again, { replayed: 0, lastSequenceNumber: 45 }));

    // Act
    const third = await reconnect(timers, again, { lastSequenceNumber: 46 });

    // Assess: nothing delivered yet, so each re-join still asks after 41
    expect(replayAsked(again)).toEqual([41]);
    expect(replayAsked(third)).toEqual([41]);
  });

  it('counts what was delivered before the greeting: the greeting never lowers it', async () => {
    // Prepare
    const client = listener(timers);
    const joining = client.join('golden-eagle-427', 'es');
    await flushPromises();
    const socket = FakeWebSocket.latest();
    socket.accept();
    socket.receive(caption(5));
    socket.receive({ ...JOINED, lastSequenceNumber: 3 });
    await joining;

    // Act
    const again = await reconnect(timers, socket);

    // Assess
    expect(replayAsked(again)).toEqual([5]);
  });

  it('asks for an utterance said after the greeting that never came, as for any live hole', async () => {
    // Prepare
    const client = listener(timers, { gapTimeoutMs: 3_000 });
    const socket = await joinedWith(client, { lastSequenceNumber: 9 });
    const seen = record(client);

    // Act: 10 never came, 11 did
    socket.receive(caption(11));
    timers.advance(3_000);
    socket.receive(caption(10));
    socket.receive(replayComplete(socket, { replayed: 1, lastSequenceNumber: 11 }));

    // Assess
    expect(replayAsked(socket)).toEqual([9]);
    expect(seen).toEqual(['caption:11', 'caption:10']);
    expect(client.deliveredUpTo).toBe(11);
  });

  it("raises the count to a late joiner's history reply, as before", async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joinedWith(client, { lastSequenceNumber: 5 }, { history: 3 });
    socket.receive(caption(4));
    socket.receive(caption(5));
    socket.receive(replayComplete(socket, { replayed: 2, lastSequenceNumber: 7 }));

    // Act
    const again = await reconnect(timers, socket);

    // Assess
    expect(replayAsked(socket)).toEqual([3]);
    expect(replayAsked(again)).toEqual([7]);
  });

  it('reports nothing missed when the replay from the first found nothing said yet', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joinedWith(client, {});
    const seen = record(client);
    const again = await reconnect(timers, socket);

    // Act
    again.receive(replayComplete(again, { replayed: 0 }));
    again.receive(audioPart(0));

    // Assess
    expect(seen).toEqual(['caption:0', 'audio:0']);
    expect(client.deliveredUpTo).toBe(0);
  });
});
