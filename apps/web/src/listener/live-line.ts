// The live line (live captions as spoken, issue 13): the words heard so far of the utterance in
// progress, replaced by its caption, and what screen readers are told of it (once per utterance).
import type { ListenerState, LivePartial } from './state-types';

/** An utterance's live line is announced to screen readers once, when it first holds this many words. */
export const ANNOUNCE_MIN_WORDS = 3;

function words(text: string): number {
  return text.trim().split(/\s+/u).filter(Boolean).length;
}

/** The newest utterance whose caption is here (captions are kept in utterance order); -1 before any. */
function lastCaptioned(state: ListenerState): number {
  return state.captions.at(-1)?.sequenceNumber ?? -1;
}

/**
 * The state without its live line.
 *
 * @example
 * withoutPartial(state).partial; // undefined
 */
export function withoutPartial(state: ListenerState): ListenerState {
  if (!state.partial) return state;
  const { partial: _cleared, ...rest } = state;
  return rest;
}

/**
 * The state after a partial: shown while live with live captions on, unless its utterance already
 * has its caption or a newer one is shown; announced once per utterance, at its first partial with
 * {@link ANNOUNCE_MIN_WORDS} words, so screen readers are not flooded with every update.
 *
 * @example
 * withPartial(state, { sequenceNumber: 4, sourceLanguage: 'en', text: 'the church meets' }).partial?.text; // 'the church meets'
 */
export function withPartial(state: ListenerState, partial: LivePartial): ListenerState {
  if (!state.liveCaptions || state.phase !== 'live') return state;
  if (partial.sequenceNumber <= lastCaptioned(state)) return state;
  const shown = state.partial;
  if (shown && shown.sequenceNumber > partial.sequenceNumber) return state;
  if (partial.text.trim() === '') return withoutPartial(state);
  if (shown && shown.sequenceNumber === partial.sequenceNumber && shown.text === partial.text) return state;
  const announcedUpTo = state.liveAnnouncement?.sequenceNumber ?? -1;
  const announce = partial.sequenceNumber > announcedUpTo && words(partial.text) >= ANNOUNCE_MIN_WORDS;
  return {
    ...state,
    partial: { ...partial },
    ...(announce ? { liveAnnouncement: { ...partial } } : {}),
  };
}

/**
 * The state once utterance `sequenceNumber`'s caption arrived: its live line (or an older one) goes.
 *
 * @example
 * afterCaption(state, 4).partial; // undefined when the live line was utterance 4's
 */
export function afterCaption(state: ListenerState, sequenceNumber: number): ListenerState {
  return state.partial && state.partial.sequenceNumber <= sequenceNumber ? withoutPartial(state) : state;
}

/** What the page shows as the live line. */
export interface LiveLineView {
  text: string;
  /** The speaker's language (the line's `lang`). */
  language: string;
}

/**
 * The live line to show, if any: only while live with live captions on.
 *
 * @example
 * liveLine(state)?.text; // 'the church meets'
 */
export function liveLine(state: ListenerState): LiveLineView | undefined {
  if (!state.liveCaptions || state.phase !== 'live' || !state.partial) return undefined;
  return { text: state.partial.text, language: state.partial.sourceLanguage };
}
