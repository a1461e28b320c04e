import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SpeakerClient } from '@lingocast/client';
import type { Session } from '@lingocast/contract';
import type { RunningStage } from '@lingocast/stage';
import { requestToken } from '@lingocast/stage';
import { apertium, sleep } from '@lingocast/speech-fixtures';
import { startOwnStage } from './support/own-stage';
import { endpoints, speakerToken, until, webUrl } from './support/stage';
import {
  SCREENSHOTS,
  debugView,
  launchListenerBrowser,
  phone,
  sayAloud,
  screenshot,
  seriousViolations,
  waitForDebug,
} from './support/web-listener-browser';

// The listener page (/listen/<session id>) in Debian's Chromium WITHOUT the autoplay flag, on a
// 390 × 844 phone, against the shared stage's web server; a speaker in Node streams flite speech.
// The server-restart case runs on a stage of its own, so the shared one is never disturbed.

const FIRST = 'The church meets every Sunday morning to pray together.';
const SECOND = 'We sing and we read the book together.';

function newSpeaker(httpUrl: string, websocketUrl: string, token: string): SpeakerClient {
  return new SpeakerClient({ httpUrl, websocketUrl, tokenProvider: () => token, WebSocket });
}

/** The latest caption line's translated text and language. */
async function latestCaption(page: Page): Promise<{ text: string; lang: string | null }> {
  const line = page.locator('.caption.latest .translated');
  return { text: (await line.textContent()) ?? '', lang: await line.getAttribute('lang') };
}

describe('the listener page on a phone', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const speakers: SpeakerClient[] = [];

  async function openPhone(path: string, options: Parameters<typeof phone>[1] = {}): Promise<Page> {
    const context = await phone(browser, options);
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => process.stdout.write(`[listener page] ${error.message}\n`));
    await page.goto(`${webUrl()}${path}`);
    return page;
  }

  async function liveSession(): Promise<{ session: Session; speaker: SpeakerClient }> {
    const { httpApi, websocket } = endpoints();
    const speaker = newSpeaker(httpApi, websocket, await speakerToken());
    speakers.push(speaker);
    const session = await speaker.createSession({ sourceLanguage: 'en' });
    await speaker.connect(session.sessionId);
    return { session, speaker };
  }

  beforeAll(async () => {
    browser = await launchListenerBrowser();
    process.stdout.write(`[web-listener] screenshots in ${SCREENSHOTS}\n`);
  });

  afterAll(async () => {
    speakers.forEach((speaker) => speaker.close());
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
  });

  it('says a link names no talk, with what to do', async () => {
    const page = await openPhone('/listen/silent-otter-999');
    await page
      .getByRole('heading', { name: 'No talk has the code silent-otter-999' })
      .waitFor({ timeout: 15_000 });
    expect(await page.getByText(/Check the code/).isVisible()).toBe(true);
    await screenshot(page, 'not-found');
  });

  describe('a talk, from the tap to the end', () => {
    let session: Session;
    let speaker: SpeakerClient;
    let page: Page;
    let dark: Page;

    beforeAll(async () => {
      ({ session, speaker } = await liveSession());
      page = await openPhone(`/listen/${session.sessionId}?lang=es`);
      dark = await openPhone(`/listen/${session.sessionId}?lang=es`, { colorScheme: 'dark' });
    });

    it('asks for a tap before any audio: no autoplay', async () => {
      const tap = page.getByRole('button', { name: 'Tap to listen' });
      await tap.waitFor();
      expect(await page.getByRole('combobox', { name: 'Language' }).inputValue()).toBe('es');
      expect(await debugView(page)).toMatchObject({
        phase: 'ready-to-tap',
        audio: 'locked',
        utterancesStarted: 0,
      });
      await screenshot(page, 'ready');
      expect(await seriousViolations(page)).toEqual([]);
    });

    it('has no serious accessibility problem in dark colours either', async () => {
      await dark.getByRole('button', { name: 'Tap to listen' }).waitFor();
      expect(await seriousViolations(dark)).toEqual([]);
      await screenshot(dark, 'ready-dark');
    });

    it('is live after the tap, with Spanish captions and audio that plays', async () => {
      await page.getByRole('button', { name: 'Tap to listen' }).tap();
      await waitForDebug(page, (d) => d.phase === 'live' && d.audio === 'running', 45_000);
      // The dark phone follows captions only: it must never download or play audio.
      await dark.getByRole('radio', { name: /Captions only/ }).check();
      await dark.getByRole('button', { name: 'Show captions' }).tap();
      await waitForDebug(dark, (d) => d.phase === 'live', 45_000);
      expect(await page.getByRole('status').filter({ hasText: 'Live' }).count()).toBe(1);
      expect(await page.getByRole('log').getAttribute('aria-live')).toBe('off');
      expect(await dark.getByRole('log').getAttribute('aria-live')).toBe('polite');

      await sayAloud(speaker, FIRST);
      const heard = await waitForDebug(page, (d) => d.captions >= 1 && d.utterancesStarted >= 1, 90_000);
      expect(heard.audio).toBe('running');
      expect(heard.audioReceived).toBeGreaterThanOrEqual(1);
      const caption = await latestCaption(page);
      expect(caption.lang).toBe('es');
      expect(caption.text).toMatch(/iglesia/i);
      expect(caption.text).toBe(apertium('eng-spa', await sourceOf(page)));
      await screenshot(page, 'live');
      expect(await seriousViolations(page)).toEqual([]);

      const captionsOnly = await waitForDebug(dark, (d) => d.captions >= 1, 30_000);
      await sleep(2_000);
      // The server sent it no audio at all (not merely audio it did not play).
      expect({ ...captionsOnly, ...(await debugView(dark)) }).toMatchObject({
        audio: 'off',
        utterancesStarted: 0,
        audioReceived: 0,
      });
      expect(await seriousViolations(dark)).toEqual([]);
      await screenshot(dark, 'live-dark-captions-only');
    });

    it('switches to Catalan mid-talk and keeps the audio going', async () => {
      await page.getByRole('combobox', { name: 'Language' }).selectOption('ca');
      await waitForDebug(page, (d) => d.language === 'ca', 15_000);
      const before = await debugView(page);
      await sayAloud(speaker, SECOND);
      await page.locator('.caption.latest .translated[lang="ca"]').waitFor({ timeout: 60_000 });
      const after = await waitForDebug(page, (d) => d.utterancesStarted > before.utterancesStarted, 30_000);
      expect(after.audio).toBe('running');
      expect((await latestCaption(page)).text).toMatch(/llibre/i);
      await screenshot(page, 'live-catalan');
    });

    it('shows when the speaker pauses and mutes', async () => {
      await speaker.pause();
      await page
        .getByRole('status')
        .filter({ hasText: 'The speaker has paused' })
        .waitFor({ timeout: 15_000 });
      await screenshot(page, 'speaker-paused');
      await speaker.resume();
      await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 15_000 });
      await speaker.mute();
      await page.getByRole('status').filter({ hasText: 'The speaker is muted' }).waitFor({ timeout: 15_000 });
      await screenshot(page, 'speaker-muted');
      await speaker.unmute();
      await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 15_000 });
    });

    it('shows the ended screen with the transcript to download', async () => {
      await speaker.endSession();
      await page.getByRole('heading', { name: 'This talk has ended' }).waitFor({ timeout: 20_000 });
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download text' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`lingocast-${session.sessionId}.txt`);
      const text = readFileSync((await download.path()) ?? '', 'utf8');
      expect(text).toMatch(/iglesia/i);
      expect(text).toMatch(/llibre/i);
      const [vtt] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download subtitles (WebVTT)' }).click(),
      ]);
      expect(readFileSync((await vtt.path()) ?? '', 'utf8')).toMatch(/^WEBVTT\n\n1\n00:00:00\.000 --> /);
      await screenshot(page, 'ended');
      // No account, no cookie: nothing was stored in the browser's cookie jar.
      expect(await page.context().cookies()).toEqual([]);
    });

    it('says an ended talk has ended when its link is opened later', async () => {
      const later = await openPhone(`/listen/${session.sessionId}`);
      await later.getByRole('heading', { name: 'This talk has ended' }).waitFor({ timeout: 15_000 });
      expect(await debugView(later)).toMatchObject({ phase: 'ended' });
    });
  });

  it('waits on a paused talk and becomes ready by itself when it resumes', async () => {
    const { session, speaker } = await liveSession();
    await speaker.pause();
    const page = await openPhone(`/listen/${session.sessionId}`);
    await page.getByRole('heading', { name: 'The talk is paused' }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'paused-before-join');
    await speaker.resume();
    await page.getByRole('button', { name: 'Tap to listen' }).waitFor({ timeout: 20_000 });
  });

  it('works by keyboard alone and remembers the text size', async () => {
    const { session } = await liveSession();
    const page = await openPhone(`/listen/${session.sessionId}`);
    await page.getByRole('button', { name: 'Tap to listen' }).waitFor();
    // Tab order is reading order: the language select, the two modes (one radio group), the button.
    const focused = () =>
      page.evaluate(() => document.activeElement?.textContent || document.activeElement?.id || '');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('language');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Tap to listen');
    await page.keyboard.press('Enter');
    const live = await waitForDebug(page, (d) => d.phase === 'live' && d.audio === 'running', 45_000);
    expect(live.audio).toBe('running');
    await page.getByText('Display').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Larger text' }).focus();
    await page.keyboard.press('Enter');
    const scale = () => page.evaluate(() => document.documentElement.style.getPropertyValue('--text-scale'));
    // The document follows the state in an effect, after the render.
    await until(async () => (await scale()) === '1.25', 'the text size to grow', 5_000);
    await page.reload();
    await page.getByRole('button', { name: 'Tap to listen' }).waitFor();
    await until(async () => (await scale()) === '1.25', 'the saved text size after a reload', 5_000);
  });

  it('offers "Tap to resume" when the audio is interrupted, and resumes on the tap', async () => {
    const { session } = await liveSession();
    const context = await phone(browser);
    contexts.push(context);
    // Record the page's AudioContexts so the test can suspend one, as a screen lock or a call does.
    await context.addInitScript(() => {
      const Original = window.AudioContext;
      const seen: AudioContext[] = [];
      Object.assign(window, { __audioContexts: seen });
      window.AudioContext = class extends Original {
        constructor(options?: AudioContextOptions) {
          super(options);
          seen.push(this);
        }
      };
    });
    const page = await context.newPage();
    await page.goto(`${webUrl()}/listen/${session.sessionId}?lang=es`);
    await page.getByRole('button', { name: 'Tap to listen' }).tap();
    await waitForDebug(page, (d) => d.phase === 'live' && d.audio === 'running', 45_000);
    await page.evaluate(() =>
      Promise.all(
        (window as unknown as { __audioContexts: AudioContext[] }).__audioContexts.map((c) => c.suspend()),
      ),
    );
    const resume = page.getByRole('button', { name: 'Tap to resume' });
    await resume.waitFor({ timeout: 10_000 });
    expect((await debugView(page)).audio).toBe('interrupted');
    await screenshot(page, 'tap-to-resume');
    await resume.tap();
    await waitForDebug(page, (d) => d.audio === 'running', 10_000);
    expect(await resume.count()).toBe(0);
  });

  it('speaks Spanish to a Spanish browser', async () => {
    const { session } = await liveSession();
    const page = await openPhone(`/listen/${session.sessionId}`, { locale: 'es-ES' });
    await page.getByRole('button', { name: 'Toca para escuchar' }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([
      'es',
      'ltr',
    ]);
    expect(await page.getByRole('combobox', { name: 'Idioma' }).inputValue()).toBe('es');
    expect(await page.locator('option[value="ca"]').textContent()).toBe('Català — Catalán');
    await screenshot(page, 'ready-es');
  });

  it('lays out right to left for an Arabic browser', async () => {
    const { session } = await liveSession();
    const page = await openPhone(`/listen/${session.sessionId}`, { locale: 'ar-EG' });
    await page.getByRole('button', { name: 'انقر للاستماع' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const box = await page.getByRole('heading', { level: 1 }).boundingBox();
    // Right to left: the heading starts at the right edge (its right side near the viewport's).
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeGreaterThan(390 - 40);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'ready-rtl');
  });

  describe('session-management restarted under a live page', () => {
    let stage: RunningStage | undefined;

    beforeAll(async () => {
      stage = await startOwnStage('web-listener-restart', {
        RATE_LIMIT_LISTENER_JOINS: '100000/60',
        RATE_LIMIT_CONNECTION_ATTEMPTS: '100000/60',
        SPEAKER_GRACE_SECONDS: '300',
      });
    }, 300_000);

    afterAll(async () => {
      await stage?.stop();
    }, 60_000);

    it('shows "reconnecting", then live again with captions', async () => {
      if (!stage) throw new Error('the stage did not start');
      const { httpApi, websocket, tokenUrl, web } = stage.endpoints;
      const { idToken } = await requestToken(tokenUrl, `web-restart-${Date.now()}`);
      const speaker = newSpeaker(httpApi, websocket, idToken);
      speakers.push(speaker);
      const session = await speaker.createSession({ sourceLanguage: 'en' });
      await speaker.connect(session.sessionId);
      const context = await phone(browser);
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(`${web}/listen/${session.sessionId}?lang=es`);
      await page.getByRole('button', { name: 'Tap to listen' }).tap();
      await waitForDebug(page, (d) => d.phase === 'live', 45_000);

      const restarted = stage.restartApp('session-management', { how: 'kill', downMs: 4_000 });
      await page.getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor({ timeout: 20_000 });
      await screenshot(page, 'reconnecting');
      await restarted;
      await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 60_000 });
      await sayAloud(speaker, FIRST);
      await waitForDebug(page, (d) => d.captions >= 1 && d.utterancesStarted >= 1, 90_000);
      expect((await latestCaption(page)).text).toMatch(/iglesia/i);
    }, 180_000);
  });
});

/** The recognised English of the latest caption, from the "both" view (then back to translation). */
async function sourceOf(page: Page): Promise<string> {
  await page.getByText('Display').click();
  await page.getByRole('radio', { name: 'Both' }).check();
  const source = (await page.locator('.caption.latest .original').textContent()) ?? '';
  await page.getByRole('radio', { name: 'Translation' }).check();
  await page.getByText('Display').click();
  return source;
}
