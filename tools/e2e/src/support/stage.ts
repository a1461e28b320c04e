import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import type { StageEndpoints } from '@lingocast/stage';
import { requestMintedToken, requestToken } from '@lingocast/stage';
import type { ServerMessage } from '@lingocast/contract';

/** The endpoints of the stage that global-setup started. */
export function endpoints(): StageEndpoints & { logDir: string } {
  const file = process.env['LINGOCAST_E2E_ENDPOINTS'];
  if (!file)
    throw new Error(
      'LINGOCAST_E2E_ENDPOINTS is not set: run the tests through jest (global-setup.js sets it)',
    );
  return JSON.parse(readFileSync(file, 'utf8')) as StageEndpoints & { logDir: string };
}

/**
 * The shared stage's web server (e.g. `http://127.0.0.1:41234`): the speaker console at `/`, listener
 * pages at `/listen/<session id>`, `/config.json`, and `/api`, `/ws`, `/token` proxied to the stage.
 */
export function webUrl(): string {
  return endpoints().web;
}

/** A valid speaker ID token from the stage's issuer. */
export async function speakerToken(
  username = `speaker-${Math.random().toString(36).slice(2, 8)}`,
): Promise<string> {
  return (await requestToken(endpoints().tokenUrl, username)).idToken;
}

export { requestMintedToken };

/** POST /sessions with a token; returns status and body. */
export async function createSessionOverHttp(
  token: string | undefined,
  body: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${endpoints().httpApi}/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

/** A raw WebSocket that records every message (and its frame size) for assertions. */
export class RecordingSocket {
  readonly messages: ServerMessage[] = [];
  readonly frameSizes: number[] = [];
  private waiters: Array<{ predicate: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }> =
    [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.frameSizes.push(data.length);
      const message = JSON.parse(data.toString('utf8')) as ServerMessage;
      this.messages.push(message);
      this.waiters = this.waiters.filter((waiter) => {
        if (!waiter.predicate(message)) return true;
        waiter.resolve(message);
        return false;
      });
    });
  }

  /**
   * Opens a socket (to the shared stage unless `websocketUrl` names another); resolves once open,
   * or rejects with the refusal's HTTP status (ConnectionRefused).
   */
  static open(query: Record<string, string>, websocketUrl = endpoints().websocket): Promise<RecordingSocket> {
    const url = `${websocketUrl}?${new URLSearchParams(query).toString()}`;
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      const recording = new RecordingSocket(socket);
      socket.once('open', () => resolve(recording));
      socket.once('unexpected-response', (_request, response) =>
        reject(new ConnectionRefused(response.statusCode ?? 0)),
      );
      socket.once('error', (error) => reject(error));
    });
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The first message (already received or future) matching `predicate`. */
  waitFor<T extends ServerMessage = ServerMessage>(
    predicate: (m: ServerMessage) => boolean,
    timeoutMs = 20_000,
  ): Promise<T> {
    const seen = this.messages.find(predicate);
    if (seen) return Promise.resolve(seen as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching message within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        predicate,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as T);
        },
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

/** A `$connect` refused by the server, with the HTTP status of the refusal. */
export class ConnectionRefused extends Error {
  constructor(readonly status: number) {
    super(`connection refused with HTTP ${status}`);
    this.name = 'ConnectionRefused';
  }
}

/** Opens a socket expecting a refusal; resolves with its status (101 when it was accepted after all). */
export async function refusedStatus(query: Record<string, string>, websocketUrl?: string): Promise<number> {
  try {
    const socket = await RecordingSocket.open(query, websocketUrl);
    await socket.close();
    return 101;
  } catch (error) {
    if (error instanceof ConnectionRefused) return error.status;
    throw error;
  }
}

/** Polls `condition` (sync or async) every 100 ms until it holds; fails with `what` after `timeoutMs`. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
