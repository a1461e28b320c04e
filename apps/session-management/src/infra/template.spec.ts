import { join } from 'node:path';
import { ListenerClient, SpeakerClient } from '@lingocast/client';
import type { AuditedTemplate } from '@lingocast/stack';
import { packageServerlessApp } from '@lingocast/stack';
import { CONNECT_IDENTITY_SOURCES } from '../identity-sources';

type TemplateResource = AuditedTemplate['Resources'][string];
const APP_DIR = join(__dirname, '..', '..');

/** A WebSocket that only records the URL a client opens; it never connects. */
class UrlRecordingSocket {
  static urls: string[] = [];
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;

  constructor(url: string) {
    UrlRecordingSocket.urls.push(url);
  }

  send(): void {}

  close(code = 1000, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

const WEBSOCKET_URL = 'wss://ws.example.test/dev';

/** The query string of the first URL a client opens, from the client library itself. */
async function firstQueryOf(connect: () => Promise<unknown>, close: () => void): Promise<URLSearchParams> {
  UrlRecordingSocket.urls = [];
  const connecting = connect().catch(() => undefined);
  await Promise.resolve();
  while (UrlRecordingSocket.urls.length === 0) await new Promise((resolve) => setImmediate(resolve));
  close();
  await connecting;
  return new URL(UrlRecordingSocket.urls[0] ?? '').searchParams;
}

/** Query parameters every client sends with a value: a listener's and a speaker's first `$connect`. */
async function parametersEveryClientSends(): Promise<string[]> {
  const listener = new ListenerClient({ websocketUrl: WEBSOCKET_URL, WebSocket: UrlRecordingSocket });
  const speaker = new SpeakerClient({
    httpUrl: 'https://http.example.test',
    websocketUrl: WEBSOCKET_URL,
    tokenProvider: () => 'a-token',
    WebSocket: UrlRecordingSocket,
  });
  const listenerQuery = await firstQueryOf(
    () => listener.join('golden-eagle-427', 'es'),
    () => listener.close(),
  );
  const speakerQuery = await firstQueryOf(
    () => speaker.connect('golden-eagle-427'),
    () => speaker.close(),
  );
  return [...listenerQuery.keys()].filter(
    (name) => listenerQuery.get(name) !== '' && (speakerQuery.get(name) ?? '') !== '',
  );
}

function resourcesOfType(template: AuditedTemplate, type: string): TemplateResource[] {
  return Object.values(template.Resources).filter((resource) => resource.Type === type);
}

let template: AuditedTemplate;

beforeAll(() => {
  template = packageServerlessApp(APP_DIR, 'dev');
}, 180_000);

describe('the packaged session-management template (serverless package --stage dev)', () => {
  it('has one $connect authorizer, a REQUEST authorizer on the WebSocket API', () => {
    // Act
    const authorizers = resourcesOfType(template, 'AWS::ApiGatewayV2::Authorizer');

    // Assess
    expect(authorizers).toHaveLength(1);
    expect(authorizers[0]?.Properties).toMatchObject({
      ApiId: { Ref: 'WebsocketsApi' },
      AuthorizerType: 'REQUEST',
    });
  });

  it("names as identity sources only query-string parameters every client library's $connect sends", async () => {
    // Prepare
    const sent = await parametersEveryClientSends();

    // Act
    const [authorizer] = resourcesOfType(template, 'AWS::ApiGatewayV2::Authorizer');
    const sources = authorizer?.Properties?.['IdentitySource'];

    // Assess: API Gateway answers 401 without calling the authorizer when one of them is missing.
    expect(sent).toContain('sessionId');
    expect(Array.isArray(sources) && sources.length > 0).toBe(true);
    for (const source of sources as unknown[]) {
      expect(source).toEqual(expect.stringMatching(/^route\.request\.querystring\./));
      expect(sent).toContain(String(source).slice('route.request.querystring.'.length));
    }
    expect(sources).toEqual([...CONNECT_IDENTITY_SOURCES]);
  });

  it('caches no authorizer result, so no policy is reused for another client', () => {
    // Act
    const [authorizer] = resourcesOfType(template, 'AWS::ApiGatewayV2::Authorizer');

    // Assess: absent (WebSocket APIs have no result cache) or 0 (caching off).
    expect(authorizer?.Properties?.['AuthorizerResultTtlInSeconds'] ?? 0).toBe(0);
  });

  it('puts the authorizer on $connect only', () => {
    // Act
    const routes = resourcesOfType(template, 'AWS::ApiGatewayV2::Route');
    const authorized = routes.filter((route) => route.Properties?.['AuthorizationType'] === 'CUSTOM');

    // Assess
    expect(authorized.map((route) => route.Properties?.['RouteKey'])).toEqual(['$connect']);
  });

  it('deploys the plain authorizer, not the local stage one with the identity-source check', () => {
    // Act
    const authorizerFunction = template.Resources['WsAuthorizerLambdaFunction'];

    // Assess
    expect(authorizerFunction?.Properties?.['Handler']).toBe(
      'src/handlers/ws-authorizer.authorizeConnection',
    );
  });
});
