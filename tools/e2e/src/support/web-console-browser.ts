// Helpers of web-console.e2e.spec.ts: Debian's Chromium through playwright-core, the fake microphone's WAV,
// screenshots under .stage/screenshots/web, and axe-core's serious and critical findings.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM = process.env['LINGOCAST_CHROMIUM'] ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(__dirname, '..', '..', '..', '..', '.stage', 'screenshots', 'web');

const BASE_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Chromium with extra switches (never the autoplay flag: the listener page must need its tap). */
export async function launchChromium(extraArgs: string[]): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `no Chromium at ${CHROMIUM}: run \`npm run setup\` (it installs Debian's chromium), or set LINGOCAST_CHROMIUM`,
    );
  return chromium.launch({ executablePath: CHROMIUM, args: [...BASE_ARGS, ...extraArgs] });
}

/** 16 kHz mono PCM16LE in a WAV file, the format Chromium's fake audio capture reads (it loops it). */
export function wav(pcm: Buffer): Buffer {
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

/** PCM16LE made `gain` times louder, saturating: speech that clips, for the audio-quality warning. */
export function clipped(pcm: Buffer, gain: number): Buffer {
  const out = Buffer.alloc(pcm.length);
  for (let offset = 0; offset + 1 < pcm.length; offset += 2) {
    const sample = Math.max(-32768, Math.min(32767, Math.round(pcm.readInt16LE(offset) * gain)));
    out.writeInt16LE(sample, offset);
  }
  return out;
}

/** Saves a viewport screenshot as .stage/screenshots/web/console-<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `console-${name}.png`);
  await page.screenshot({ path, fullPage: false, animations: 'disabled', caret: 'hide' });
  return path;
}

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core's serious and critical violations on the page as it is (the context must bypass the CSP to inject it). */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  await page.addScriptTag({ path: require.resolve('axe-core') });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }
    ).axe;
    interface AxeResults {
      violations: Array<{
        id: string;
        impact: string | null;
        help: string;
        nodes: Array<{ target: string[] }>;
      }>;
    }
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(' ')),
      }));
  });
}

/** Errors a page reports (uncaught exceptions, console errors, CSP violations), collected for one assertion. */
export function watchErrors(page: Page, into: string[], label: string): void {
  page.on('pageerror', (error) => into.push(`${label} pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error')
      into.push(`${label} console: ${message.text()} (${message.location().url})`);
  });
}
