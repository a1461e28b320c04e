import type { ClientMessage } from '@lingocast/contract';
import { Heartbeat } from './heartbeat';
import { ManualTimers } from './testing/manual-timers';

class Target {
  readonly sent: ClientMessage[] = [];
  send(message: ClientMessage): boolean {
    this.sent.push(message);
    return true;
  }
}

function heartbeat(timers: ManualTimers, target: () => Target | undefined, periodMs = 1_000) {
  const silent: Target[] = [];
  const beat = new Heartbeat({ timers, periodMs, target, onSilence: (socket) => silent.push(socket) });
  return { beat, silent };
}

describe('Heartbeat', () => {
  it('sends a heartbeat every period while something comes back', () => {
    // Prepare
    const timers = new ManualTimers();
    const socket = new Target();
    const { beat, silent } = heartbeat(timers, () => socket);
    beat.start();

    // Act
    timers.advance(1_000);
    beat.answered();
    timers.advance(1_000);
    beat.answered();
    timers.advance(999);

    // Assess
    expect(socket.sent).toEqual([{ action: 'heartbeat' }, { action: 'heartbeat' }]);
    expect(silent).toEqual([]);
  });

  it('reports the socket when a heartbeat went unanswered for a whole period, and stops', () => {
    // Prepare
    const timers = new ManualTimers();
    const socket = new Target();
    const { beat, silent } = heartbeat(timers, () => socket);
    beat.start();

    // Act
    timers.advance(2_000);

    // Assess
    expect(silent).toEqual([socket]);
    expect(timers.pending).toBe(0);
  });

  it('stops when there is no open socket to beat on', () => {
    // Prepare
    const timers = new ManualTimers();
    const { beat, silent } = heartbeat(timers, () => undefined);
    beat.start();

    // Act
    timers.advance(1_000);

    // Assess
    expect(silent).toEqual([]);
    expect(timers.pending).toBe(0);
  });

  it('does nothing with a period of 0, and stop() cancels a running one', () => {
    // Prepare
    const timers = new ManualTimers();
    const socket = new Target();
    const off = heartbeat(timers, () => socket, 0);
    const stopped = heartbeat(timers, () => socket);

    // Act
    off.beat.start();
    stopped.beat.start();
    stopped.beat.stop();
    timers.advance(10_000);

    // Assess
    expect(socket.sent).toEqual([]);
    expect(timers.pending).toBe(0);
  });

  it('starts the period over on start(), forgetting an unanswered heartbeat', () => {
    // Prepare
    const timers = new ManualTimers();
    const socket = new Target();
    const { beat, silent } = heartbeat(timers, () => socket);
    beat.start();
    timers.advance(1_000);

    // Act: a new socket took over before the reply
    beat.start();
    timers.advance(1_000);

    // Assess
    expect(socket.sent).toHaveLength(2);
    expect(silent).toEqual([]);
  });
});
