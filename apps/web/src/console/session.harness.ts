// The session specs' shared start: events that load the options and create a session, and the states they lead to.
import { initialSession, reduceSession } from './session';
import type { SessionEvent, SessionState } from './session';

export function run(events: SessionEvent[], from: SessionState = initialSession()): SessionState {
  return events.reduce(reduceSession, from);
}

export const loaded: SessionEvent = {
  type: 'optionsLoaded',
  sourceLanguages: ['en', 'es'],
  qualityTiers: ['premium', 'standard'],
  preferredLanguages: ['es-ES', 'en'],
};
export const created: SessionEvent = {
  type: 'created',
  session: { sessionId: 'golden-eagle-427', sourceLanguage: 'es', qualityTier: 'standard' },
  muted: false,
  volume: 1,
};
export const createdState = run([loaded, { type: 'create' }, created]);
export const liveState = run(
  [{ type: 'connectionState', state: 'open' }, { type: 'speakingStarted' }],
  createdState,
);
