import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';

/** `Event`: queued, answered at once; `RequestResponse`: waits for the function's answer. */
export type InvocationType = 'Event' | 'RequestResponse';

/**
 * Invokes a function with a JSON payload (asynchronously by default).
 *
 * @example
 * await invokeLambda(lambda, 'lingocast-dev-transcribeUtterance', event);
 * const result = await invokeLambda(lambda, ingestFunction, chunk, 'RequestResponse');
 */
export function invokeLambda(
  lambda: LambdaClient,
  functionName: string,
  payload: unknown,
  invocationType: InvocationType = 'Event',
): Promise<InvokeCommandOutput> {
  return lambda.send(
    new InvokeCommand({
      FunctionName: functionName,
      InvocationType: invocationType,
      Payload: Buffer.from(JSON.stringify(payload)),
    }),
  );
}

/**
 * The JSON a synchronous invocation answered with; undefined when it answered nothing.
 *
 * @example
 * const body = invocationBody(await invokeLambda(lambda, name, event, 'RequestResponse'));
 */
export function invocationBody(result: { Payload?: Uint8Array | undefined }): unknown {
  return result.Payload ? (JSON.parse(Buffer.from(result.Payload).toString('utf8')) as unknown) : undefined;
}
