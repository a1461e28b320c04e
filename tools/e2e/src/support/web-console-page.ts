// The speaker console's shared steps for web-console*.e2e.spec.ts: viewports, the fake microphone's
// speech, signing in, and refreshing the screenshots docs/web.md shows.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { speak } from '@lingocast/speech-fixtures';
import { webUrl } from './stage';
import { SCREENSHOTS, launchChromium, wav } from './web-console-browser';

/** What the fake microphone says, over and over. */
export const SENTENCE = 'The church meets every Sunday morning to pray together.';
/** A phone-sized viewport. */
export const PHONE = { width: 390, height: 844 };
/** A laptop-sized viewport. */
export const DESKTOP = { width: 1280, height: 860 };

const DOC_IMAGES = join(__dirname, '..', '..', '..', '..', 'docs', 'images', 'web');

/**
 * Signs in with a name; fails with what the page said when it did not work.
 *
 * @example
 * await signIn(page, 'Ana');
 */
export async function signIn(target: Page, name: string): Promise<void> {
  await target.goto(webUrl());
  await target.getByLabel(/your name|tu nombre/i).fill(name);
  await target.getByRole('button', { name: /^(sign in|iniciar sesión)$/i }).click();
  const signedIn = target.getByText(new RegExp(`(Signed in as|Sesión iniciada como) ${name}`));
  await signedIn.or(target.getByRole('alert')).first().waitFor();
  if (!(await signedIn.isVisible()))
    throw new Error(`sign-in failed: ${await target.getByRole('alert').first().textContent()}`);
}

/**
 * Chromium whose fake microphone, always allowed, loops flite speaking {@link SENTENCE}
 * (written to `<workDir>/speech.wav`).
 *
 * @example
 * const browser = await launchSpeakingChromium(workDir);
 */
export async function launchSpeakingChromium(workDir: string): Promise<Browser> {
  const microphoneFile = join(workDir, 'speech.wav');
  writeFileSync(microphoneFile, wav(speak(SENTENCE, 2.5, 0.5)));
  return launchChromium([
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${microphoneFile}`,
  ]);
}

/**
 * Copies these console screenshots to docs/images/web, on request only (LINGOCAST_UPDATE_DOC_IMAGES=1),
 * so `npm test` leaves the tree clean.
 *
 * @example
 * afterAll(() => updateDocImages(['sign-in', 'live']));
 */
export function updateDocImages(names: readonly string[]): void {
  if (process.env['LINGOCAST_UPDATE_DOC_IMAGES'] !== '1') return;
  mkdirSync(DOC_IMAGES, { recursive: true });
  for (const name of names) {
    try {
      copyFileSync(join(SCREENSHOTS, `console-${name}.png`), join(DOC_IMAGES, `console-${name}.png`));
    } catch {
      // A screenshot a failed test did not take is not copied; the failure says why.
    }
  }
}
