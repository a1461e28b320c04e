import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apertium, speak } from '@lingocast/speech-fixtures';
import { endpoints } from './support/stage';
import {
  SCREENSHOTS,
  clipped,
  launchChromium,
  screenshot,
  seriousViolations,
  watchErrors,
  wav,
} from './support/web-console-browser';

// The speaker console (`/` of apps/web, served by the shared stage's web server) in Debian's Chromium: sign in
// with a name, create a session, speak flite's speech through Chromium's fake microphone, and watch a phone-sized
// listener page opened from the console's own join link (no autoplay flag: it needs its tap) follow pause, mute
// and the end. Then a denied microphone, the console in Spanish, and axe-core at 390 px in light and dark.

const SENTENCE = 'The church meets every Sunday morning to pray together.';
const ROOT = join(__dirname, '..', '..', '..');
const DOC_IMAGES = join(ROOT, 'docs', 'images', 'web');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 860 };

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

/** Signs in with a name; fails with what the page said when it did not work. */
async function signIn(target: Page, name: string): Promise<void> {
  await target.goto(web);
  await target.getByLabel(/your name|tu nombre/i).fill(name);
  await target.getByRole('button', { name: /^(sign in|iniciar sesión)$/i }).click();
  const signedIn = target.getByText(new RegExp(`(Signed in as|Sesión iniciada como) ${name}`));
  await signedIn.or(target.getByRole('alert')).first().waitFor();
  if (!(await signedIn.isVisible()))
    throw new Error(`sign-in failed: ${await target.getByRole('alert').first().textContent()}`);
}

beforeAll(async () => {
  web = endpoints().web;
  workDir = mkdtempSync(join(tmpdir(), 'lingocast-web-console-'));
  const microphoneFile = join(workDir, 'speech.wav');
  writeFileSync(microphoneFile, wav(speak(SENTENCE, 2.5, 0.5)));
  speakerBrowser = await launchChromium([
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${microphoneFile}`,
  ]);
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

describe('the speaker console with a denied microphone', () => {
  let deniedBrowser: Browser;

  afterAll(async () => {
    await deniedBrowser?.close();
  });

  it('says how to allow the microphone in the browser', async () => {
    deniedBrowser = await launchChromium(['--use-fake-device-for-media-stream', '--deny-permission-prompts']);
    const context = await deniedBrowser.newContext({ viewport: PHONE, locale: 'en-GB' });
    const denied = await context.newPage();
    await signIn(denied, 'Bea');
    await denied.getByRole('button', { name: 'Check microphone' }).click();

    const alert = denied.getByRole('alert').filter({ hasText: 'does not let this page use the microphone' });
    await alert.waitFor({ timeout: 15_000 });
    await expect(alert.textContent()).resolves.toMatch(/allow the microphone for this site/);
    await alert.scrollIntoViewIfNeeded();
    await screenshot(denied, 'mic-denied');
  });
});

describe('the speaker console with a microphone that clips', () => {
  let loudBrowser: Browser;

  afterAll(async () => {
    await loudBrowser?.close();
  });

  it('warns the speaker where they look, saying what to do', async () => {
    const loudFile = join(workDir, 'clipping.wav');
    writeFileSync(loudFile, wav(clipped(speak(SENTENCE, 2.5, 0.5), 12)));
    loudBrowser = await launchChromium([
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${loudFile}`,
    ]);
    const loud = await (await loudBrowser.newContext({ viewport: DESKTOP, locale: 'en-GB' })).newPage();
    await signIn(loud, 'Dan');
    await loud.getByRole('button', { name: 'Create session' }).click();
    await loud.getByRole('button', { name: 'Start speaking' }).click();

    const warning = loud.locator('.warning[data-issue=clipping]');
    await warning.waitFor({ timeout: 60_000 });
    await expect(warning.textContent()).resolves.toMatch(
      /Move back from the microphone a little, or lower its gain/,
    );
    await screenshot(loud, 'warning');
    await warning.getByRole('button', { name: 'Dismiss' }).click();
    await expect(warning.count()).resolves.toBe(0);
  });
});

describe('the speaker console by keyboard', () => {
  it('signs in, creates a session and starts speaking without a mouse, in reading order', async () => {
    const context = await speakerBrowser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
    const keyboard = await context.newPage();
    await keyboard.goto(web);
    await keyboard.getByLabel('Your name').waitFor();
    await expect(keyboard.evaluate(() => document.activeElement?.id)).resolves.toBe('username');
    await keyboard.keyboard.type('Kim');
    await keyboard.keyboard.press('Enter');
    await keyboard.getByText('Signed in as Kim').waitFor();
    await keyboard.getByLabel('Language you will speak').waitFor();

    // After signing in, focus is on the new session's heading: the form follows in reading order.
    await expect(keyboard.evaluate(() => document.activeElement?.id)).resolves.toBe('create-title');
    const order: string[] = [];
    for (let i = 0; i < 12 && order.at(-1) !== 'Create session'; i += 1) {
      await keyboard.keyboard.press('Tab');
      order.push(
        await keyboard.evaluate(() => {
          const active = document.activeElement as HTMLElement | null;
          return (
            active?.id || active?.textContent?.trim() || (active as HTMLInputElement | null)?.value || ''
          );
        }),
      );
    }
    expect(order).toEqual(['source-language', 'standard', 'Create session']);
    await keyboard.keyboard.press('Enter');
    await keyboard.locator('.session-code').waitFor();
    await keyboard.locator('[data-connection=live]').waitFor();

    const start = keyboard.getByRole('button', { name: 'Start speaking' });
    await start.focus();
    await keyboard.keyboard.press('Enter');
    await keyboard.getByText('On air: listeners hear you.').waitFor();
    await keyboard.getByRole('button', { name: 'End session' }).focus();
    await keyboard.keyboard.press('Enter');
    await keyboard.getByRole('dialog').waitFor();
    // The safe choice has the focus: Enter alone never ends a talk.
    await expect(keyboard.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Keep going');
    await keyboard.keyboard.press('Escape');
    await keyboard.getByRole('dialog').waitFor({ state: 'detached' });
    await context.close();
  });
});

describe('the speaker console in Spanish and at phone width', () => {
  it('speaks Spanish to a Spanish browser', async () => {
    const context = await speakerBrowser.newContext({ viewport: PHONE, locale: 'es-ES' });
    const spanish = await context.newPage();
    await spanish.goto(web);
    await spanish.getByRole('heading', { name: 'Inicia sesión para hablar' }).waitFor();
    await expect(spanish.evaluate(() => document.documentElement.lang)).resolves.toBe('es');

    await signIn(spanish, 'Carmen');
    const language = spanish.getByLabel('Idioma en el que hablarás');
    await language.waitFor();
    await expect(language.locator('option[value=en]').textContent()).resolves.toBe('Inglés');
    await screenshot(spanish, 'es');
    await context.close();
  });

  it.each(['light', 'dark'] as const)(
    'has no serious or critical axe-core violation at 390 px in %s mode',
    async (colorScheme) => {
      // bypassCSP lets the test inject axe-core; the console itself runs under its CSP in the tests above.
      const context = await speakerBrowser.newContext({
        viewport: PHONE,
        colorScheme,
        locale: 'en-GB',
        bypassCSP: true,
      });
      const phone = await context.newPage();
      await phone.goto(web);
      await phone.getByRole('heading', { name: 'Sign in to speak' }).waitFor();
      const atSignIn = await seriousViolations(phone);

      await signIn(phone, `Axe ${colorScheme}`);
      await phone.getByRole('button', { name: 'Check microphone' }).click();
      await phone.getByText('Microphone on.').waitFor();
      await phone.getByRole('button', { name: 'Create session' }).click();
      await phone.locator('.session-code').waitFor();
      await phone.getByRole('button', { name: 'Start speaking' }).click();
      await phone.getByText('On air: listeners hear you.').waitFor();
      const live = await seriousViolations(phone);
      await screenshot(phone, `phone-${colorScheme}`);

      await phone.getByRole('button', { name: 'End session' }).click();
      const confirm = await seriousViolations(phone);
      await phone.getByRole('button', { name: 'End for everyone' }).click();
      await phone.getByRole('heading', { name: 'Session ended' }).waitFor({ timeout: 20_000 });
      const ended = await seriousViolations(phone);
      await context.close();

      expect({ atSignIn, live, confirm, ended }).toEqual({ atSignIn: [], live: [], confirm: [], ended: [] });
    },
  );
});

afterAll(() => {
  // The screenshots docs/web.md shows, refreshed on request only, so `npm test` leaves the tree clean.
  if (process.env['LINGOCAST_UPDATE_DOC_IMAGES'] !== '1') return;
  mkdirSync(DOC_IMAGES, { recursive: true });
  for (const name of [
    'sign-in',
    'preflight',
    'live',
    'warning',
    'projector',
    'end-confirm',
    'ended',
    'mic-denied',
    'es',
    'phone-dark',
  ]) {
    try {
      copyFileSync(join(SCREENSHOTS, `console-${name}.png`), join(DOC_IMAGES, `console-${name}.png`));
    } catch {
      // A screenshot a failed test did not take is not copied; the failure says why.
    }
  }
});
