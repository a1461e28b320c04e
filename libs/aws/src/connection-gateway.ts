import {
  DeleteConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { isThrottlingError } from './aws-errors';
import { mapWithConcurrency } from './map-with-concurrency';

export interface SendOutcome {
  connectionId: string;
  /** `gone`: the connection no longer exists (410); the caller should forget it. */
  result: 'sent' | 'gone' | 'failed';
  error?: unknown;
}

export interface GatewayOptions {
  /** Retries on throttling (429) only, with exponential backoff from `retryBaseMs`. */
  maxThrottleRetries?: number;
  retryBaseMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function isGone(error: unknown): boolean {
  if (error instanceof GoneException) return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return status === 410 || (error as { name?: string })?.name === 'GoneException';
}

/**
 * Posts messages to WebSocket connections through the API Gateway management API: 410 means the
 * connection is gone (reported, not thrown); throttling is retried; anything else is a failure.
 *
 * @example
 * const gateway = new ApiGatewayConnectionGateway(managementClient({ region, endpoint }));
 * await gateway.post(connectionId, JSON.stringify(message));
 */
export class ApiGatewayConnectionGateway {
  private readonly maxThrottleRetries: number;
  private readonly retryBaseMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly client: ApiGatewayManagementApiClient,
    options: GatewayOptions = {},
  ) {
    this.maxThrottleRetries = options.maxThrottleRetries ?? 3;
    this.retryBaseMs = options.retryBaseMs ?? 50;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** Posts one payload (already serialised); resolves `sent` or `gone`, rejects on other failures. */
  async post(connectionId: string, payload: string): Promise<'sent' | 'gone'> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.client.send(
          new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from(payload) }),
        );
        return 'sent';
      } catch (error) {
        if (isGone(error)) return 'gone';
        if (!isThrottlingError(error) || attempt >= this.maxThrottleRetries) throw error;
        await this.sleep(this.retryBaseMs * 2 ** attempt * (0.5 + Math.random()));
      }
    }
  }

  /** Posts the same payloads, in order, to many connections with at most `concurrency` in flight. */
  async broadcast(
    connectionIds: readonly string[],
    payloads: readonly string[],
    concurrency: number,
  ): Promise<SendOutcome[]> {
    const settled = await mapWithConcurrency(connectionIds, concurrency, async (connectionId) => {
      for (const payload of payloads) {
        if ((await this.post(connectionId, payload)) === 'gone') return 'gone' as const;
      }
      return 'sent' as const;
    });
    return settled.map((outcome, index) => {
      const connectionId = connectionIds[index] ?? '';
      return outcome.status === 'fulfilled'
        ? { connectionId, result: outcome.value }
        : { connectionId, result: 'failed', error: outcome.reason };
    });
  }

  /** Closes a connection; a connection that is already gone is fine. */
  async close(connectionId: string): Promise<void> {
    try {
      await this.client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    } catch (error) {
      if (!isGone(error)) throw error;
    }
  }
}
