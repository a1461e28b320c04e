import type { ServerMessage } from '@lingocast/contract';
import type { ApiGatewayConnectionGateway } from '@lingocast/aws';
import type { ConnectionGateway } from '../ports';

/** ConnectionGateway over the API Gateway management API: JSON text messages. */
export class WebSocketConnectionGateway implements ConnectionGateway {
  constructor(
    private readonly gateway: ApiGatewayConnectionGateway,
    private readonly concurrency: number,
  ) {}

  async send(connectionId: string, message: ServerMessage): Promise<boolean> {
    return (await this.gateway.post(connectionId, JSON.stringify(message))) === 'sent';
  }

  async sendSerialized(connectionId: string, payload: string): Promise<boolean> {
    return (await this.gateway.post(connectionId, payload)) === 'sent';
  }

  async sendToMany(connectionIds: readonly string[], message: ServerMessage): Promise<string[]> {
    const outcomes = await this.gateway.broadcast(connectionIds, [JSON.stringify(message)], this.concurrency);
    return outcomes.filter((outcome) => outcome.result === 'gone').map((outcome) => outcome.connectionId);
  }

  close(connectionId: string): Promise<void> {
    return this.gateway.close(connectionId);
  }
}
