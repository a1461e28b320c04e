import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { AudioChunkEvent, AudioFlushEvent, IngestResult } from '@lingocast/contract';
import { DomainError } from '@lingocast/errors';
import { invocationBody, invokeLambda } from '@lingocast/lambda';
import type { AudioForwarder, ConnectRefusal, ConnectionGreeter } from '../ports';

/** Forwards audio to audio-transcription: chunks synchronously (stored before the ack), flushes asynchronously. */
export class LambdaAudioForwarder implements AudioForwarder {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly ingestFunction: string,
  ) {}

  async forwardChunk(event: AudioChunkEvent): Promise<{ duplicate: boolean }> {
    const result = await invokeLambda(this.lambda, this.ingestFunction, event, 'RequestResponse');
    const body = invocationBody(result);
    if (result.FunctionError) {
      throw new DomainError('SERVICE_UNAVAILABLE', 'audio could not be stored; resend the chunk', {
        details: { body },
      });
    }
    const outcome = body as IngestResult | undefined;
    if (!outcome?.ok) {
      const code = outcome?.code === 'INVALID_PARAMETERS' ? 'INVALID_PARAMETERS' : 'SERVICE_UNAVAILABLE';
      throw new DomainError(code, outcome?.message ?? 'audio could not be stored; resend the chunk');
    }
    return { duplicate: outcome.duplicate === true };
  }

  async flush(event: Omit<AudioFlushEvent, 'kind'>): Promise<void> {
    const flush: AudioFlushEvent = { kind: 'audioFlush', ...event };
    await invokeLambda(this.lambda, this.ingestFunction, flush);
  }
}

/** Asks this service's `connectionReady` function to greet (or refuse) a new connection once it is open. */
export class LambdaConnectionGreeter implements ConnectionGreeter {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly connectionReadyFunction: string,
  ) {}

  async greetLater(connectionId: string, requestId: string): Promise<void> {
    await invokeLambda(this.lambda, this.connectionReadyFunction, { connectionId, requestId });
  }

  async refuseLater(connectionId: string, requestId: string, refusal: ConnectRefusal): Promise<void> {
    await invokeLambda(this.lambda, this.connectionReadyFunction, { connectionId, requestId, refusal });
  }
}
