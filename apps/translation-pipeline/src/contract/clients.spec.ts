import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { ApiGatewayConnectionGateway } from '@lingocast/aws';
import { CONTRACT_EXAMPLES } from '@lingocast/contract';
import { parseServerMessage } from '@lingocast/validation';
import { mockClient } from 'aws-sdk-client-mock';
import { WebSocketListenerGateway } from '../adapters/websocket-listeners';
import { createTestDeps, RecordingSynthesizer, seedListeners, seedSession } from '../testing/fakes';
import { fanOutPartial } from '../use-cases/fan-out-partial';
import { translateUtterance } from '../use-cases/translate-utterance';

// translation-pipeline → clients: every frame this app posts is a server message the clients'
// parser (libs/validation's parseServerMessage, used by libs/client) accepts.

const client = new ApiGatewayManagementApiClient({
  region: 'us-east-1',
  endpoint: 'https://ws.example.test/test',
});
const apiMock = mockClient(client);

beforeEach(() => {
  apiMock.reset();
  apiMock.on(PostToConnectionCommand).resolves({});
});

/** Every frame posted, with the connection it went to. */
function postedFrames(): { connectionId: string; frame: string }[] {
  return apiMock.commandCalls(PostToConnectionCommand).map((call) => ({
    connectionId: call.args[0].input.ConnectionId ?? '',
    frame: Buffer.from(call.args[0].input.Data as Uint8Array).toString('utf8'),
  }));
}

describe('the messages translation-pipeline posts to clients', () => {
  it('are server messages the clients accept: audio in parts, captions-only and speaker transcripts', async () => {
    // Prepare
    // Speech big enough to need several 32 KB frames.
    const testDeps = createTestDeps({ synthesizer: new RecordingSynthesizer(60_000) });
    seedSession(testDeps, { speakerConnectionId: 'speaker-conn' });
    await seedListeners(testDeps, { 'listener-es': 'es', 'listener-fr': 'fr' }, ['listener-fr']);
    const listeners = new WebSocketListenerGateway(new ApiGatewayConnectionGateway(client), 4);

    // Act
    await translateUtterance({ ...testDeps, listeners }, CONTRACT_EXAMPLES.utteranceTranscribed);

    // Assess
    const frames = postedFrames();
    const parsed = frames.map(({ frame }) => parseServerMessage(frame));
    expect(parsed.filter((result) => !result.ok)).toEqual([]);
    const types = new Set(parsed.map((result) => (result.ok ? result.value.type : 'invalid')));
    expect(types).toEqual(new Set(['translatedAudio', 'transcript']));
    expect(new Set(frames.map((frame) => frame.connectionId))).toEqual(
      new Set(['listener-es', 'listener-fr', 'speaker-conn']),
    );
    expect(frames.filter((frame) => frame.connectionId === 'listener-es').length).toBeGreaterThan(1);
  });

  it('are server messages the clients accept: live captions', async () => {
    // Prepare
    const testDeps = createTestDeps();
    testDeps.clock.advance(CONTRACT_EXAMPLES.utterancePartial.emittedAt - testDeps.clock.now());
    seedSession(testDeps);
    await seedListeners(testDeps, { 'listener-es': 'es', 'listener-fr': 'fr' }, [], ['listener-es']);
    const listeners = new WebSocketListenerGateway(new ApiGatewayConnectionGateway(client), 4);

    // Act
    await fanOutPartial({ ...testDeps, listeners }, CONTRACT_EXAMPLES.utterancePartial);

    // Assess
    const frames = postedFrames();
    expect(
      frames.map(({ connectionId, frame }) => ({ connectionId, parsed: parseServerMessage(frame) })),
    ).toEqual([
      {
        connectionId: 'listener-es',
        parsed: {
          ok: true,
          value: expect.objectContaining({ type: 'transcriptPartial', text: 'Blessed are the' }),
        },
      },
    ]);
  });
});
