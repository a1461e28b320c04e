// The microphone's effects: listing the inputs, asking for the permission, capturing from the chosen one
// and handing its levels to the meter and its chunks to the controller.
import type { Level } from './level';
import type { MicrophoneEvent, MicrophoneState } from './microphone';
import type { MicrophoneCapturePort, MicrophonePort } from './ports';
import type { Store } from './store';

/**
 * Runs the microphone store's effects on the microphone port.
 *
 * @example
 * const mic = new MicrophoneControls(ports.microphone, microphoneStore, (pcm) => speaker.sendAudio(pcm));
 * await mic.check(); // true once capture runs
 */
export class MicrophoneControls {
  private capture: MicrophoneCapturePort | undefined;
  private readonly levelListeners = new Set<(level: Level) => void>();

  constructor(
    private readonly port: MicrophonePort,
    private readonly store: Store<MicrophoneState, MicrophoneEvent>,
    private readonly onChunk: (pcm: Uint8Array) => void,
  ) {}

  /** Lists the inputs again (after the permission, labels appear; on devicechange). */
  async list(): Promise<void> {
    try {
      this.store.dispatch({ type: 'devicesListed', devices: await this.port.list() });
    } catch {
      // Listing is a nicety: capture still works on the default device.
    }
  }

  /** Asks for the microphone and starts capture; true when it runs. */
  async check(): Promise<boolean> {
    const state = this.store.dispatch({ type: 'ask' });
    if (state.capturing) return true;
    if (state.status !== 'asking') return false;
    try {
      const capture: MicrophoneCapturePort = await this.port.capture({
        ...(state.deviceId ? { deviceId: state.deviceId } : {}),
        onChunk: (pcm) => this.onChunk(pcm),
        onLevel: (level) => {
          for (const listener of [...this.levelListeners]) listener(level);
        },
        onEnded: () => {
          if (this.capture !== capture) return; // a capture already let go
          this.capture = undefined;
          this.store.dispatch({ type: 'failed', problem: 'lost' });
          void capture.stop();
        },
      });
      if (this.store.state.status !== 'asking') {
        await capture.stop(); // the device changed meanwhile: the new choice starts its own capture
        return false;
      }
      this.capture = capture;
      this.store.dispatch({ type: 'granted' });
      void this.list();
      return true;
    } catch (error) {
      this.store.dispatch({ type: 'failed', problem: this.port.problemOf(error) });
      return false;
    }
  }

  async choose(deviceId: string): Promise<void> {
    const wasCapturing = this.store.state.capturing;
    const state = this.store.dispatch({ type: 'chooseDevice', deviceId });
    if (wasCapturing && !state.capturing) {
      await this.stop(false);
      await this.check();
    }
  }

  /** Hears every level the capture measures; returns the unsubscriber. */
  onLevel(listener: (level: Level) => void): () => void {
    this.levelListeners.add(listener);
    return () => this.levelListeners.delete(listener);
  }

  /** Stops capture; `release` also tells the store the microphone is let go (not on a device switch). */
  async stop(release = true): Promise<void> {
    const capture = this.capture;
    this.capture = undefined;
    if (release) this.store.dispatch({ type: 'released' });
    await capture?.stop();
  }
}
