import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import type { Session } from '@lingocast/contract';
import { apertium, speak } from '@lingocast/speech-fixtures';
import type { PageReport, PageRun } from './support/browser-page';
import { createSessionOverHttp, endpoints, speakerToken } from './support/stage';

// The browser entry (`@lingocast/client/browser`) in a real headless Chromium against the shared
// stage: the client's source bundled by esbuild, served on loopback under a CSP without
// 'unsafe-eval'; Chromium's fake microphone plays flite's speech into captureMicrophone, and a
// Spanish listener in the page plays the translated MP3s through createAudioPlayer.

const SENTENCE = 'The church meets every Sunday morning to pray together.';
const CHROMIUM = process.env['LINGOCAST_CHROMIUM'] ?? '/usr/bin/chromium';
const ROOT = join(__dirname, '..', '..', '..');
const CSP = [
  "default-src 'self'",
  // The capture worklet is inlined as a Blob URL module.
  "script-src 'self' blob:",
  'worker-src blob:',
  'connect-src ws://127.0.0.1:* http://127.0.0.1:*',
].join('; ');

/** 16 kHz mono PCM16LE in a WAV file, the format Chromium's fake audio capture reads. */
function wav(pcm: Buffer): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(16_000, 24);
  header.writeUInt32LE(32_000, 28); // bytes per second
  header.writeUInt16LE(2, 32); // bytes per frame
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, pcm]);
}

/** The page script, bundled from the client's source (workspace paths resolved through tsconfig). */
async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [join(__dirname, 'support', 'browser-page.ts')],
    tsconfig: join(ROOT, 'tsconfig.base.json'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no bundle');
  return output.text;
}

/** Serves the page and its bundle on 127.0.0.1 (a free port) with the CSP header. */
async function servePage(script: string): Promise<{ server: Server; url: string }> {
  const html =
    '<!doctype html><html><head><meta charset="utf-8"><title>LingoCast browser e2e</title>' +
    '<script type="module" src="/page.js"></script></head><body></body></html>';
  const server = createServer((request, response) => {
    const headers = { 'content-security-policy': CSP, 'cache-control': 'no-store' };
    if (request.url === '/') response.writeHead(200, { ...headers, 'content-type': 'text/html' }).end(html);
    else if (request.url === '/page.js')
      response.writeHead(200, { ...headers, 'content-type': 'text/javascript' }).end(script);
    else if (request.url === '/favicon.ico') response.writeHead(204, headers).end();
    else response.writeHead(404, headers).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

describe('the browser entry in headless Chromium against the local stage', () => {
  let workDir: string;
  let browser: Browser | undefined;
  let server: Server | undefined;
  let page: Page;
  let report: PageReport;
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  let elapsedMs = 0;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `no Chromium at ${CHROMIUM}: run \`npm run setup\` (it installs Debian's chromium), or set LINGOCAST_CHROMIUM`,
      );
    const started = Date.now();

    // Prepare: the speech as the fake microphone's file, the page, a session, Chromium.
    workDir = mkdtempSync(join(tmpdir(), 'lingocast-browser-e2e-'));
    const microphoneFile = join(workDir, 'speech.wav');
    writeFileSync(microphoneFile, wav(speak(SENTENCE, 2)));
    const served = await servePage(await bundlePage());
    server = served.server;
    const { httpApi, websocket } = endpoints();
    const token = await speakerToken('browser-speaker');
    const httpToken = await speakerToken('browser-http-speaker');
    const created = await createSessionOverHttp(token, { sourceLanguage: 'en' });
    expect(created.status).toBe(201);
    const run: PageRun = {
      httpUrl: httpApi,
      websocketUrl: websocket,
      token,
      httpToken,
      sessionId: (created.body as Session).sessionId,
      targetLanguage: 'es',
    };
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-audio-capture=${microphoneFile}`,
        '--autoplay-policy=no-user-gesture-required',
      ],
    });
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
    });

    // Act: open the page, start speaker and listener, wait for a caption and a played utterance.
    await page.goto(served.url);
    await page.waitForFunction(() => 'lingocast' in window, undefined, { timeout: 10_000 });
    await page.evaluate((pageRun) => window.lingocast.createAndEndSession(pageRun), run);
    await page.evaluate((pageRun) => window.lingocast.start(pageRun), run);
    await page
      .waitForFunction(
        () => window.lingocast.report.captions.length > 0 && window.lingocast.report.ended > 0,
        undefined,
        { timeout: 60_000, polling: 250 },
      )
      .catch(() => undefined); // the assertions below say what was missing
    await page.evaluate(() => window.lingocast.stop());
    report = await page.evaluate(() => window.lingocast.report);
    elapsedMs = Date.now() - started;
    process.stdout.write(
      `[browser] ${(elapsedMs / 1000).toFixed(1)} s: ${JSON.stringify({ ...report, captions: report.captions.map((c) => [c.sourceText, c.translatedText]) })}\n`,
    );
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('captures the fake microphone through the AudioWorklet and streams it to the stage', () => {
    expect(report.captureSampleRate).toBeGreaterThan(0);
    expect(report.chunksSent).toBeGreaterThan(10);
    expect(report.acks).toBeGreaterThan(10);
  });

  it("answers the speaker's status request with the page's listener", () => {
    expect(report.statusListenerCount).toBe(1);
  });

  it("creates a session over HTTP from the page's origin (CORS) and ends it", () => {
    expect(report.createdInPage).toEqual({
      sessionId: expect.stringMatching(/^[a-z]+-[a-z]+-\d{3}$/),
      status: 'active',
    });
  });

  it('gives the listener a caption of the spoken words, translated as Apertium translates them', () => {
    const caption = report.captions[0];
    expect(caption).toBeDefined();
    expect(caption?.sourceText).toMatch(/church/i);
    expect(caption?.sourceText).toMatch(/sunday/i);
    expect(caption?.targetLanguage).toBe('es');
    expect(caption?.translatedText).toBe(apertium('eng-spa', caption?.sourceText ?? ''));
  });

  it("decodes the translated MP3 in the browser's AudioContext and plays it through the jitter buffer", () => {
    expect(report.received).toBeGreaterThan(0);
    expect(report.decoded).toBeGreaterThan(0);
    expect(report.undecodable).toBe(0);
    expect(report.decodedMs).toBeGreaterThan(1000);
    expect(report.ended).toBeGreaterThan(0);
    expect(report.playerState).toBe('running');
    expect(report.playerStats).toMatchObject({ skipped: 0, late: 0, duplicates: 0, undecodable: 0 });
    expect(report.playerStats?.played).toBeGreaterThan(0);
  });

  it('runs without page errors and without CSP violations (no unsafe-eval)', () => {
    expect(pageErrors).toEqual([]);
    expect(report.errors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
