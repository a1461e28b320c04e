// Helpers of web-listener.e2e.spec.ts: Debian's Chromium through playwright-core (never the autoplay
// flag: the listener must need its tap), phone-sized contexts, the page's read-only debug view,
// screenshots under .stage/screenshots/web, axe-core's serious and critical findings, paced speech.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { SpeakerClient } from '@lingocast/client';
import { chunks, sleep, speak } from '@lingocast/speech-fixtures';

export const CHROMIUM = process.env['LINGOCAST_CHROMIUM'] ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(__dirname, '..', '..', '..', '..', '.stage', 'screenshots', 'web');

/** Chromium as a phone user gets it: autoplay blocked until a gesture. */
export async function launchListenerBrowser(): Promise<Browser> {
  return chromium.launch({
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
}

/** A 390 × 844 phone with touch, in a locale and colour scheme; `bypassCSP` only so axe-core can be injected. */
export function phone(
  browser: Browser,
  options: { locale?: string; colorScheme?: 'light' | 'dark' } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    locale: options.locale ?? 'en-US',
    colorScheme: options.colorScheme ?? 'light',
    acceptDownloads: true,
  });
}

/** What the page exposes on `window.__lingocastListener` (read-only). */
export interface ListenerDebug {
  phase: string;
  audio: string;
  utterancesStarted: number;
  /** Utterances of audio the server sent the page. */
  audioReceived: number;
  captions: number;
  language: string;
}

export function debugView(page: Page): Promise<ListenerDebug> {
  return page.evaluate(() => ({
    ...(window as unknown as { __lingocastListener: ListenerDebug }).__lingocastListener,
  }));
}

/**
 * Polls the page's debug view until `predicate` holds (from Node: the page's CSP forbids the string
 * evaluation that page.waitForFunction would need); fails with the last view seen.
 */
export async function waitForDebug(
  page: Page,
  predicate: (view: ListenerDebug) => boolean,
  timeout = 60_000,
): Promise<ListenerDebug> {
  const deadline = Date.now() + timeout;
  let view = await debugView(page);
  while (!predicate(view)) {
    if (Date.now() > deadline)
      throw new Error(
        `the listener page did not reach ${predicate.toString()} in ${timeout} ms; last: ${JSON.stringify(view)}`,
      );
    await sleep(100);
    view = await debugView(page);
  }
  return view;
}

/** Saves a viewport screenshot as .stage/screenshots/web/listener-<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `listener-${name}.png`);
  await page.screenshot({ path, fullPage: false, animations: 'disabled', caret: 'hide' });
  return path;
}

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * axe-core's serious and critical violations (WCAG 2.x A/AA rules). The page's CSP forbids inline
 * scripts, so axe is evaluated through the DevTools protocol rather than a script tag.
 */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  await page.evaluate(readFileSync(require.resolve('axe-core'), 'utf8'));
  return page.evaluate(async () => {
    interface AxeResults {
      violations: Array<{
        id: string;
        impact: string | null;
        help: string;
        nodes: Array<{ target: string[] }>;
      }>;
    }
    const axe = (
      window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }
    ).axe;
    const results = await axe.run(document, {
      resultTypes: ['violations'],
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
    });
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

/** Streams one flite sentence as the speaker, paced like a microphone (250 ms chunks). */
export async function sayAloud(speaker: SpeakerClient, sentence: string): Promise<void> {
  for (const chunk of chunks(speak(sentence, 1.2))) {
    speaker.sendAudio(chunk);
    await sleep(250);
  }
}
