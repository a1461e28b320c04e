import { harness, withSession } from './controller.harness';

describe('the console controller', () => {
  describe('broadcast actions', () => {
    it('pauses, resumes, mutes, unmutes and sets the volume once the server answers', async () => {
      const { controller, speaker } = await withSession();
      await controller.startSpeaking();

      await controller.pause();
      expect(controller.session.state.phase).toBe('paused');
      await controller.resume();
      await controller.mute();
      expect(controller.session.state).toMatchObject({ phase: 'live', muted: true });
      await controller.unmute();
      await controller.setVolume(0.5);

      expect(speaker.calls.filter((call) => !['status', 'connect'].includes(call))).toEqual([
        'pause',
        'resume',
        'mute',
        'unmute',
        'volume 0.5',
      ]);
      expect(controller.session.state).toMatchObject({ muted: false, volume: 0.5 });
      expect(controller.session.state.pending).toBeUndefined();
    });

    it('sends one action at a time and shows why one failed', async () => {
      const { controller, speaker } = await withSession();
      let answer: (value: unknown) => void = () => undefined;
      speaker.actionResult = new Promise((resolve) => (answer = resolve));

      const muting = controller.mute();
      await controller.pause();
      expect(controller.session.state.pending).toBe('mute');
      answer({});
      await muting;
      expect(speaker.calls.filter((call) => call === 'pause')).toHaveLength(0);

      speaker.actionResult = Promise.reject(
        Object.assign(new Error('late'), { code: 'TIMEOUT', retryAfter: 2 }),
      );
      await controller.unmute();
      expect(controller.session.state).toMatchObject({
        muted: true,
        problem: { code: 'TIMEOUT', retryAfter: 2 },
      });
      expect(controller.session.state.pending).toBeUndefined();
    });

    it('sends the latest volume chosen while one was on its way, and only that one', async () => {
      const { controller, speaker } = await withSession();
      let answer: (value: unknown) => void = () => undefined;
      speaker.actionResult = new Promise((resolve) => (answer = resolve));

      const first = controller.setVolume(0.8);
      await controller.setVolume(0.6);
      await controller.setVolume(0.4);
      speaker.actionResult = Promise.resolve({});
      answer({});
      await first;

      expect(speaker.calls.filter((call) => call.startsWith('volume'))).toEqual(['volume 0.8', 'volume 0.4']);
      expect(controller.session.state.volume).toBe(0.4);
    });

    it('does nothing without a session', async () => {
      const { controller } = harness();

      await controller.pause();
      await controller.startSpeaking();

      expect(controller.session.state.phase).toBe('none');
    });
  });
});
