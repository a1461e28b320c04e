import type { ConnectionOptions } from '../connection';
import { ManagedConnection } from '../connection';
import { FakeWebSocket } from './fake-websocket';
import type { ManualTimers } from './manual-timers';
import { flushPromises } from './manual-timers';

// Shared setup of the ManagedConnection specs (connection*.spec.ts).

/** The sweeper's notice that listener old-1 must move to a new socket. */
export const REFRESH_REQUIRED = {
  type: 'connectionRefreshRequired',
  timestamp: 1,
  sessionId: 'golden-eagle-427',
  role: 'listener',
  connectionId: 'old-1',
};

/** The server's confirmation that new-1 took old-1's place. */
export const REFRESH_REFRESHED = {
  type: 'connectionRefreshComplete',
  timestamp: 2,
  sessionId: 'golden-eagle-427',
  role: 'listener',
  connectionId: 'new-1',
};

/**
 * A connection on the fake WebSocket and manual timers, reconnecting after 100 ms, 200 ms, … up to 800 ms.
 *
 * @example
 * const managed = connection(timers, { heartbeatIntervalMs: 1_000 });
 */
export function connection(
  timers: ManualTimers,
  options: Partial<ConnectionOptions> = {},
): ManagedConnection {
  return new ManagedConnection({
    WebSocket: FakeWebSocket,
    url: () => 'ws://ws.test?sessionId=s',
    timers,
    backoff: { minMs: 100, maxMs: 800, jitter: 0, stableAfterMs: 1_000 },
    refreshSpreadMs: 0,
    ...options,
  });
}

/**
 * Opens the connection and accepts its handshake; gives the open socket.
 *
 * @example
 * const socket = await opened(managed);
 */
export async function opened(managed: ManagedConnection): Promise<FakeWebSocket> {
  const opening = managed.open();
  await flushPromises();
  FakeWebSocket.latest().accept();
  await opening;
  return FakeWebSocket.latest();
}

/**
 * Tells the open socket to refresh; gives the refresh socket, still opening.
 *
 * @example
 * const fresh = await refreshStarted(managed, old);
 */
export async function refreshStarted(managed: ManagedConnection, old: FakeWebSocket): Promise<FakeWebSocket> {
  old.receive(REFRESH_REQUIRED);
  await flushPromises();
  return FakeWebSocket.latest();
}

/**
 * An open connection whose refresh socket has completed its handshake, not yet confirmed.
 *
 * @example
 * const { old, fresh } = await refreshAccepted(managed);
 */
export async function refreshAccepted(
  managed: ManagedConnection,
): Promise<{ old: FakeWebSocket; fresh: FakeWebSocket }> {
  const old = await opened(managed);
  const fresh = await refreshStarted(managed, old);
  fresh.accept();
  await flushPromises();
  return { old, fresh };
}

/**
 * An open connection refreshed onto a second socket; the server has not closed the first yet.
 *
 * @example
 * const { old, fresh } = await refreshedOnto(managed);
 */
export async function refreshedOnto(
  managed: ManagedConnection,
): Promise<{ old: FakeWebSocket; fresh: FakeWebSocket }> {
  const sockets = await refreshAccepted(managed);
  sockets.fresh.receive({ ...REFRESH_REFRESHED });
  return sockets;
}
