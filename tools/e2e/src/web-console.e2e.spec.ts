import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apertium } from '@lingocast/speech-fixtures';
import { endpoints } from './support/stage';
import { SCREENSHOTS, screenshot, watchErrors } from './support/web-console-browser';
import { DESKTOP, launchSpeakingChromium, PHONE, signIn, updateDocImages } from './support/web-console-page';

// The speaker console (`/` of apps/web, served by the shared stage's web server) in Debian's Chromium: sign in
// with a name, create a session, speak flite's speech through Chromium's fake microphone, and watch a phone-sized
// listener page opened from the console's own join link (no autoplay flag: it needs its tap) follow pause, mute
// and the end. A denied or clipping microphone, the keyboard, Spanish and axe-core: web-console-access.e2e.spec.ts.

let workDir: string;
let web: string;
let speakerBrowser: Browser;
let console_: BrowserContext;
let page: Page;
let listenerContext: BrowserContext;
let listener: Page;
let joinLink: string;
let sessionId: string;
const errors: string[] = [];

/** The console's transcript lines (what the system recognised). */
const transcriptLines = (target: Page) =>
  target.locator('[role=log] li').evaluateAll((items) => items.map((item) => item.textContent ?? ''));

beforeAll(async () => {
  web = endpoints().web;
  workDir = mkdtempSync(join(tmpdir(), 'lingocast-web-console-'));
  speakerBrowser = await launchSpeakingChromium(workDir);
  console_ = await speakerBrowser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
  await console_.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web });
  page = await console_.newPage();
  watchErrors(page, errors, 'console');
  process.stdout.write(`[web-console] screenshots in ${SCREENSHOTS}\n`);
});

afterAll(async () => {
  await speakerBrowser?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('the speaker console in Chromium against the local stage', () => {
  it('signs in with a name on the local stage', async () => {
    await page.goto(web);
    await expect(page.getByRole('heading', { name: 'Sign in to speak' }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'sign-in');

    await signIn(page, 'Ana');

    const token = await page.evaluate(() =>
      JSON.stringify({ url: location.href, local: { ...localStorage } }),
    );
    expect(token).not.toMatch(/eyJ/); // the JWT is kept in memory: not in the URL, not in localStorage
  });

  it('offers the languages and quality tiers the server lists, by name', async () => {
    const language = page.getByLabel('Language you will speak');
    await language.waitFor();

    const options = await language
      .locator('option')
      .evaluateAll((items) => items.map((item) => [(item as HTMLOptionElement).value, item.textContent]));
    expect(options).toContainEqual(['en', 'English']);
    await expect(page.getByRole('radio', { name: 'Standard' }).isChecked()).resolves.toBe(true);
  });

  it('shows the microphone level moving before the session', async () => {
    await page.getByRole('button', { name: 'Check microphone' }).click();
    await page.getByText('Microphone on.').waitFor();

    const readings: number[] = [];
    // Up to 9 s: longer than one loop of the fake microphone's file (speech, then 3 s of silence).
    for (let i = 0; i < 60 && new Set(readings.filter((r) => r > 0)).size < 2; i += 1) {
      readings.push(
        await page.locator('meter#input-level').evaluate((meter) => (meter as HTMLMeterElement).value),
      );
      await page.waitForTimeout(150);
    }
    expect(new Set(readings.filter((reading) => reading > 0)).size).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'preflight');
  });

  it('creates a session and shows its code, join link, QR code and copy button', async () => {
    await page.getByRole('button', { name: 'Create session' }).click();
    const code = page.locator('.session-code');
    await code.waitFor();
    sessionId = (await code.textContent()) ?? '';
    expect(sessionId).toMatch(/^[a-z]+-[a-z]+-\d{3}$/);

    joinLink = await page.getByRole('textbox', { name: 'Join link' }).inputValue();
    expect(joinLink).toBe(`${web}/listen/${sessionId}`);
    const qrPath = await page.locator('svg.qr path').getAttribute('d');
    expect(qrPath?.length).toBeGreaterThan(500);
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByText('Link copied.').waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(joinLink);
    await page.locator('[data-connection=live]').waitFor();
  });

  it("counts a phone listener who opened the console's link and tapped to listen", async () => {
    listenerContext = await speakerBrowser.newContext({
      viewport: PHONE,
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'en-GB',
    });
    listener = await listenerContext.newPage();
    watchErrors(listener, errors, 'listener');
    await listener.goto(`${joinLink}?lang=es`);
    await listener.getByRole('button', { name: 'Tap to listen' }).tap();

    await page.locator('[data-listener-count="1"]').waitFor({ timeout: 15_000 });
    await expect(page.getByText('1 listener', { exact: true }).isVisible()).resolves.toBe(true);
    await page.getByText('Spanish: 1 listener').waitFor();
  });

  it('streams the fake microphone, shows what was recognised, and the listener gets it in Spanish', async () => {
    await page.getByRole('button', { name: 'Start speaking' }).click();
    await page.getByText('On air: listeners hear you.').waitFor();

    await page.waitForFunction(
      () => /church/i.test(document.querySelector('[role=log]')?.textContent ?? ''),
      undefined,
      {
        timeout: 60_000,
        polling: 250,
      },
    );
    const [recognised] = await transcriptLines(page);
    expect(recognised).toMatch(/sunday/i);
    const spanish = apertium('eng-spa', recognised ?? '');
    await listener.waitForFunction((text) => document.body.innerText.includes(text), spanish, {
      timeout: 30_000,
    });
    await screenshot(page, 'live');
    await screenshot(listener, 'listener-captions');
  });

  it('shows the connection state and the audio not yet acknowledged', async () => {
    await expect(page.locator('[data-connection]').first().textContent()).resolves.toMatch(/^Connected · /);
    const queued = page.locator('[data-queued-ms]');
    const ms = Number(await queued.getAttribute('data-queued-ms'));
    // How far acknowledgements lag depends on the machine's load; the client keeps at most 30 s.
    expect(ms).toBeGreaterThanOrEqual(0);
    expect(ms).toBeLessThan(30_000);
    await expect(queued.textContent()).resolves.toMatch(
      /^(All audio delivered|[\d.]+ seconds? of audio waiting to be sent)$/,
    );
  });

  it('pauses and mutes from the console, and the listener page shows both', async () => {
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByText('Paused: listeners see that you paused').waitFor();
    await listener.getByText('The speaker has paused').first().waitFor({ timeout: 15_000 });

    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByText('On air: listeners hear you.').waitFor();
    await page.getByRole('button', { name: 'Mute' }).click();
    await page.getByText('Muted: listeners get captions').waitFor();
    await listener.getByText('The speaker is muted').first().waitFor({ timeout: 15_000 });
    await screenshot(listener, 'listener-muted');

    await page.getByRole('button', { name: 'Unmute' }).click();
    await page.getByRole('button', { name: 'Mute' }).waitFor();
  });

  it('opens the projector view with the code, the QR code and live captions, and leaves it with Escape', async () => {
    await page.getByRole('button', { name: 'Projector view' }).click();
    const projector = page.getByRole('dialog');
    await projector.waitFor();
    await expect(projector.locator('.projector-code').textContent()).resolves.toBe(sessionId);
    await expect(projector.locator('svg.qr').count()).resolves.toBe(1);
    await projector.getByRole('log').locator('li').first().waitFor();
    await screenshot(page, 'projector');

    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Projector view' }).waitFor();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('projector-open');
  });

  it('ends the session after a confirmation, for the console and the listener', async () => {
    await page.getByRole('button', { name: 'End session' }).click();
    const dialog = page.getByRole('dialog', { name: 'End the session for everyone?' });
    await dialog.waitFor();
    await screenshot(page, 'end-confirm');
    await dialog.getByRole('button', { name: 'Keep going' }).click();
    await expect(dialog.isVisible()).resolves.toBe(false);

    await page.getByRole('button', { name: 'End session' }).click();
    await dialog.getByRole('button', { name: 'End for everyone' }).click();

    await page.getByRole('heading', { name: 'Session ended' }).waitFor({ timeout: 20_000 });
    await page.getByText(`Session ${sessionId} has ended for everyone.`).waitFor();
    await expect(page.getByText('Some of the last audio could not be delivered').count()).resolves.toBe(0);
    await listener.getByText('This talk has ended').waitFor({ timeout: 15_000 });
    await screenshot(page, 'ended');
    await page.getByRole('button', { name: 'Start a new session' }).click();
    await page.getByRole('button', { name: 'Create session' }).waitFor();
    await listenerContext.close();
  });

  it('runs without page errors or CSP violations', () => {
    expect(errors).toEqual([]);
  });
});

// The screenshots docs/web.md shows of this file's steps.
afterAll(() => updateDocImages(['sign-in', 'preflight', 'live', 'projector', 'end-confirm', 'ended']));
