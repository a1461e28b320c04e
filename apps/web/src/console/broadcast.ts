// The broadcast buttons: pause, resume, mute, unmute and the volume. One action is on its way at a time;
// its outcome (done or refused, with the code) goes into the session store.
import type { SpeakerPort } from './ports';
import { errorCode, retryAfterOf } from './problems';
import type { BroadcastAction, SessionEvent, SessionState } from './session';
import type { Store } from './store';

/**
 * The broadcast actions on the current speaker client (none before a session is created).
 *
 * @example
 * const broadcast = new BroadcastControls(session, () => speaker);
 * await broadcast.pause(); // session.state.phase === 'paused'
 */
export class BroadcastControls {
  private nextVolume: number | undefined;

  constructor(
    private readonly session: Store<SessionState, SessionEvent>,
    private readonly speaker: () => SpeakerPort | undefined,
  ) {}

  pause(): Promise<void> {
    return this.run('pause', (speaker) => speaker.pause(), { type: 'paused' });
  }

  resume(): Promise<void> {
    return this.run('resume', (speaker) => speaker.resume(), { type: 'resumed' });
  }

  mute(): Promise<void> {
    return this.run('mute', (speaker) => speaker.mute(), { type: 'muted' });
  }

  unmute(): Promise<void> {
    return this.run('unmute', (speaker) => speaker.unmute(), { type: 'unmuted' });
  }

  /** Sets the listeners' volume; a value chosen while one is on its way is sent after it (the latest wins). */
  async setVolume(volume: number): Promise<void> {
    if (this.session.state.pending === 'volume') {
      this.nextVolume = volume;
      return;
    }
    await this.run('volume', (speaker) => speaker.setVolume(volume), {
      type: 'volumeSet',
      volume,
    });
    const next = this.nextVolume;
    this.nextVolume = undefined;
    if (next !== undefined && next !== this.session.state.volume) await this.setVolume(next);
  }

  private async run(
    action: BroadcastAction,
    send: (speaker: SpeakerPort) => Promise<unknown>,
    done: SessionEvent,
  ): Promise<void> {
    const speaker = this.speaker();
    if (!speaker || this.session.state.pending) return;
    if (this.session.dispatch({ type: 'actionStarted', action }).pending !== action) return;
    try {
      await send(speaker);
      this.session.dispatch(done);
    } catch (error) {
      const retryAfter = retryAfterOf(error);
      this.session.dispatch({
        type: 'actionFailed',
        code: errorCode(error),
        ...(retryAfter ? { retryAfter } : {}),
      });
    }
  }
}
