// The audience while connected: the speaker client is asked for its status every few seconds and the
// count, the languages and the broadcast state go into the session store.
import type { ConsolePorts, SpeakerPort } from './ports';
import type { SessionEvent } from './session';

/** The audience is asked for this often while connected. */
export const STATUS_POLL_MS = 3_000;

/**
 * Polls the speaker's status from start() to stop(); starting twice keeps one timer.
 *
 * @example
 * const poll = new AudiencePoll(clock, () => speaker, (event) => session.dispatch(event));
 * poll.start(); // asks now, then every STATUS_POLL_MS
 */
export class AudiencePoll {
  private timer: unknown;

  constructor(
    private readonly clock: ConsolePorts['clock'],
    private readonly speaker: () => SpeakerPort | undefined,
    private readonly dispatch: (event: SessionEvent) => void,
  ) {}

  start(): void {
    if (this.timer !== undefined) return;
    void this.poll();
    this.timer = this.clock.setInterval(() => void this.poll(), STATUS_POLL_MS);
  }

  stop(): void {
    if (this.timer !== undefined) this.clock.clearInterval(this.timer);
    this.timer = undefined;
  }

  private async poll(): Promise<void> {
    try {
      const status = await this.speaker()?.getStatus();
      if (status)
        this.dispatch({
          type: 'status',
          listenerCount: status.listenerCount,
          languageDistribution: status.languageDistribution,
          broadcastState: status.broadcastState,
        });
    } catch {
      // A missed poll shows the previous count; the next one comes in a few seconds.
    }
  }
}
