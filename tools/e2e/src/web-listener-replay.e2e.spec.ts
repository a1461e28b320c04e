import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ENV } from '@lingocast/config';
import type { RunningStage } from '@lingocast/stage';
import { sleep } from '@lingocast/speech-fixtures';
import { CuttableProxy } from './support/cuttable-proxy';
import { startOwnStage } from './support/own-stage';
import type { StageUrls, Talk } from './support/replay-harness';
import { byNumber, startTalk, talkSettled } from './support/replay-harness';
import { endpoints, until, webUrl } from './support/stage';
import { streamTalk, talkSpeech } from './support/talk';
import type { ListenerDebug } from './support/web-listener-browser';
import {
  debugView,
  launchListenerBrowser,
  phone,
  screenshot,
  waitForDebug,
} from './support/web-listener-browser';

// Replay as a person on the listener page sees it (issue 14): the phone's whole connection to the
// web server — page, /config.json and /ws — runs through a loopback proxy the test cuts (TCP reset,
// new connections refused). After a 10 s cut the page's captions are what a listener who never
// dropped got, in order, each once; after a cut longer than the replay window it says what it
// could not get back. Chromium without the autoplay flag: the tap is needed, as on a phone.

const CUT_MS = 10_000;
/** The short-window stage of the second case, and a cut that outlasts its window. */
const SHORT_WINDOW_MS = 15_000;
const LONG_CUT_MS = SHORT_WINDOW_MS + 10_000;

/** The page's captions, oldest first, as shown (translated text). */
async function shownCaptions(page: Page): Promise<string[]> {
  return page.locator('.caption-log .caption .translated').allTextContents();
}

/** Opens the listener page through `proxy`, taps to listen and waits until it is live. */
async function listenThrough(browser: Browser, proxy: CuttableProxy, talk: Talk): Promise<Page> {
  const context: BrowserContext = await phone(browser);
  const page = await context.newPage();
  page.on('pageerror', (error) => process.stdout.write(`[listener page] ${error.message}\n`));
  await page.goto(`${proxy.url('http')}/listen/${talk.session.sessionId}?lang=es`);
  await page.getByRole('button', { name: 'Tap to listen' }).tap();
  await waitForDebug(page, (d) => d.phase === 'live' && d.audio === 'running', 60_000);
  return page;
}

/** Cuts `proxy` once the page shows its first caption (so it has a number to ask after), for `ms`. */
async function cutAfterFirstCaption(page: Page, proxy: CuttableProxy, ms: number) {
  await waitForDebug(page, (d) => d.captions >= 1, 60_000);
  proxy.cut('reset');
  const cutAt = Date.now();
  const restored = sleep(ms).then(() => {
    proxy.restore();
    return Date.now() - cutAt;
  });
  return { cutAt, restored };
}

describe('the listener page across a dropped connection', () => {
  let browser: Browser;
  let talk: Talk | undefined;
  let proxy: CuttableProxy | undefined;

  beforeAll(async () => {
    browser = await launchListenerBrowser();
  });

  afterEach(async () => {
    await talk?.end();
    await proxy?.close();
    [talk, proxy] = [undefined, undefined];
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows every caption once, in order, after a 10 s cut, and played the audio it missed', async () => {
    const urls = endpoints();
    proxy = await CuttableProxy.start(new URL(webUrl()));
    const t = (talk = await startTalk(urls));
    const reference = await t.listen(urls.websocket);
    const page = await listenThrough(browser, proxy, t);
    let cut: { cutAt: number; restored: Promise<number> } | undefined;

    await streamTalk(t.speaker, talkSpeech(6), async (index) => {
      if (index === 1) cut = await cutAfterFirstCaption(page, proxy as CuttableProxy, CUT_MS);
    });
    const cutMs = await (cut as { restored: Promise<number> }).restored;
    const expected = await talkSettled(urls, t, reference);
    const want = byNumber(reference.heard()).map((u) => u.caption);
    await until(
      async () => (await shownCaptions(page)).length >= want.length,
      'the page to show every caption',
      60_000,
    ).catch(() => undefined);
    await sleep(1_000); // late duplicates, if any, would show by now
    const shown = await shownCaptions(page);
    const view: ListenerDebug = await debugView(page);

    process.stdout.write(
      `[web-listener-replay] cut ${cutMs} ms, proxy ${JSON.stringify(proxy.counts)}; translated ${expected.join(',')}; ` +
        `page ${JSON.stringify(view)}\n`,
    );
    expect(proxy.counts.cutSockets).toBeGreaterThanOrEqual(1);
    expect(reference.captions.some((c) => cut && c.at > cut.cutAt && c.at < cut.cutAt + cutMs)).toBe(true);
    expect(shown).toEqual(want);
    expect(view).toMatchObject({ phase: 'live', audio: 'running', audioReceived: want.length });
    expect(await page.locator('.notice.missed').count()).toBe(0);
  }, 240_000);

  describe(`a cut longer than the replay window (own stage, a ${SHORT_WINDOW_MS / 1000} s window)`, () => {
    let stage: RunningStage | undefined;

    beforeAll(async () => {
      stage = await startOwnStage('web-replay-short-window', {
        [ENV.replayWindowMs]: String(SHORT_WINDOW_MS),
        [ENV.rateLimitConnectionAttempts]: '100000/60',
        [ENV.rateLimitFailedConnects]: '100000/60',
      });
    }, 300_000);

    afterAll(async () => {
      await stage?.stop();
    }, 60_000);

    it('says how much was missed, in words, and shows what the window still held', async () => {
      if (!stage) throw new Error('the short-window stage did not start');
      const urls: StageUrls = { ...stage.endpoints, logDir: stage.logDir };
      proxy = await CuttableProxy.start(new URL(stage.endpoints.web));
      const t = (talk = await startTalk(urls));
      const reference = await t.listen(urls.websocket);
      const page = await listenThrough(browser, proxy, t);
      let cut: { restored: Promise<number> } | undefined;

      await streamTalk(t.speaker, talkSpeech(10), async (index) => {
        if (index === 1) cut = await cutAfterFirstCaption(page, proxy as CuttableProxy, LONG_CUT_MS);
      });
      await (cut as { restored: Promise<number> }).restored;
      await talkSettled(urls, t, reference);
      const notice = page.getByRole('status').filter({ hasText: /you missed about/ });
      await notice.waitFor({ timeout: 60_000 });
      const text = (await notice.textContent()) ?? '';
      const path = await screenshot(page, 'missed');
      const shown = await shownCaptions(page);
      const all = byNumber(reference.heard()).map((u) => u.caption);

      process.stdout.write(
        `[web-listener-replay] "${text}"; ${shown.length} of ${all.length} captions; ${path}\n`,
      );
      expect(text).toMatch(/you missed about \d+ (seconds?|minutes?) \(\d+ sentences?\)/);
      // What is shown is what the room heard, in order, with the part that left the window absent.
      expect(shown.length).toBeLessThan(all.length);
      expect(all.filter((caption) => shown.includes(caption))).toEqual(shown);
      await page.getByRole('button', { name: 'Dismiss' }).click();
      await until(
        async () => (await page.locator('.notice.missed').count()) === 0,
        'the notice to go',
        5_000,
      );
    }, 300_000);
  });
});
