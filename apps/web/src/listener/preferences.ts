import type { SafeStorage } from '../shared/storage';
import type { CaptionView, Theme } from './state';

const PREFIX = 'lingocast.listener.';

export interface ListenerPreferences {
  language?: string;
  captionsOnly?: boolean;
  liveCaptions?: boolean;
  captionView?: CaptionView;
  textScale?: number;
  theme?: Theme;
}

const VIEWS: readonly CaptionView[] = ['translated', 'original', 'both'];
const THEMES: readonly Theme[] = ['system', 'light', 'dark'];

/**
 * The listener's remembered choices; anything unreadable or invalid is ignored.
 *
 * @example
 * readPreferences(safeStorage(() => localStorage)).textScale; // 1.25
 */
export function readPreferences(storage: SafeStorage): ListenerPreferences {
  const preferences: ListenerPreferences = {};
  const language = storage.get(`${PREFIX}language`);
  if (language && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(language)) preferences.language = language;
  const captionsOnly = storage.get(`${PREFIX}captionsOnly`);
  if (captionsOnly === 'true' || captionsOnly === 'false') preferences.captionsOnly = captionsOnly === 'true';
  const liveCaptions = storage.get(`${PREFIX}liveCaptions`);
  if (liveCaptions === 'true' || liveCaptions === 'false') preferences.liveCaptions = liveCaptions === 'true';
  const view = storage.get(`${PREFIX}captionView`);
  if (VIEWS.includes(view as CaptionView)) preferences.captionView = view as CaptionView;
  const scale = Number(storage.get(`${PREFIX}textScale`));
  if (Number.isFinite(scale) && scale > 0) preferences.textScale = scale;
  const theme = storage.get(`${PREFIX}theme`);
  if (THEMES.includes(theme as Theme)) preferences.theme = theme as Theme;
  return preferences;
}

/**
 * Remembers one choice (silently forgotten where storage is unavailable).
 *
 * @example
 * savePreference(storage, 'language', 'es');
 */
export function savePreference<K extends keyof ListenerPreferences>(
  storage: SafeStorage,
  key: K,
  value: NonNullable<ListenerPreferences[K]>,
): void {
  storage.set(`${PREFIX}${key}`, String(value));
}

/**
 * The session id and wanted language from the page address (`/listen/<sessionId>?lang=es`).
 *
 * @example
 * parseListenUrl('https://x.org/listen/golden-eagle-427?lang=es'); // { sessionId: 'golden-eagle-427', language: 'es' }
 */
export function parseListenUrl(href: string): { sessionId: string; language?: string } {
  const url = new URL(href);
  const match = /\/listen\/([^/?#]+)\/?$/.exec(url.pathname);
  let sessionId = '';
  try {
    sessionId = match?.[1] ? decodeURIComponent(match[1]).trim().toLowerCase() : '';
  } catch {
    // A malformed %-escape is no session id.
    sessionId = '';
  }
  const language = url.searchParams.get('lang')?.trim();
  return language ? { sessionId, language } : { sessionId };
}
