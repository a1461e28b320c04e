// Sharing the session: copying its link (with feedback that fades) and the projector view.
import type { ConsolePorts } from './ports';
import type { ShareEvent, ShareState } from './share';
import { COPY_FEEDBACK_MS } from './share';
import type { Store } from './store';

/**
 * Runs the share store's effects: the clipboard and the feedback timer.
 *
 * @example
 * const share = new ShareControls(ports, shareStore);
 * await share.copyLink('https://…/listen/golden-eagle-427'); // shareStore says copied, then fades
 */
export class ShareControls {
  private copyTimer: unknown;

  constructor(
    private readonly ports: Pick<ConsolePorts, 'copyText' | 'clock'>,
    private readonly store: Store<ShareState, ShareEvent>,
  ) {}

  async copyLink(link: string): Promise<void> {
    try {
      await this.ports.copyText(link);
      this.store.dispatch({ type: 'copied' });
    } catch {
      this.store.dispatch({ type: 'copyFailed' });
    }
    if (this.copyTimer !== undefined) this.ports.clock.clearTimeout(this.copyTimer);
    this.copyTimer = this.ports.clock.setTimeout(() => {
      this.copyTimer = undefined;
      this.store.dispatch({ type: 'copyFeedbackExpired' });
    }, COPY_FEEDBACK_MS);
  }
}
