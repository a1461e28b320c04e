// bench:web — the listener page on the local stage: its JavaScript size gzipped (the client library
// included; budget 60 kB), the time from opening the link to the "Tap to listen" button, and from the
// tap to the first audio, in Debian's Chromium on a 390 × 844 phone without the autoplay flag.
// A benchmark, not a test: it prints figures. Usage: nx run bench:web [-- --runs 5]
// [--endpoints .stage/endpoints.json] to measure a stage that already runs (npm run dev) instead of its own.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { SpeakerClient } from '@lingocast/client';
import { freePorts, requestToken, startStage } from '@lingocast/stage';
import type { StageEndpoints } from '@lingocast/stage';
import { chunks, speak } from '@lingocast/speech-fixtures';
import { loadAverage, machineLine } from './machine';
import { quantile } from './stats';
import { sleep, stopOnInterrupt } from './tasks';

const ROOT = join(__dirname, '..', '..', '..');
const DIST = join(ROOT, 'apps', 'web', 'dist');
const BUDGET_BYTES = 60 * 1024;
const SENTENCE = 'The church meets every Sunday morning to pray together.';
/** flite's speech is followed by this much silence; the utterance is cut in it, after the last word. */
const TRAILING_SILENCE_S = 1.2;
const CHROMIUM = process.env['LINGOCAST_CHROMIUM'] ?? '/usr/bin/chromium';

interface Sizes {
  files: string[];
  rawBytes: number;
  gzipBytes: number;
  brotliBytes: number;
  cssGzipBytes: number;
}

/** The listener page's scripts and stylesheet, as listen.html names them, raw, gzipped (-9) and brotli. */
function listenerSizes(): Sizes {
  const html = readFileSync(join(DIST, 'listen.html'), 'utf8');
  const scripts = [...html.matchAll(/<script[^>]+src="\/(assets\/[^"]+\.js)"/g)].map(
    (match) => match[1] as string,
  );
  const styles = [...html.matchAll(/<link[^>]+href="\/(assets\/[^"]+\.css)"/g)].map(
    (match) => match[1] as string,
  );
  if (scripts.length === 0) throw new Error('listen.html names no script: is apps/web/dist built?');
  const bytes = scripts.map((file) => readFileSync(join(DIST, file)));
  const css = styles.map((file) => readFileSync(join(DIST, file)));
  const all = Buffer.concat(bytes);
  return {
    files: scripts,
    rawBytes: all.length,
    gzipBytes: bytes.reduce((sum, file) => sum + gzipSync(file, { level: 9 }).length, 0),
    brotliBytes: bytes.reduce((sum, file) => sum + brotliCompressSync(file).length, 0),
    cssGzipBytes: css.reduce((sum, file) => sum + gzipSync(file, { level: 9 }).length, 0),
  };
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function utterancesStarted(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      (window as unknown as { __lingocastListener?: { utterancesStarted: number } }).__lingocastListener
        ?.utterancesStarted ?? 0,
  );
}

interface Run {
  openToTapMs: number;
  tapToLiveMs: number;
  tapToFirstAudioMs: number;
  speechMs: number;
}

/** One cold listener: a fresh context (no cache), open the link, wait for the button, tap, hear the first utterance. */
async function oneRun(
  browser: Browser,
  web: string,
  speaker: SpeakerClient,
  sessionId: string,
): Promise<Run> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  try {
    const page = await context.newPage();
    const opened = performance.now();
    await page.goto(`${web}/listen/${sessionId}?lang=es`, { waitUntil: 'commit' });
    const tap = page.getByRole('button', { name: 'Tap to listen' });
    await tap.waitFor({ timeout: 30_000 });
    const shown = performance.now();
    await tap.tap();
    const tapped = performance.now();
    await until(
      async () => ((await page.locator('main[data-phase="live"]').count()) > 0 ? true : undefined),
      30_000,
      'the page to be live',
    );
    const live = performance.now();
    // The speaker starts a sentence as the listener is live: the first audio is that sentence's.
    const pcm = speak(SENTENCE, TRAILING_SILENCE_S);
    const speaking = (async () => {
      for (const chunk of chunks(pcm)) {
        speaker.sendAudio(chunk);
        await sleep(250);
      }
    })();
    await until(
      async () => ((await utterancesStarted(page)) > 0 ? true : undefined),
      90_000,
      'the first audio',
    );
    const heard = performance.now();
    await speaking;
    return {
      openToTapMs: shown - opened,
      tapToLiveMs: live - tapped,
      tapToFirstAudioMs: heard - tapped,
      speechMs: pcm.length / 32 - TRAILING_SILENCE_S * 1000,
    };
  } finally {
    await context.close();
  }
}

function line(label: string, values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const fmt = (value: number) => `${Math.round(value)} ms`;
  return `${label.padEnd(34)} median ${fmt(quantile(sorted, 0.5))}   min ${fmt(sorted[0] ?? 0)}   max ${fmt(sorted[sorted.length - 1] ?? 0)}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      'no-build': { type: 'boolean' },
      endpoints: { type: 'string' },
    },
  });
  const runs = Math.max(1, Number(values.runs));
  console.log(`bench:web — ${machineLine()}`);
  if (!values['no-build'])
    execFileSync('node', [join(ROOT, 'apps', 'web', 'scripts', 'build.mjs')], { stdio: 'inherit' });
  const sizes = listenerSizes();
  const within = sizes.gzipBytes <= BUDGET_BYTES ? 'within' : 'OVER';
  console.log(`listener JavaScript: ${sizes.files.join(', ')}`);
  console.log(
    `  ${(sizes.rawBytes / 1024).toFixed(1)} kB minified, ${(sizes.gzipBytes / 1024).toFixed(1)} kB gzipped (${within} the 60 kB budget), ${(sizes.brotliBytes / 1024).toFixed(1)} kB brotli; CSS ${(sizes.cssGzipBytes / 1024).toFixed(1)} kB gzipped`,
  );

  const started = Date.now();
  let endpoints: StageEndpoints;
  let stop = async (): Promise<void> => undefined;
  if (values.endpoints) {
    endpoints = JSON.parse(readFileSync(values.endpoints, 'utf8')) as StageEndpoints;
    console.log(`stage of ${values.endpoints}; web ${endpoints.web}`);
  } else {
    const stage = await startStage({
      ports: await freePorts(),
      logDir: join(tmpdir(), `lingocast-bench-web-${process.pid}`),
    });
    stopOnInterrupt(stage);
    endpoints = stage.endpoints;
    stop = () => stage.stop();
    console.log(`stage up in ${((Date.now() - started) / 1000).toFixed(1)} s; web ${endpoints.web}`);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const { idToken } = await requestToken(endpoints.tokenUrl, 'bench-web-speaker');
  const speaker = new SpeakerClient({
    httpUrl: endpoints.httpApi,
    websocketUrl: endpoints.websocket,
    tokenProvider: () => idToken,
    WebSocket,
  });
  try {
    const session = await speaker.createSession({ sourceLanguage: 'en' });
    await speaker.connect(session.sessionId);
    const results: Run[] = [];
    // One warm-up run (esbuild-compiled handlers and engines start cold), not counted.
    await oneRun(browser, endpoints.web, speaker, session.sessionId);
    for (let run = 0; run < runs; run += 1) {
      results.push(await oneRun(browser, endpoints.web, speaker, session.sessionId));
      await sleep(1_000);
    }
    console.log(
      `${runs} cold listeners (fresh browser context each), one sentence of ${((results[0]?.speechMs ?? 0) / 1000).toFixed(1)} s spoken from the moment the page is live:`,
    );
    console.log(
      line(
        'open link → "Tap to listen" shown',
        results.map((r) => r.openToTapMs),
      ),
    );
    console.log(
      line(
        'tap → live (WebSocket joined)',
        results.map((r) => r.tapToLiveMs),
      ),
    );
    console.log(
      line(
        'tap → first audio playing',
        results.map((r) => r.tapToFirstAudioMs),
      ),
    );
    console.log(
      line(
        '  of which after the last word',
        results.map((r) => r.tapToFirstAudioMs - r.tapToLiveMs - r.speechMs),
      ),
    );
    console.log(`load average: ${loadAverage()}`);
  } finally {
    speaker.close();
    await browser.close();
    await stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
