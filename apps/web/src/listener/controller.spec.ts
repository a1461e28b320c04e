import type { ReceivedAudio } from '@lingocast/client';
import { BEHIND_LIVE_POLL_MS, PAUSED_RECHECK_MS } from './controller';
import { readPreferences } from './preferences';
import type { SessionCheck } from './state';
import type { FakePlayer } from './controller.harness';
import { active, config, coded, FakeConnection, setup, flush, transcript } from './controller.harness';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('ListenerController', () => {
  it('loads the config, checks the session and the languages, and waits for the tap', async () => {
    const { controller, ports, states } = setup();
    controller.start();
    await flush();
    expect(ports.checkSession).toHaveBeenCalledWith(config.httpUrl, 'golden-eagle-427');
    expect(ports.listLanguages).toHaveBeenCalledWith(config.httpUrl);
    expect(states).toEqual(['checking', 'ready-to-tap']);
    expect(controller.state.language).toBe('es');
  });

  it('shows a config failure and loads again on retry', async () => {
    const { controller, ports } = setup({ configFails: true });
    controller.start();
    await flush();
    expect(controller.state).toMatchObject({ phase: 'error', problem: { code: 'CONFIG' } });
    controller.retry();
    await flush();
    expect(ports.loadConfig).toHaveBeenCalledTimes(2);
  });

  it('says not found, and reports other check failures with their code', async () => {
    const notFound = setup({ check: async () => Promise.reject(coded('SESSION_NOT_FOUND')) });
    notFound.controller.start();
    await flush();
    expect(notFound.controller.state.phase).toBe('not-found');
    const failing = setup({ check: async () => Promise.reject(new Error('network down')) });
    failing.controller.start();
    await flush();
    expect(failing.controller.state).toMatchObject({
      phase: 'error',
      problem: { code: 'UNKNOWN', detail: 'network down' },
    });
  });

  it('checks a paused session again by itself until it is active', async () => {
    let status: SessionCheck['status'] = 'paused';
    const { controller, ports } = setup({ check: async () => ({ ...active, status }) });
    controller.start();
    await flush();
    expect(controller.state.phase).toBe('paused');
    jest.advanceTimersByTime(PAUSED_RECHECK_MS);
    await flush();
    expect(ports.checkSession).toHaveBeenCalledTimes(2);
    expect(controller.state.phase).toBe('paused');
    status = 'active';
    jest.advanceTimersByTime(PAUSED_RECHECK_MS);
    await flush();
    expect(controller.state.phase).toBe('ready-to-tap');
  });

  it('unlocks audio inside the tap, before connecting, then joins in the chosen language', async () => {
    const { controller, players, connection } = setup();
    controller.start();
    await flush();
    controller.tap();
    expect(players[0]?.unlocks).toBe(1);
    expect(controller.state.phase).toBe('connecting');
    expect(connection().joins).toEqual([['golden-eagle-427', 'es']]);
    expect(connection().options).toMatchObject({ websocketUrl: config.websocketUrl, captionsOnly: false });
    await flush();
    expect(controller.state).toMatchObject({ phase: 'live', audio: 'running' });
  });

  it('ignores a tap before the page is ready', () => {
    const { controller, players, connections } = setup();
    controller.tap();
    expect(players).toHaveLength(0);
    expect(connections).toHaveLength(0);
  });

  it('never creates a player in captions-only mode', async () => {
    const { controller, players, connection } = setup({ captionsOnly: true });
    controller.start();
    await flush();
    controller.tap();
    await flush();
    expect(players).toHaveLength(0);
    expect(connection().options.captionsOnly).toBe(true);
    connection().options.onAudio({ sequenceNumber: 0 } as ReceivedAudio);
    expect(controller.state).toMatchObject({ phase: 'live', audio: 'off' });
    expect(controller.audioReceived).toBe(1);
  });

  it('offers "tap to resume" when the audio could not start, and resumes on tap', async () => {
    const { controller, players } = setup();
    controller.start();
    await flush();
    controller.tap();
    const player = players[0] as FakePlayer;
    player.failUnlock = true;
    await flush();
    player.callbacks.onStateChange('interrupted');
    expect(controller.state.audio).toBe('interrupted');
    player.failUnlock = false;
    controller.resumeAudio();
    await flush();
    expect(player.unlocks).toBe(2);
    expect(controller.state.audio).toBe('running');
  });

  it('shows an unlock refused as interrupted audio', async () => {
    const { controller, players } = setup();
    controller.start();
    await flush();
    controller.tap();
    await flush();
    (players[0] as FakePlayer).failUnlock = true;
    controller.resumeAudio();
    await flush();
    expect(controller.state.audio).toBe('interrupted');
  });

  it('plays received audio, keeps captions, counts utterances and keeps the screen awake', async () => {
    const { controller, players, connection, awake, advanceClock } = setup();
    controller.start();
    await flush();
    controller.tap();
    await flush();
    advanceClock(2500);
    connection().options.onTranscript(transcript(0));
    connection().options.onAudio({ sequenceNumber: 0 } as ReceivedAudio);
    players[0]?.callbacks.onUtteranceStart();
    expect(players[0]?.enqueued).toHaveLength(1);
    expect(controller.state.captions[0]).toMatchObject({ translatedText: 'Hola', receivedAtMs: 2500 });
    expect(controller.state.utterancesStarted).toBe(1);
    expect(awake).toEqual([true]);
  });

  it('applies the speaker volume to the player, also one created later', async () => {
    const { controller, players, connection } = setup({ captionsOnly: true });
    controller.start();
    await flush();
    controller.tap();
    await flush();
    connection().options.onVolume(0.5);
    controller.chooseCaptionsOnly(false);
    connection().options.onVolume(0.25);
    expect(players[0]?.volumes).toEqual([0.5, 0.25]);
  });

  it('shows seconds behind live while live and jumps to live', async () => {
    const { controller, players } = setup();
    controller.start();
    await flush();
    controller.tap();
    await flush();
    const player = players[0] as FakePlayer;
    player.behindLiveMs = 6200;
    jest.advanceTimersByTime(BEHIND_LIVE_POLL_MS);
    expect(controller.state.behindLiveSeconds).toBe(6);
    controller.jumpToLive();
    expect(player.jumps).toBe(1);
    expect(controller.state.behindLiveSeconds).toBe(0);
  });

  it('passes connection signals: reconnecting, live again, pause, mute, ended', async () => {
    const { controller, connection, awake } = setup();
    controller.start();
    await flush();
    controller.tap();
    await flush();
    const { onSignal } = connection().options;
    onSignal({ type: 'connectionLost' });
    expect(controller.state.phase).toBe('reconnecting');
    onSignal({ type: 'joined', paused: false, muted: false });
    expect(controller.state.phase).toBe('live');
    onSignal({ type: 'speakerPaused' });
    onSignal({ type: 'speakerMuted' });
    expect(controller.state.speaker).toEqual({ paused: true, muted: true });
    onSignal({ type: 'sessionEnded' });
    expect(controller.state.phase).toBe('ended');
    expect(connection().closed).toBe(1);
    expect(awake).toEqual([true, true, false]);
  });

  it('maps a refused join to its screen', async () => {
    const { controller, connections, ports } = setup();
    ports.connect = (options) => {
      const connection = new FakeConnection(options);
      connection.joinResult = Promise.reject(coded('SESSION_FULL'));
      connections.push(connection);
      return connection;
    };
    controller.start();
    await flush();
    controller.tap();
    await flush();
    expect(controller.state.phase).toBe('full');
  });

  it('switches language while live, remembers it, and says when it fails', async () => {
    const { controller, connection, storage } = setup();
    controller.start();
    await flush();
    controller.tap();
    await flush();
    controller.chooseLanguage('ca');
    expect(controller.state.pendingLanguage).toBe('ca');
    await flush();
    expect(connection().languages).toEqual(['ca']);
    expect(controller.state).toMatchObject({ language: 'ca', pendingLanguage: undefined });
    expect(readPreferences(storage).language).toBe('ca');
    connection().changeResult = Promise.reject(coded('UNSUPPORTED_LANGUAGE'));
    controller.chooseLanguage('fr');
    await flush();
    expect(controller.state).toMatchObject({ language: 'ca', notice: 'languageChangeFailed' });
  });

  it('ignores a language the stage does not serve', async () => {
    const { controller, storage } = setup();
    controller.start();
    await flush();
    controller.chooseLanguage('de');
    expect(readPreferences(storage).language).toBeUndefined();
  });

  it('changes the language before joining without a connection', async () => {
    const { controller, connections } = setup();
    controller.start();
    await flush();
    controller.chooseLanguage('fr');
    expect(controller.state.language).toBe('fr');
    expect(connections).toHaveLength(0);
  });

  it('switches captions only live, unlocking audio inside the click when turning audio on', async () => {
    const { controller, connection, players, storage } = setup({ captionsOnly: true });
    controller.start();
    await flush();
    controller.tap();
    await flush();
    controller.chooseCaptionsOnly(false);
    expect(players[0]?.unlocks).toBe(1);
    expect(connection().captionsOnly).toEqual([false]);
    await flush();
    expect(controller.state).toMatchObject({ captionsOnly: false, audio: 'running' });
    expect(readPreferences(storage).captionsOnly).toBe(false);
    controller.chooseCaptionsOnly(false);
    expect(connection().captionsOnly).toEqual([false]);
    connection().captionsResult = Promise.reject(coded('TIMEOUT'));
    controller.chooseCaptionsOnly(true);
    await flush();
    expect(controller.state).toMatchObject({ captionsOnly: false, notice: 'captionsModeFailed' });
  });

  it('saves display choices and builds transcripts from the captions received', async () => {
    const { controller, connection, storage } = setup();
    controller.start();
    await flush();
    controller.tap();
    await flush();
    connection().options.onTranscript(transcript(0));
    controller.chooseCaptionView('both');
    controller.stepTextSize(1);
    controller.chooseTheme('dark');
    expect(readPreferences(storage)).toMatchObject({ captionView: 'both', textScale: 1.25, theme: 'dark' });
    expect(controller.transcript('text').text).toContain('Hola\nHello');
    expect(controller.transcript('vtt').text).toMatch(/^WEBVTT/);
  });

  it('ignores signals from a connection it replaced, and stops on dispose', async () => {
    const { controller, connection, awake } = setup();
    controller.start();
    await flush();
    controller.tap();
    await flush();
    const first = connection();
    controller.dispose();
    first.options.onSignal({ type: 'sessionEnded' });
    expect(controller.state.phase).toBe('live');
    expect(first.closed).toBe(1);
    expect(awake[awake.length - 1]).toBe(false);
  });

  it('unsubscribes', async () => {
    const { controller } = setup();
    const seen: string[] = [];
    const off = controller.subscribe((state) => seen.push(state.phase));
    off();
    controller.start();
    await flush();
    expect(seen).toEqual([]);
  });
});
