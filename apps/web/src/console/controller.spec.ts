import { END_DRAIN_MS, STATUS_POLL_MS, TICK_MS } from './controller';
import { FakeMicrophone, FakeSpeaker, flush, harness, only, withSession } from './controller.harness';

describe('the console controller', () => {
  describe('starting', () => {
    it('loads the languages with the browser’s preference, and the microphones', async () => {
      const { controller } = harness();

      controller.start();
      await flush();

      expect(controller.session.state.options).toEqual({
        kind: 'loaded',
        sourceLanguages: ['en', 'es'],
        qualityTiers: ['standard', 'premium'],
      });
      expect(controller.session.state.sourceLanguage).toBe('en');
      expect(controller.microphone.state.devices).toEqual([{ deviceId: 'usb', label: 'USB microphone' }]);
    });

    it('says the language list failed, and loads it again on request', async () => {
      const getLanguages = jest.fn().mockRejectedValueOnce(new TypeError('Failed to fetch'));
      getLanguages.mockResolvedValueOnce({ sourceLanguages: ['en'], qualityTiers: ['standard'] });
      const { controller } = harness({
        getLanguages,
        microphone: { ...new FakeMicrophone(), list: () => Promise.reject(new Error('no')) },
      });

      controller.start();
      await flush();
      expect(controller.session.state.options).toEqual({
        kind: 'failed',
        problem: { code: 'NETWORK', during: 'languages' },
      });
      expect(controller.microphone.state.devices).toEqual([]);

      await controller.loadLanguages();
      expect(controller.session.state.options.kind).toBe('loaded');
    });

    it('stops its timers and the connection on dispose', async () => {
      const { controller, clock, speaker } = await withSession();
      expect(clock.pending).toBe(2); // the tick and the status poll

      controller.dispose();

      expect(clock.pending).toBe(0);
      expect(speaker.calls).toContain('close');
    });
  });

  describe('creating a session', () => {
    it('creates with the chosen language and tier, connects, and polls the audience while connected', async () => {
      const h = harness();
      h.controller.start();
      await h.controller.signIn('Ana');
      await flush();
      h.controller.chooseLanguage('es');
      h.controller.chooseTier('premium');

      await h.controller.createSession();
      const speaker = only(h.speakers);

      expect(speaker.createRequest).toEqual({ sourceLanguage: 'es', qualityTier: 'premium' });
      await expect(speaker.tokenProvider()).resolves.toBe('token-of-Ana');
      expect(h.controller.session.state).toMatchObject({
        phase: 'created',
        session: { sessionId: 'golden-eagle-427' },
        connection: 'live',
      });
      await flush();
      expect(h.controller.session.state.audience).toEqual({
        listenerCount: 2,
        byLanguage: [{ language: 'es', count: 2 }],
      });

      speaker.status = { ...speaker.status, listenerCount: 3, languageDistribution: { es: 2, fr: 1 } };
      await h.clock.advance(STATUS_POLL_MS);
      expect(h.controller.session.state.audience?.listenerCount).toBe(3);

      speaker.emit('stateChange', 'reconnecting');
      const polls = speaker.calls.filter((call) => call === 'status').length;
      await h.clock.advance(STATUS_POLL_MS * 2);
      expect(speaker.calls.filter((call) => call === 'status')).toHaveLength(polls);
      expect(h.controller.session.state.connection).toBe('reconnecting');
      speaker.emit('stateChange', 'open');
      await flush();
      expect(speaker.calls.filter((call) => call === 'status')).toHaveLength(polls + 1);
    });

    it('fetches a new local token when the old one is near its end', async () => {
      const { speaker, clock, ports } = await withSession();

      await clock.advance(51 * 60_000);
      await speaker.tokenProvider();

      expect(ports.localToken).toHaveBeenCalledTimes(2);
    });

    it('shows a refusal, and sends the speaker back to sign in when the token was refused', async () => {
      const h = harness();
      h.controller.start();
      await h.controller.signIn('Ana');
      await flush();
      h.ports.createSpeaker = (tokenProvider) => {
        const speaker = new FakeSpeaker(tokenProvider);
        speaker.createResult = Promise.reject(Object.assign(new Error('expired'), { code: 'UNAUTHORIZED' }));
        return speaker;
      };

      await h.controller.createSession();

      expect(h.controller.session.state).toMatchObject({
        phase: 'none',
        problem: { code: 'UNAUTHORIZED', during: 'create' },
      });
      expect(h.controller.signInStore.state).toMatchObject({ kind: 'idle', error: 'session-expired' });
    });

    it('keeps how long to wait from a rate limit', async () => {
      const h = harness();
      h.controller.start();
      await h.controller.signIn('Ana');
      await flush();
      h.ports.createSpeaker = (tokenProvider) => {
        const speaker = new FakeSpeaker(tokenProvider);
        speaker.createResult = Promise.reject(
          Object.assign(new Error('slow down'), { code: 'RATE_LIMIT_EXCEEDED', retryAfter: 4 }),
        );
        return speaker;
      };

      await h.controller.createSession();
      expect(h.controller.session.state.problem).toEqual({
        code: 'RATE_LIMIT_EXCEEDED',
        during: 'create',
        retryAfter: 4,
      });
      await h.controller.createSession(); // not signed out: it may try again
      expect(h.controller.signInStore.state.kind).toBe('signed-in');
    });

    it('reports a connection that could not be opened', async () => {
      const h = harness();
      h.controller.start();
      await h.controller.signIn('Ana');
      await flush();
      h.ports.createSpeaker = (tokenProvider) => {
        const speaker = new FakeSpeaker(tokenProvider);
        speaker.connectResult = Promise.reject(Object.assign(new Error('closed'), { code: 'NOT_CONNECTED' }));
        return speaker;
      };

      await h.controller.createSession();

      expect(h.controller.session.state).toMatchObject({
        phase: 'created',
        connection: 'offline',
        problem: { code: 'NOT_CONNECTED', during: 'connect' },
      });
    });
  });

  describe('the speaker client’s events', () => {
    it('shows a connection refresh from its request until it completes', async () => {
      const { controller, speaker } = await withSession();

      speaker.emit('message', { type: 'connectionRefreshRequired' });
      expect(controller.session.state.connection).toBe('refreshing');
      speaker.emit('connectionRefreshed', 'new-id');
      expect(controller.session.state.connection).toBe('live');
    });

    it('adds recognised speech to the transcript and warnings to the list', async () => {
      const { controller, speaker, clock } = await withSession();

      speaker.emit('transcript', { sequenceNumber: 0, sourceText: 'the church meets' });
      speaker.emit('audioQualityWarning', { issue: 'clipping' });

      expect(controller.session.state.transcript).toEqual([{ sequenceNumber: 0, text: 'the church meets' }]);
      expect(controller.session.state.warnings).toEqual([{ issue: 'clipping', receivedAt: clock.time }]);
      controller.dismissWarning('clipping');
      expect(controller.session.state.warnings).toEqual([]);
    });

    it('shows the words heard so far under the transcript until their line arrives', async () => {
      const { controller, speaker } = await withSession();
      await controller.startSpeaking();

      speaker.emit('transcriptPartial', { sequenceNumber: 0, text: 'the church' });
      expect(controller.session.state.partial).toEqual({ sequenceNumber: 0, text: 'the church' });
      speaker.emit('transcript', { sequenceNumber: 0, sourceText: 'the church meets' });
      expect(controller.session.state.partial).toBeUndefined();
      expect(controller.session.state.transcript).toEqual([{ sequenceNumber: 0, text: 'the church meets' }]);
    });

    it('shows audio refusals the client will not retry, and nothing for answered actions', async () => {
      const { controller, speaker } = await withSession();

      speaker.emit('error', { code: 'RATE_LIMIT_EXCEEDED', requestId: 'audio-4', retryAfter: 1 });
      speaker.emit('error', { code: 'SESSION_NOT_ACTIVE', requestId: 'abc-3' });
      expect(controller.session.state.problem).toBeUndefined();

      speaker.emit('error', { code: 'AUDIO_OUT_OF_ORDER', requestId: 'audio-5' });
      expect(controller.session.state.problem).toEqual({ code: 'AUDIO_OUT_OF_ORDER', during: 'audio' });
      controller.dismissProblem();
      speaker.emit('error', { code: 'TRANSCRIPTION_FAILED', requestId: '', retryAfter: 2 });
      expect(controller.session.state.problem).toEqual({
        code: 'TRANSCRIPTION_FAILED',
        during: 'audio',
        retryAfter: 2,
      });
    });

    it('follows mute, volume, pause and resume announced by the server', async () => {
      const { controller, speaker } = await withSession();
      await controller.startSpeaking();

      speaker.emit('message', { type: 'broadcastMuted' });
      speaker.emit('message', { type: 'volumeChanged', volume: 0.3 });
      speaker.emit('paused');
      expect(controller.session.state).toMatchObject({ muted: true, volume: 0.3, phase: 'paused' });

      speaker.emit('message', { type: 'broadcastUnmuted' });
      speaker.emit('resumed');
      expect(controller.session.state).toMatchObject({ muted: false, phase: 'live' });
    });

    it('ends when the server ends the session, releasing the microphone and the connection', async () => {
      const { controller, speaker, microphone } = await withSession();
      await controller.startSpeaking();
      controller.openProjector();

      speaker.emit('message', { type: 'sessionEnded', reason: 'expired' });
      await flush();

      expect(controller.session.state).toMatchObject({
        phase: 'ended',
        ending: { by: 'server', reason: 'expired' },
      });
      expect(controller.share.state.view).toBe('panel');
      expect(microphone.last.stopped).toBe(true);
      expect(speaker.listenerCount()).toBe(0);
    });

    it('says the connection is gone when reconnecting gave up', async () => {
      const { controller, speaker } = await withSession();

      speaker.emit('reconnectFailed');

      expect(controller.session.state).toMatchObject({
        connection: 'offline',
        problem: { code: 'NOT_CONNECTED' },
      });
    });

    it('shows the audio waiting for acknowledgement on each tick', async () => {
      const { controller, speaker, clock } = await withSession();

      speaker.queuedAudioMs = 750;
      await clock.advance(TICK_MS);

      expect(controller.session.state.queuedAudioMs).toBe(750);
    });
  });

  describe('ending', () => {
    it('stops the microphone, drains the audio, then ends for everyone', async () => {
      const { controller, speaker, microphone } = await withSession();
      await controller.startSpeaking();

      await controller.confirmEnd();
      expect(speaker.calls).not.toContain(`drain ${END_DRAIN_MS}`);
      controller.askToEnd();
      controller.cancelEnd();
      controller.askToEnd();
      await controller.confirmEnd();

      expect(microphone.last.stopped).toBe(true);
      expect(speaker.calls.slice(-3)).toEqual([`drain ${END_DRAIN_MS}`, 'end 0', 'close']);
      expect(controller.session.state).toMatchObject({
        phase: 'ended',
        ending: { by: 'speaker', drained: true },
      });
      speaker.emit('message', { type: 'sessionEnded', reason: 'ended by the speaker' });
      expect(controller.session.state.ending).toEqual({ by: 'speaker', drained: true });

      controller.startOver();
      expect(controller.session.state.phase).toBe('none');
    });

    it('says when the last audio could not be delivered', async () => {
      const { controller, speaker } = await withSession();
      speaker.drainResult = Promise.resolve(false);

      controller.askToEnd();
      await controller.confirmEnd();

      expect(controller.session.state.ending).toEqual({ by: 'speaker', drained: false });
    });

    it('goes back to the session when ending fails', async () => {
      const { controller, speaker } = await withSession();
      speaker.endResult = Promise.reject(Object.assign(new Error('closed'), { code: 'NOT_CONNECTED' }));

      controller.askToEnd();
      await controller.confirmEnd();

      expect(controller.session.state).toMatchObject({
        phase: 'created',
        problem: { code: 'NOT_CONNECTED', during: 'end' },
      });
    });
  });
});
