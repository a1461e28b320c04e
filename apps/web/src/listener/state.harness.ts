// The listener state specs' shared start: a session to check, the languages served and the states a page passes.
import type { Caption, ListenerEvent, ListenerState, SessionCheck } from './state';
import { initialState, reduce } from './state';

export const active: SessionCheck = {
  status: 'active',
  sourceLanguage: 'en',
  listenerCount: 3,
  maxListeners: 500,
  broadcastState: { paused: false, muted: false },
};
export const LANGUAGES = ['es', 'ca', 'fr', 'en'];

export function run(state: ListenerState, ...events: ListenerEvent[]): ListenerState {
  return events.reduce(reduce, state);
}

export function start(overrides: Partial<Parameters<typeof initialState>[0]> = {}): ListenerState {
  return initialState({ sessionId: 'golden-eagle-427', wantedLanguages: ['es-ES', 'en'], ...overrides });
}

export function ready(overrides: Partial<Parameters<typeof initialState>[0]> = {}): ListenerState {
  return run(
    start(overrides),
    { type: 'configLoaded' },
    { type: 'sessionChecked', session: active, languages: LANGUAGES },
  );
}

export function live(overrides: Partial<Parameters<typeof initialState>[0]> = {}): ListenerState {
  return run(ready(overrides), { type: 'tapped' }, { type: 'joined', paused: false, muted: false });
}

export function caption(sequenceNumber: number, targetLanguage = 'es'): Caption {
  return {
    sequenceNumber,
    sourceLanguage: 'en',
    sourceText: `source ${sequenceNumber}`,
    targetLanguage,
    translatedText: `texto ${sequenceNumber}`,
    receivedAtMs: sequenceNumber * 1000,
  };
}
