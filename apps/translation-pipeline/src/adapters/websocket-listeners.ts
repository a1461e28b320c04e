import type { ApiGatewayConnectionGateway } from '@lingocast/aws';
import type { ServerMessage } from '@lingocast/contract';
import type { ListenerGateway } from '../ports';

/** Delivers to listeners through the API Gateway management API, `concurrency` connections at a time. */
export class WebSocketListenerGateway implements ListenerGateway {
  constructor(
    private readonly gateway: ApiGatewayConnectionGateway,
    private readonly concurrency: number,
  ) {}

  async sendAll(
    connectionIds: readonly string[],
    messages: readonly ServerMessage[],
  ): Promise<{ gone: string[]; failed: number }> {
    if (connectionIds.length === 0) return { gone: [], failed: 0 };
    const payloads = messages.map((message) => JSON.stringify(message));
    const outcomes = await this.gateway.broadcast(connectionIds, payloads, this.concurrency);
    return {
      gone: outcomes.filter((o) => o.result === 'gone').map((o) => o.connectionId),
      failed: outcomes.filter((o) => o.result === 'failed').length,
    };
  }
}
