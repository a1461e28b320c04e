import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { speak } from '@lingocast/speech-fixtures';
import { endpoints } from './support/stage';
import { clipped, launchChromium, screenshot, seriousViolations, wav } from './support/web-console-browser';
import {
  DESKTOP,
  launchSpeakingChromium,
  PHONE,
  SENTENCE,
  signIn,
  updateDocImages,
} from './support/web-console-page';

// The speaker console (`/` of apps/web, served by the shared stage's web server) in Debian's Chromium when
// the microphone is denied or clips, by keyboard alone, in Spanish, and under axe-core at 390 px in light and
// dark. The main flow (sign in, speak, a listener follows, end): web-console.e2e.spec.ts.

let workDir: string;
let web: string;
let speakerBrowser: Browser;

beforeAll(async () => {
  web = endpoints().web;
  workDir = mkdtempSync(join(tmpdir(), 'lingocast-web-console-access-'));
  speakerBrowser = await launchSpeakingChromium(workDir);
});

afterAll(async () => {
  await speakerBrowser?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
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

// The screenshots docs/web.md shows of this file's steps.
afterAll(() => updateDocImages(['warning', 'mic-denied', 'es', 'phone-dark']));
