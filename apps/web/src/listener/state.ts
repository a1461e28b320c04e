// The listener page's behaviour as a pure state machine: events in, a new state out. Effects (network,
// audio, storage) run in the controller; components only render the state and send events.

import type {
  Phase,
  AudioMode,
  Caption,
  SessionCheck,
  ListenerState,
  ListenerEvent,
  InitialOptions,
} from './state-types';
import { afterCaption, withPartial, withoutPartial } from './live-line';
import { estimateMissedSeconds } from './missed';

export type {
  Phase,
  AudioMode,
  CaptionView,
  Theme,
  Caption,
  LivePartial,
  SessionCheck,
  ListenerState,
  ListenerEvent,
  InitialOptions,
} from './state-types';

/** Captions kept for the transcript download (the screen shows the latest few). */
export const MAX_CAPTIONS = 2000;
/** Text sizes the page offers, as multiples of the browser's default. */
export const TEXT_SCALES = [0.875, 1, 1.25, 1.5, 1.75, 2] as const;

/**
 * The state a page starts in.
 *
 * @example
 * initialState({ sessionId: 'golden-eagle-427', wantedLanguages: ['es'] }).phase; // 'joining'
 */
export function initialState(options: InitialOptions): ListenerState {
  return {
    phase: 'joining',
    sessionId: options.sessionId,
    languages: [],
    language: options.wantedLanguages[0] ?? 'en',
    wanted: options.wantedLanguages,
    captionsOnly: options.captionsOnly ?? false,
    liveCaptions: options.liveCaptions ?? false,
    audio: options.captionsOnly ? 'off' : 'locked',
    speaker: { paused: false, muted: false },
    behindLiveSeconds: 0,
    captions: [],
    utterancesStarted: 0,
    captionView: options.captionView ?? 'translated',
    textScale: closestScale(options.textScale ?? 1),
    theme: options.theme ?? 'system',
  };
}

/**
 * The offered text size nearest to `scale`.
 *
 * @example
 * closestScale(1.3); // 1.25
 */
export function closestScale(scale: number): number {
  if (!Number.isFinite(scale)) return 1;
  return TEXT_SCALES.reduce((best, candidate) =>
    Math.abs(candidate - scale) < Math.abs(best - scale) ? candidate : best,
  );
}

/** Phases in which the WebSocket is (or is becoming) the page's. */
const CONNECTED: readonly Phase[] = ['connecting', 'live', 'reconnecting'];

function isConnected(state: ListenerState): boolean {
  return CONNECTED.includes(state.phase);
}

/**
 * The language to listen in: the first wanted one the stage serves (exact or same language), else
 * the first the stage serves that is not the speaker's.
 *
 * @example
 * chooseLanguage(['es-ES', 'en'], ['ca', 'es'], 'en'); // 'es'
 */
export function chooseLanguage(
  wanted: readonly string[],
  served: readonly string[],
  source?: string,
): string {
  for (const code of wanted) {
    const lower = code.toLowerCase();
    const exact = served.find((candidate) => candidate.toLowerCase() === lower);
    if (exact) return exact;
    const base = lower.split('-')[0];
    const same = served.find((candidate) => candidate.toLowerCase().split('-')[0] === base);
    if (same) return same;
  }
  return served.find((code) => code !== source) ?? served[0] ?? wanted[0] ?? 'en';
}

function problemFor(code: string, detail?: string): { code: string; detail?: string } {
  return detail === undefined ? { code } : { code, detail };
}

function afterCheck(
  state: ListenerState,
  session: SessionCheck,
  languages: readonly string[],
): ListenerState {
  const language = chooseLanguage([state.language, ...state.wanted], languages, session.sourceLanguage);
  const base = {
    ...state,
    languages,
    language,
    sourceLanguage: session.sourceLanguage,
    capacity: session.maxListeners,
    speaker: { ...session.broadcastState },
    problem: undefined,
  };
  if (session.status === 'ended') return { ...base, phase: 'ended' };
  if (session.maxListeners !== undefined && session.listenerCount >= session.maxListeners)
    return { ...base, phase: 'full' };
  if (session.status === 'paused') return { ...base, phase: 'paused' };
  return { ...base, phase: 'ready-to-tap' };
}

function failedJoin(state: ListenerState, code: string, detail?: string): ListenerState {
  if (code === 'SESSION_NOT_FOUND') return { ...state, phase: 'not-found' };
  if (code === 'SESSION_ENDED') return { ...state, phase: 'ended' };
  if (code === 'SESSION_FULL') return { ...state, phase: 'full' };
  if (code === 'SESSION_NOT_ACTIVE') return { ...state, phase: 'paused' };
  return { ...state, phase: 'error', problem: problemFor(code, detail) };
}

function audioAfter(
  state: ListenerState,
  player: 'suspended' | 'running' | 'interrupted' | 'closed',
): AudioMode {
  if (state.captionsOnly) return 'off';
  if (player === 'running') return 'running';
  // Before the first tap nothing plays, so a suspended context is simply locked.
  return state.audio === 'locked' ? 'locked' : 'interrupted';
}

/**
 * The next state after `event`. Events that make no sense in the current phase change nothing.
 *
 * @example
 * reduce(initialState({ sessionId: 'a-b-123', wantedLanguages: [] }), { type: 'configLoaded' }).phase; // 'checking'
 */
export function reduce(state: ListenerState, event: ListenerEvent): ListenerState {
  switch (event.type) {
    case 'configLoaded':
      return state.phase === 'joining' ? { ...state, phase: 'checking' } : state;
    case 'configFailed':
      return { ...state, phase: 'error', problem: problemFor('CONFIG', event.detail) };
    case 'sessionChecked':
      if (state.phase !== 'checking' && state.phase !== 'paused' && state.phase !== 'full') return state;
      return afterCheck(state, event.session, event.languages);
    case 'sessionNotFound':
      return isConnected(state) ? state : { ...state, phase: 'not-found' };
    case 'checkFailed':
      return state.phase === 'checking'
        ? { ...state, phase: 'error', problem: problemFor(event.code, event.detail) }
        : state;
    case 'retry':
      if (state.phase === 'error' && state.problem?.code === 'CONFIG') return { ...state, phase: 'joining' };
      return ['error', 'full', 'paused', 'not-found'].includes(state.phase)
        ? { ...state, phase: 'checking', problem: undefined }
        : state;
    case 'tapped':
      if (state.phase !== 'ready-to-tap') return state;
      return { ...state, phase: 'connecting', audio: state.captionsOnly ? 'off' : 'starting' };
    case 'joined':
      if (!isConnected(state)) return state;
      return {
        ...state,
        phase: 'live',
        language: event.language ?? state.pendingLanguage ?? state.language,
        speaker: { paused: event.paused, muted: event.muted },
        problem: undefined,
      };
    case 'joinFailed':
      return isConnected(state) ? failedJoin(state, event.code, event.detail) : state;
    case 'connectionLost':
      // What was being heard is lost with the socket: the next partial or caption brings it back.
      return state.phase === 'live' || state.phase === 'connecting'
        ? { ...withoutPartial(state), phase: 'reconnecting' }
        : state;
    case 'reconnected':
      return state.phase === 'reconnecting' ? { ...state, phase: 'live' } : state;
    case 'reconnectFailed':
      return isConnected(state) ? { ...state, phase: 'error', problem: { code: 'CONNECTION_LOST' } } : state;
    case 'speakerPaused':
      return { ...withoutPartial(state), speaker: { ...state.speaker, paused: true } };
    case 'speakerResumed':
      return { ...state, speaker: { ...state.speaker, paused: false } };
    case 'speakerMuted':
      return { ...withoutPartial(state), speaker: { ...state.speaker, muted: true } };
    case 'speakerUnmuted':
      return { ...state, speaker: { ...state.speaker, muted: false } };
    case 'sessionEnded':
      return { ...withoutPartial(state), phase: 'ended', pendingLanguage: undefined, behindLiveSeconds: 0 };
    case 'audioState':
      return { ...state, audio: audioAfter(state, event.state) };
    case 'utteranceStarted':
      return { ...state, utterancesStarted: state.utterancesStarted + 1 };
    case 'languageChosen':
      if (!state.languages.includes(event.language)) return state;
      if (state.phase === 'live' || state.phase === 'reconnecting')
        return event.language === state.language
          ? { ...state, pendingLanguage: undefined }
          : { ...state, pendingLanguage: event.language, notice: undefined };
      return { ...state, language: event.language };
    case 'languageChanged':
      return { ...state, language: event.language, pendingLanguage: undefined, notice: undefined };
    case 'languageChangeFailed':
      return { ...state, pendingLanguage: undefined, notice: 'languageChangeFailed' };
    case 'captionsOnlyChosen':
      return {
        ...state,
        captionsOnly: event.on,
        audio: event.on
          ? 'off'
          : state.phase === 'ready-to-tap' || !isConnected(state)
            ? 'locked'
            : 'starting',
        notice: undefined,
      };
    case 'captionsOnlyFailed':
      return {
        ...state,
        captionsOnly: !event.on,
        audio: event.on ? 'starting' : 'off',
        notice: 'captionsModeFailed',
      };
    case 'liveCaptionsChosen':
      if (event.on === state.liveCaptions) return state;
      return { ...(event.on ? state : withoutPartial(state)), liveCaptions: event.on, notice: undefined };
    case 'liveCaptionsFailed':
      return {
        ...(event.on ? withoutPartial(state) : state),
        liveCaptions: !event.on,
        notice: 'liveCaptionsFailed',
      };
    case 'partial':
      return withPartial(state, event.partial);
    case 'caption': {
      if (
        state.captions.some(
          (seen) =>
            seen.sequenceNumber === event.caption.sequenceNumber &&
            seen.targetLanguage === event.caption.targetLanguage,
        )
      )
        return state;
      const captions = withCaption(state.captions, event.caption);
      return afterCaption(
        { ...state, captions: captions.length > MAX_CAPTIONS ? captions.slice(-MAX_CAPTIONS) : captions },
        event.caption.sequenceNumber,
      );
    }
    case 'missed': {
      if (!isConnected(state) || !(event.count > 0)) return state;
      const seconds = estimateMissedSeconds(state.captions, event.count);
      const before = state.missed ?? { count: 0, seconds: 0 };
      return { ...state, missed: { count: before.count + event.count, seconds: before.seconds + seconds } };
    }
    case 'missedDismissed':
      return state.missed ? { ...state, missed: undefined } : state;
    case 'behindLive': {
      const seconds = Math.max(0, Math.round(event.ms / 1000));
      return seconds === state.behindLiveSeconds ? state : { ...state, behindLiveSeconds: seconds };
    }
    case 'captionViewChosen':
      return { ...state, captionView: event.view };
    case 'textScaleChosen':
      return { ...state, textScale: closestScale(event.scale) };
    case 'themeChosen':
      return { ...state, theme: event.theme };
    default:
      return state;
  }
}

/** The captions with `caption` in utterance order: one a replay filled in late goes where it belongs. */
function withCaption(captions: readonly Caption[], caption: Caption): Caption[] {
  let at = captions.length;
  while (at > 0 && (captions[at - 1]?.sequenceNumber ?? 0) > caption.sequenceNumber) at -= 1;
  return [...captions.slice(0, at), caption, ...captions.slice(at)];
}

/**
 * The next larger (`+1`) or smaller (`-1`) text size, staying within the offered sizes.
 *
 * @example
 * stepScale(1, 1); // 1.25
 */
export function stepScale(scale: number, step: 1 | -1): number {
  const index = TEXT_SCALES.indexOf(closestScale(scale) as (typeof TEXT_SCALES)[number]);
  const next = Math.min(TEXT_SCALES.length - 1, Math.max(0, index + step));
  return TEXT_SCALES[next] as number;
}
