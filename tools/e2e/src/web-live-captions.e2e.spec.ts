import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SpeakerClient } from '@lingocast/client';
import { ENV } from '@lingocast/config';
import type { RunningStage } from '@lingocast/stage';
import { requestToken } from '@lingocast/stage';
import { sleep } from '@lingocast/speech-fixtures';
import { startOwnStage } from './support/own-stage';
import { screenshot as consoleScreenshot } from './support/web-console-browser';
import { DESKTOP, launchSpeakingChromium } from './support/web-console-page';
import type { ListenerDebug } from './support/web-listener-browser';
import {
  debugView,
  launchListenerBrowser,
  phone,
  sayAloud,
  screenshot,
  waitForDebug,
} from './support/web-listener-browser';

// Live captions as spoken (issue 13) on the listener page in Debian's Chromium, on a stage of its
// own with streaming recognition: a page that asked shows the words heard so far while the speaker
// talks, lighter and slanted, then the caption in their place; a page that did not ask gets none.
// The speaker console, speaking through Chromium's fake microphone, shows its own live line.

const SENTENCE = 'The church meets every Sunday morning to pray together.';

/** The debug view's live-captions fields (the page has them; the shared helper's type predates them). */
type LiveDebug = ListenerDebug & { liveCaptions: boolean; partial?: string };

async function liveDebug(page: Page): Promise<LiveDebug> {
  return (await debugView(page)) as LiveDebug;
}

/** What the page's live line looked like the first time the test saw it. */
interface LiveLineSeen {
  text: string;
  lang: string | null;
  fontStyle: string;
}

/**
 * The live line as it is now, read in one step in the page: it lives for a second or less, so reading
 * its parts one by one (count, then text) could wait 30 s for a line that the caption just replaced.
 */
async function liveLineOf(page: Page): Promise<LiveLineSeen | undefined> {
  const line = await page.evaluate(() => {
    const element = document.querySelector('.live-line');
    if (element === null) return null;
    return {
      text: element.textContent ?? '',
      lang: element.getAttribute('lang'),
      fontStyle: getComputedStyle(element).fontStyle,
    };
  });
  return line ?? undefined;
}

describe('live captions as spoken on the listener page (own stage, streaming recognition)', () => {
  let stage: RunningStage | undefined;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let speaker: SpeakerClient | undefined;

  async function openPhone(path: string): Promise<Page> {
    if (!stage) throw new Error('the streaming stage did not start');
    const context = await phone(browser);
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => process.stdout.write(`[listener page] ${error.message}\n`));
    await page.goto(`${stage.endpoints.web}${path}`);
    await page.getByRole('button', { name: 'Tap to listen' }).tap();
    await waitForDebug(page, (d) => d.phase === 'live', 60_000);
    return page;
  }

  beforeAll(async () => {
    stage = await startOwnStage('web-live-captions', {
      [ENV.recognitionMode]: 'streaming',
      [ENV.rateLimitConnectionAttempts]: '100000/60',
      [ENV.rateLimitFailedConnects]: '100000/60',
    });
    browser = await launchListenerBrowser();
  }, 300_000);

  afterAll(async () => {
    speaker?.close();
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await stage?.stop();
  }, 60_000);

  it('shows the words heard so far to a page that asked, then the caption in their place', async () => {
    if (!stage) throw new Error('the streaming stage did not start');
    const { httpApi, websocket, tokenUrl } = stage.endpoints;
    const token = (await requestToken(tokenUrl, 'live-captions-speaker')).idToken;
    speaker = new SpeakerClient({
      httpUrl: httpApi,
      websocketUrl: websocket,
      tokenProvider: () => token,
      WebSocket,
    });
    const atSpeaker: string[] = [];
    speaker.on('transcriptPartial', (partial) => atSpeaker.push(`${partial.sequenceNumber}:${partial.text}`));
    const finals: string[] = [];
    speaker.on('transcript', (final) => finals.push(final.sourceText.toLowerCase()));
    const session = await speaker.createSession({ sourceLanguage: 'en' });
    await speaker.connect(session.sessionId);

    const reading = await openPhone(`/listen/${session.sessionId}?lang=es`);
    const plain = await openPhone(`/listen/${session.sessionId}?lang=es`);
    await reading.locator('details.settings > summary').click();
    await reading.getByRole('checkbox', { name: 'Live captions as spoken' }).check();
    await waitForDebug(reading, (d) => (d as LiveDebug).liveCaptions, 10_000);
    await sleep(500); // the switch is answered before the speaker starts

    // Watch both pages while the speaker talks: the live line is short-lived, so sample it often.
    let speaking = true;
    const seen: LiveLineSeen[] = [];
    let plainLines = 0;
    let captionsWhenFirstSeen = -1;
    const watching = (async () => {
      while (speaking) {
        const line = await liveLineOf(reading);
        if (line && line.text !== seen.at(-1)?.text) {
          if (seen.length === 0) {
            captionsWhenFirstSeen = (await debugView(reading)).captions;
            await screenshot(reading, 'live-captions');
          }
          seen.push(line);
        }
        plainLines += await plain.locator('.live-line').count();
        await sleep(50);
      }
    })();
    await sayAloud(speaker, SENTENCE);
    await waitForDebug(reading, (d) => d.captions >= 1, 60_000);
    await waitForDebug(plain, (d) => d.captions >= 1, 30_000);
    await sleep(1_000);
    speaking = false;
    await watching;

    const after = await liveLineOf(reading);
    const announced = await reading.locator('.captions [role="status"]').textContent();
    process.stdout.write(
      `[web-live-captions] speaker got ${atSpeaker.length} partials; the page showed ${seen.length} ` +
        `(${seen.map((line) => line.text).join(' | ')}); announced "${announced}"; after the caption ${JSON.stringify(after)}\n`,
    );
    expect(atSpeaker.length).toBeGreaterThanOrEqual(1);
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(captionsWhenFirstSeen).toBe(0); // the words came before the caption
    expect(seen[0]).toMatchObject({ lang: 'en', fontStyle: 'italic' });
    // The live words are the utterance's, as the recogniser heard them so far: some are in its final text.
    const words = (text: string) =>
      text
        .replace(/^[^:]*:/, '')
        .trim()
        .toLowerCase()
        .split(/\s+/);
    const heard = words(seen.at(-1)?.text ?? '');
    expect(heard.some((word) => finals.join(' ').split(/\s+/).includes(word))).toBe(true);
    expect(after).toBeUndefined(); // the caption took its place
    // Screen readers are told a live line of three words or more (once per utterance: unit-tested).
    const told = (announced ?? '').trim().split(/\s+/).filter(Boolean);
    const long = seen.some((line) => words(line.text).length >= 3);
    expect({
      long,
      told: told.length === 0 ? 'nothing' : told.length >= 3 ? 'three words or more' : 'too few',
    }).toEqual({
      long,
      told: long ? 'three words or more' : expect.stringMatching(/^(nothing|three words or more)$/),
    });
    expect(plainLines).toBe(0);
    expect(await liveDebug(plain)).toMatchObject({ liveCaptions: false });
    expect((await liveDebug(plain)).partial).toBeUndefined();
    expect((await liveDebug(reading)).partial).toBeUndefined();
  }, 240_000);

  it('shows the speaker the words heard so far under the transcript, gone once paused', async () => {
    if (!stage) throw new Error('the streaming stage did not start');
    const workDir = mkdtempSync(join(tmpdir(), 'lingocast-live-captions-'));
    const speakingBrowser = await launchSpeakingChromium(workDir);
    try {
      const page = await (await speakingBrowser.newContext({ viewport: DESKTOP, locale: 'en-GB' })).newPage();
      page.on('pageerror', (error) => process.stdout.write(`[console page] ${error.message}\n`));
      await page.goto(stage.endpoints.web);
      await page.getByLabel(/your name/i).fill('Ana');
      await page.getByRole('button', { name: /^sign in$/i }).click();
      await page.getByRole('button', { name: 'Create session' }).click();
      await page.locator('[data-connection=live]').waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Start speaking' }).click();

      // The fake microphone loops one sentence: its words show in the live line before its line in the log.
      const live = page.locator('.transcript .partial');
      // Read in one step in the page: the line can give way to its utterance's between two reads.
      const readLive = () =>
        page.evaluate(() => {
          const element = document.querySelector('.transcript .partial');
          if (element === null) return null;
          return {
            text: element.textContent ?? '',
            sequence: Number(element.getAttribute('data-sequence')),
            fontStyle: getComputedStyle(element).fontStyle,
            inLog: element.closest('[role=log]') !== null,
          };
        });
      let first = await readLive();
      for (const until = Date.now() + 60_000; first === null && Date.now() < until; first = await readLive())
        await sleep(50);
      if (first === null) throw new Error('the console showed no live line within 60 s');
      await consoleScreenshot(page, 'live-partial');
      await page.locator(`[role=log] li[data-sequence="${first.sequence}"]`).waitFor({ timeout: 60_000 });
      const stillShown = Number(
        (await page.evaluate(() =>
          document.querySelector('.transcript .partial')?.getAttribute('data-sequence'),
        )) ?? -1,
      );
      await page.getByRole('button', { name: 'Pause' }).click();
      await page.getByText('Paused: listeners see that you paused').waitFor();
      const whilePaused = await live.count();
      process.stdout.write(
        `[web-live-captions] console live line ${JSON.stringify(first)}; after its line: utterance ${stillShown}\n`,
      );

      expect(first.text).toMatch(/\w/);
      expect(first).toMatchObject({ fontStyle: 'italic', inLog: false });
      expect(stillShown === -1 || stillShown > first.sequence).toBe(true); // its line replaced it
      expect(whilePaused).toBe(0);
    } finally {
      await speakingBrowser.close();
      rmSync(workDir, { recursive: true, force: true });
    }
  }, 180_000);
});
