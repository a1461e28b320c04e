import { COPY_FEEDBACK_MS } from './share';
import { harness } from './controller.harness';

describe('the console controller', () => {
  describe('sharing', () => {
    it('copies the link and says so for a few seconds', async () => {
      const { controller, copied, clock } = harness();

      await controller.copyLink('http://x/listen/a-b-123');
      expect(copied).toEqual(['http://x/listen/a-b-123']);
      expect(controller.share.state.copy).toBe('copied');
      await controller.copyLink('http://x/listen/a-b-123');
      await clock.advance(COPY_FEEDBACK_MS);

      expect(controller.share.state.copy).toBe('idle');
    });

    it('says when the browser refused to copy', async () => {
      const { controller } = harness({ copyText: () => Promise.reject(new Error('denied')) });

      await controller.copyLink('http://x/listen/a-b-123');

      expect(controller.share.state.copy).toBe('failed');
    });

    it('opens and closes the projector view, following the browser’s full screen', () => {
      const { controller } = harness();

      controller.openProjector();
      controller.fullscreenChanged(true);
      expect(controller.share.state).toMatchObject({ view: 'projector', fullscreen: true });
      controller.fullscreenChanged(false);
      expect(controller.share.state.view).toBe('panel');
      controller.openProjector();
      controller.closeProjector();
      expect(controller.share.state.view).toBe('panel');
    });
  });
});
