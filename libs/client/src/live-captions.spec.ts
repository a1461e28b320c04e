import { CurrentPartials } from './live-partials';
import { FakeWebSocket } from './testing/fake-websocket';
import { CAPTION, JOINED, audioPart, joined, listener, reconnect } from './testing/listener-harness';
import { ManualTimers, flushPromises } from './testing/manual-timers';
import { connected, speakerClient } from './testing/speaker-harness';

// Live partial captions (issue 13): `transcriptPartial` on both clients, current ones only, and the
// listener's opt-in (`liveCaptions`, `setLiveCaptions`).

/** The words heard so far of utterance `sequenceNumber`, as the server sends them. */
function partial(sequenceNumber: number, text: string) {
  return {
    type: 'transcriptPartial',
    timestamp: 2_000 + sequenceNumber,
    sessionId: 'golden-eagle-427',
    sequenceNumber,
    sourceLanguage: 'en',
    text,
  };
}

/** Utterance `sequenceNumber`'s final text, as the speaker gets it. */
function spoken(sequenceNumber: number, text: string) {
  return {
    type: 'transcript',
    timestamp: 3_000 + sequenceNumber,
    sessionId: 'golden-eagle-427',
    sequenceNumber,
    sourceLanguage: 'en',
    sourceText: text,
    targetLanguage: 'en',
    translatedText: text,
  };
}

describe('CurrentPartials', () => {
  it('lets through partials of utterances not yet final, and no exact repeat', () => {
    // Prepare
    const partials = new CurrentPartials();

    // Act
    const seen = [
      partials.admit({ sequenceNumber: 0, text: 'the' }),
      partials.admit({ sequenceNumber: 0, text: 'the' }),
      partials.admit({ sequenceNumber: 0, text: 'the church' }),
    ];
    partials.finalized(0);
    seen.push(
      partials.admit({ sequenceNumber: 0, text: 'the church meets' }),
      partials.admit({ sequenceNumber: 1, text: '' }),
    );

    // Assess
    expect(seen).toEqual([true, false, true, false, true]);
    expect(partials.lastFinal).toBe(0);
  });

  it('never lowers the final mark, and forgets it on reset', () => {
    // Prepare
    const partials = new CurrentPartials();

    // Act
    partials.finalized(5);
    partials.finalized(2);
    const stale = partials.admit({ sequenceNumber: 4, text: 'late' });
    const mark = partials.lastFinal;
    partials.reset();

    // Assess
    expect(stale).toBe(false);
    expect(mark).toBe(5);
    expect(partials.lastFinal).toBe(-1);
    expect(partials.admit({ sequenceNumber: 0, text: 'again' })).toBe(true);
  });
});

describe('SpeakerClient: transcriptPartial', () => {
  let timers: ManualTimers;

  beforeEach(() => {
    timers = new ManualTimers();
  });

  afterEach(() => {
    FakeWebSocket.instances = [];
  });

  it('emits the words heard so far until that utterance is final, then only the next one’s', async () => {
    // Prepare
    const client = speakerClient(timers);
    const socket = await connected(client);
    const seen: string[] = [];
    client.on('transcriptPartial', (m) => seen.push(`partial ${m.sequenceNumber}:${m.text}`));
    client.on('transcript', (m) => seen.push(`final ${m.sequenceNumber}:${m.sourceText}`));

    // Act: a partial of 0 that was late (after its final) is stale
    socket.receive(partial(0, 'good'));
    socket.receive(partial(0, 'good morning'));
    socket.receive(partial(0, 'good morning'));
    socket.receive(spoken(0, 'good morning everyone'));
    socket.receive(partial(0, 'good morning every'));
    socket.receive(partial(1, 'let us'));

    // Assess
    expect(seen).toEqual([
      'partial 0:good',
      'partial 0:good morning',
      'final 0:good morning everyone',
      'partial 1:let us',
    ]);
  });

  it('starts over for another session: its first utterance’s partials are current', async () => {
    // Prepare
    const client = speakerClient(timers);
    const socket = await connected(client);
    const seen: number[] = [];
    client.on('transcriptPartial', (m) => seen.push(m.sequenceNumber));
    socket.receive(spoken(3, 'the end'));

    // Act
    const opening = client.connect('silver-dove-118');
    await flushPromises();
    const next = FakeWebSocket.latest();
    next.accept();
    await opening;
    next.receive({ ...partial(0, 'hello'), sessionId: 'silver-dove-118' });

    // Assess
    expect(seen).toEqual([0]);
  });

  it('drops a malformed partial as an invalid message, emitting nothing', async () => {
    // Prepare
    const client = speakerClient(timers);
    const socket = await connected(client);
    const seen: string[] = [];
    const invalid: string[] = [];
    client.on('transcriptPartial', (m) => seen.push(m.text));
    client.on('invalidMessage', (reason) => invalid.push(reason));

    // Act: text over 2000 characters, and no sequence number
    socket.receive(partial(0, 'a'.repeat(2_001)));
    socket.receive({ ...partial(0, 'x'), sequenceNumber: undefined });

    // Assess
    expect(seen).toEqual([]);
    expect(invalid).toHaveLength(2);
  });
});

describe('ListenerClient: live captions', () => {
  let timers: ManualTimers;

  beforeEach(() => {
    timers = new ManualTimers();
  });

  afterEach(() => {
    FakeWebSocket.instances = [];
  });

  it('connects as before when live captions were never asked for', async () => {
    // Act
    const socket = await joined(listener(timers));

    // Assess
    expect(new URL(socket.url).searchParams.has('liveCaptions')).toBe(false);
  });

  it('asks for live captions on every (re)connect, from the option or the join', async () => {
    // Prepare
    const fromOption = listener(timers, { liveCaptions: true });
    const viaJoin = listener(timers);

    // Act
    const first = await joined(fromOption);
    const joining = viaJoin.join('golden-eagle-427', 'es', { liveCaptions: true });
    await flushPromises();
    const second = FakeWebSocket.latest();
    second.accept();
    second.receive({ ...JOINED, liveCaptions: true });
    await joining;
    const again = await reconnect(timers, second);

    // Assess
    expect(first.url).toBe(
      'ws://ws.test?sessionId=golden-eagle-427&targetLanguage=es&captionsOnly=false&liveCaptions=true',
    );
    expect(new URL(again.url).searchParams.get('liveCaptions')).toBe('true');
    expect(fromOption.liveCaptions).toBe(true);
    expect(viaJoin.liveCaptions).toBe(true);
  });

  it('takes the mode the greeting confirms', async () => {
    // Prepare
    const client = listener(timers, { liveCaptions: true });
    const joining = client.join('golden-eagle-427', 'es');
    await flushPromises();
    const socket = FakeWebSocket.latest();
    socket.accept();
    const seen: string[] = [];
    client.on('transcriptPartial', (m) => seen.push(m.text));

    // Act: a server that could not grant them says so
    socket.receive({ ...JOINED, liveCaptions: false });
    await joining;
    socket.receive(partial(0, 'hello'));

    // Assess
    expect(client.liveCaptions).toBe(false);
    expect(seen).toEqual([]);
  });

  it('switches live captions on, resolving on liveCaptionsChanged, and reconnects with them on', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);
    const changes: boolean[] = [];
    client.on('liveCaptionsChanged', (on) => changes.push(on));

    // Act
    const switching = client.setLiveCaptions(true);
    const sent = socket.sentActions('setLiveCaptions')[0];
    socket.receive({
      type: 'liveCaptionsChanged',
      timestamp: 2,
      liveCaptions: true,
      requestId: sent?.['requestId'],
    });
    await switching;
    const again = await reconnect(timers, socket);

    // Assess
    expect(sent).toMatchObject({ action: 'setLiveCaptions', liveCaptions: true });
    expect(client.liveCaptions).toBe(true);
    expect(changes).toEqual([true]);
    expect(new URL(again.url).searchParams.get('liveCaptions')).toBe('true');
  });

  it('names live captions off on the next connect once they were switched off', async () => {
    // Prepare
    const client = listener(timers, { liveCaptions: true });
    const socket = await joined(client);

    // Act
    const off = client.setLiveCaptions(false);
    socket.receive({
      type: 'liveCaptionsChanged',
      timestamp: 3,
      liveCaptions: false,
      requestId: socket.sentActions('setLiveCaptions')[0]?.['requestId'],
    });
    await off;
    const again = await reconnect(timers, socket);

    // Assess
    expect(client.liveCaptions).toBe(false);
    expect(new URL(again.url).searchParams.get('liveCaptions')).toBe('false');
  });

  it('keeps the mode when the server refuses the switch, and says why', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);

    // Act
    const switching = client.setLiveCaptions(true);
    socket.receive({
      type: 'error',
      timestamp: 2,
      code: 'RATE_LIMIT_EXCEEDED',
      message: 'slow down',
      requestId: socket.sentActions('setLiveCaptions')[0]?.['requestId'],
    });

    // Assess
    await expect(switching).rejects.toMatchObject({ name: 'LingoCastError', code: 'RATE_LIMIT_EXCEEDED' });
    expect(client.liveCaptions).toBe(false);
  });

  it('rejects an answer that is not liveCaptionsChanged', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);

    // Act
    const switching = client.setLiveCaptions(true);
    socket.receive({
      type: 'captionsOnlyChanged',
      timestamp: 2,
      captionsOnly: false,
      requestId: socket.sentActions('setLiveCaptions')[0]?.['requestId'],
    });

    // Assess
    await expect(switching).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
    expect(client.liveCaptions).toBe(false);
  });

  it('refuses to switch when not connected, or with something not a boolean', async () => {
    const client = listener(timers);
    await expect(client.setLiveCaptions(true)).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    await expect(client.setLiveCaptions(1 as unknown as boolean)).rejects.toMatchObject({
      code: 'INVALID_PARAMETERS',
    });
    expect(client.liveCaptions).toBe(false);
  });

  it('emits only current partials: none once that utterance’s caption or audio came', async () => {
    // Prepare
    const client = listener(timers, { liveCaptions: true });
    const socket = await joined(client);
    const seen: string[] = [];
    client.on('transcriptPartial', (m) => seen.push(`${m.sequenceNumber}:${m.text}`));

    // Act: 0 ends with its caption, 1 with its audio (the caption riding in it)
    socket.receive(partial(0, 'hello'));
    socket.receive({ ...CAPTION, sequenceNumber: 0 });
    socket.receive(partial(0, 'hello there'));
    socket.receive(partial(1, 'good'));
    socket.receive(audioPart(1));
    socket.receive(partial(1, 'good morning'));
    socket.receive(partial(2, 'let us'));

    // Assess
    expect(seen).toEqual(['0:hello', '1:good', '2:let us']);
  });

  it('treats the utterances a greeting says exist as final', async () => {
    // Prepare
    const client = listener(timers, { liveCaptions: true });
    const joining = client.join('golden-eagle-427', 'es');
    await flushPromises();
    const socket = FakeWebSocket.latest();
    socket.accept();
    const seen: number[] = [];
    client.on('transcriptPartial', (m) => seen.push(m.sequenceNumber));

    // Act
    socket.receive({ ...JOINED, liveCaptions: true, lastSequenceNumber: 6 });
    await joining;
    socket.receive(partial(6, 'late'));
    socket.receive(partial(7, 'now'));

    // Assess
    expect(seen).toEqual([7]);
  });

  it('emits no partial while live captions are off', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);
    const seen: string[] = [];
    client.on('transcriptPartial', (m) => seen.push(m.text));

    // Act
    socket.receive(partial(0, 'hello'));

    // Assess
    expect(seen).toEqual([]);
  });

  it('starts over when joining another session', async () => {
    // Prepare
    const client = listener(timers, { liveCaptions: true });
    const socket = await joined(client);
    socket.receive({ ...CAPTION, sequenceNumber: 9 });
    const seen: number[] = [];
    client.on('transcriptPartial', (m) => seen.push(m.sequenceNumber));

    // Act
    const joining = client.join('silver-dove-118', 'es');
    await flushPromises();
    const next = FakeWebSocket.latest();
    next.accept();
    next.receive({ ...JOINED, sessionId: 'silver-dove-118', liveCaptions: true });
    await joining;
    next.receive({ ...partial(0, 'welcome'), sessionId: 'silver-dove-118' });

    // Assess
    expect(seen).toEqual([0]);
  });
});
