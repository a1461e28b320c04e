import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { invocationBody, invokeLambda } from './invoke';

function recordingLambda(answer: unknown = {}): { lambda: LambdaClient; sent: InvokeCommand[] } {
  const sent: InvokeCommand[] = [];
  const lambda = {
    send: async (command: InvokeCommand) => {
      sent.push(command);
      return answer;
    },
  } as unknown as LambdaClient;
  return { lambda, sent };
}

describe('invokeLambda', () => {
  it('invokes asynchronously by default, with the payload as JSON', async () => {
    // Prepare
    const { lambda, sent } = recordingLambda();

    // Act
    await invokeLambda(lambda, 'lingocast-dev-transcribeUtterance', { sessionId: 'golden-eagle-427' });

    // Assess
    expect(sent[0]).toBeInstanceOf(InvokeCommand);
    expect(sent[0]?.input.FunctionName).toBe('lingocast-dev-transcribeUtterance');
    expect(sent[0]?.input.InvocationType).toBe('Event');
    expect(Buffer.from((sent[0]?.input.Payload as Uint8Array | undefined) ?? []).toString('utf8')).toBe(
      '{"sessionId":"golden-eagle-427"}',
    );
  });

  it('waits for the answer when asked for RequestResponse, and returns it', async () => {
    const answer = { StatusCode: 200, Payload: Buffer.from('{"ok":true}') };
    const { lambda, sent } = recordingLambda(answer);

    const result = await invokeLambda(lambda, 'ingestAudio', { kind: 'audioChunk' }, 'RequestResponse');

    expect(sent[0]?.input.InvocationType).toBe('RequestResponse');
    expect(result).toBe(answer);
  });
});

describe('invocationBody', () => {
  it('parses the JSON a function answered with', () => {
    expect(invocationBody({ Payload: Buffer.from('{"ok":false,"code":"INVALID_PARAMETERS"}') })).toEqual({
      ok: false,
      code: 'INVALID_PARAMETERS',
    });
  });

  it('is undefined when the function answered nothing', () => {
    expect(invocationBody({})).toBeUndefined();
  });
});
