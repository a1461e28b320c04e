import type { Level } from './level';
import { harness, withSession } from './controller.harness';

describe('the console controller', () => {
  describe('the microphone', () => {
    it('captures after the permission, hands levels to the meter, and lists labelled devices', async () => {
      const { controller, microphone } = harness();
      const levels: Level[] = [];
      const off = controller.onLevel((level) => levels.push(level));

      await expect(controller.checkMicrophone()).resolves.toBe(true);
      microphone.last.onLevel({ rmsDb: -20, peakDb: -6 });
      off();
      microphone.last.onLevel({ rmsDb: -30, peakDb: -6 });

      expect(controller.microphone.state).toMatchObject({ status: 'ready', capturing: true });
      expect(levels).toEqual([{ rmsDb: -20, peakDb: -6 }]);
      await expect(controller.checkMicrophone()).resolves.toBe(true);
      expect(microphone.captures).toHaveLength(1);
    });

    it('says the microphone was lost when the device stops by itself, and lets the speaker check again', async () => {
      const { controller, microphone } = harness();
      await controller.checkMicrophone();
      const unplugged = microphone.last;

      unplugged.onEnded();
      unplugged.onEnded();

      expect(controller.microphone.state).toMatchObject({ status: 'lost', capturing: false });
      expect(unplugged.stopped).toBe(true);
      await expect(controller.checkMicrophone()).resolves.toBe(true);
      expect(microphone.captures).toHaveLength(2);
      expect(controller.microphone.state).toMatchObject({ status: 'ready', capturing: true });
    });

    it('shows what the browser refused', async () => {
      const { controller, microphone } = harness();
      microphone.failWith = { kind: 'denied' };

      await expect(controller.checkMicrophone()).resolves.toBe(false);

      expect(controller.microphone.state).toMatchObject({ status: 'denied', capturing: false });
    });

    it('restarts capture on a newly chosen device', async () => {
      const { controller, microphone } = harness();
      await controller.listMicrophones();
      await controller.checkMicrophone();

      await controller.chooseMicrophone('usb');

      expect(microphone.captures).toHaveLength(2);
      expect(microphone.captures[0]?.stopped).toBe(true);
      expect(microphone.last.deviceId).toBe('usb');
      expect(controller.microphone.state).toMatchObject({
        status: 'ready',
        capturing: true,
        deviceId: 'usb',
      });
    });

    it('sends chunks only while live, and reports a full queue once', async () => {
      const { controller, speaker, microphone } = await withSession();
      await controller.checkMicrophone();
      microphone.last.onChunk(new Uint8Array(8));
      expect(speaker.sent).toHaveLength(0);

      await controller.startSpeaking();
      microphone.last.onChunk(new Uint8Array(8));
      expect(speaker.sent).toHaveLength(1);
      microphone.last.onChunk(new Uint8Array(0));
      const problem = controller.session.state.problem;
      microphone.last.onChunk(new Uint8Array(0));
      expect(problem).toEqual({ code: 'QUEUE_FULL', during: 'audio' });
      expect(controller.session.state.problem).toBe(problem);

      await controller.stopSpeaking();
      expect(controller.session.state.phase).toBe('created');
      expect(microphone.last.stopped).toBe(true);
      expect(controller.microphone.state.capturing).toBe(false);
    });

    it('does not go live when the microphone is refused', async () => {
      const { controller, microphone } = await withSession();
      microphone.failWith = { kind: 'denied' };

      await controller.startSpeaking();

      expect(controller.session.state.phase).toBe('created');
      expect(controller.microphone.state.status).toBe('denied');
    });
  });
});
