// The speaker's session as a pure state machine: none → creating → created → live ↔ paused → ending → ended.
// The controller runs the effects (createSession, connect, capture, endSession) and reports their outcome as events.
import type {
  SessionPhase,
  ConnectionView,
  ClientConnectionState,
  Problem,
  TranscriptLine,
  Audience,
  LanguageOptions,
  SessionState,
  SessionEvent,
} from './session-types';

export type {
  SessionPhase,
  ConnectionView,
  ClientConnectionState,
  BroadcastAction,
  QualityIssue,
  Problem,
  CreatedSession,
  TranscriptLine,
  Audience,
  QualityWarning,
  LanguageOptions,
  SessionState,
  SessionEvent,
} from './session-types';

/** A quality warning stays on screen this long after the last one of its kind. */
export const WARNING_TTL_MS = 20_000;
/** The transcript keeps this many lines (older ones scroll away). */
export const TRANSCRIPT_LINES = 100;

/**
 * No session yet; the language list is loading.
 *
 * @example
 * initialSession().phase; // 'none'
 */
export function initialSession(): SessionState {
  return {
    phase: 'none',
    options: { kind: 'loading' },
    connection: 'offline',
    muted: false,
    volume: 1,
    queuedAudioMs: 0,
    transcript: [],
    warnings: [],
    confirmingEnd: false,
  };
}

const CONNECTION_VIEW: Record<ClientConnectionState, ConnectionView> = {
  connecting: 'connecting',
  open: 'live',
  reconnecting: 'reconnecting',
  closed: 'offline',
};

function isActive(phase: SessionPhase): boolean {
  return phase === 'created' || phase === 'live' || phase === 'paused';
}

function preferredOf<T extends string>(available: readonly T[], preferred: readonly string[]): T | undefined {
  for (const wanted of preferred) {
    const language = wanted.split('-')[0]?.toLowerCase();
    const found = available.find((code) => code.toLowerCase() === wanted.toLowerCase() || code === language);
    if (found) return found;
  }
  return available[0];
}

function withProblem(state: SessionState, problem: Problem | undefined): SessionState {
  if (problem) return { ...state, problem };
  const { problem: _dropped, ...rest } = state;
  return rest;
}

function problem(code: string, during: Problem['during'], retryAfter?: number): Problem {
  return retryAfter === undefined ? { code, during } : { code, during, retryAfter };
}

function audienceOf(listenerCount: number, distribution: Record<string, number>): Audience {
  const byLanguage = Object.entries(distribution)
    .filter(([, count]) => count > 0)
    .map(([language, count]) => ({ language, count }))
    .sort((a, b) => b.count - a.count || a.language.localeCompare(b.language));
  return { listenerCount, byLanguage };
}

function withTranscript(lines: TranscriptLine[], line: TranscriptLine): TranscriptLine[] {
  const others = lines.filter((existing) => existing.sequenceNumber !== line.sequenceNumber);
  return [...others, line].sort((a, b) => a.sequenceNumber - b.sequenceNumber).slice(-TRANSCRIPT_LINES);
}

/** The state without its live line (pause, stop, end: nothing is being heard now). */
function withoutPartial(state: SessionState): SessionState {
  if (!state.partial) return state;
  const { partial: _cleared, ...rest } = state;
  return rest;
}

/** The live line after a partial: shown while live, unless its utterance's line is already here. */
function withPartial(state: SessionState, sequenceNumber: number, text: string): SessionState {
  if (state.phase !== 'live') return state;
  const lastFinal = state.transcript.at(-1)?.sequenceNumber ?? -1;
  if (sequenceNumber <= lastFinal) return state;
  if (text.trim() === '') return withoutPartial(state);
  const current = state.partial;
  if (current && current.sequenceNumber === sequenceNumber && current.text === text) return state;
  return { ...state, partial: { sequenceNumber, text } };
}

function clampVolume(volume: number): number {
  return Math.min(1, Math.max(0, volume));
}

/**
 * The next session state. Events that do not apply to the current phase leave it unchanged.
 *
 * @example
 * reduceSession(initialSession(), { type: 'optionsLoaded', sourceLanguages: ['en'], qualityTiers: ['standard'], preferredLanguages: [] }).sourceLanguage; // 'en'
 */
export function reduceSession(state: SessionState, event: SessionEvent): SessionState {
  switch (event.type) {
    case 'optionsRequested':
      return withProblem({ ...state, options: { kind: 'loading' } }, undefined);
    case 'optionsLoaded': {
      const sourceLanguage =
        state.sourceLanguage && event.sourceLanguages.includes(state.sourceLanguage)
          ? state.sourceLanguage
          : preferredOf(event.sourceLanguages, event.preferredLanguages);
      const qualityTier =
        state.qualityTier && event.qualityTiers.includes(state.qualityTier)
          ? state.qualityTier
          : event.qualityTiers.includes('standard')
            ? 'standard'
            : event.qualityTiers[0];
      const options: LanguageOptions = {
        kind: 'loaded',
        sourceLanguages: [...event.sourceLanguages],
        qualityTiers: [...event.qualityTiers],
      };
      return {
        ...state,
        options,
        ...(sourceLanguage ? { sourceLanguage } : {}),
        ...(qualityTier ? { qualityTier } : {}),
      };
    }
    case 'optionsFailed':
      return { ...state, options: { kind: 'failed', problem: problem(event.code, 'languages') } };
    case 'chooseLanguage':
      if (state.options.kind !== 'loaded' || !state.options.sourceLanguages.includes(event.language))
        return state;
      return { ...state, sourceLanguage: event.language };
    case 'chooseTier':
      if (state.options.kind !== 'loaded' || !state.options.qualityTiers.includes(event.tier)) return state;
      return { ...state, qualityTier: event.tier };
    case 'create':
      if (state.phase !== 'none' || state.options.kind !== 'loaded' || !state.sourceLanguage) return state;
      return withProblem({ ...state, phase: 'creating' }, undefined);
    case 'created':
      if (state.phase !== 'creating') return state;
      return {
        ...state,
        phase: 'created',
        session: event.session,
        connection: 'connecting',
        muted: event.muted,
        volume: clampVolume(event.volume),
        queuedAudioMs: 0,
        transcript: [],
        warnings: [],
      };
    case 'createFailed':
      if (state.phase !== 'creating') return state;
      return { ...state, phase: 'none', problem: problem(event.code, 'create', event.retryAfter) };
    case 'connectionState': {
      if (!isActive(state.phase) && state.phase !== 'ending') return state;
      const view = CONNECTION_VIEW[event.state];
      // A refresh keeps the socket open: it stays "refreshing" until the new one is confirmed.
      if (state.connection === 'refreshing' && view === 'live') return state;
      // A dropped connection loses the utterance in progress: its words come again, or its line does.
      const lost = view === 'reconnecting' || view === 'offline';
      return { ...(lost ? withoutPartial(state) : state), connection: view };
    }
    case 'connectFailed':
      if (!isActive(state.phase)) return state;
      return { ...state, connection: 'offline', problem: problem(event.code, 'connect') };
    case 'refreshRequired':
      if (state.connection !== 'live') return state;
      return { ...state, connection: 'refreshing' };
    case 'refreshed':
      if (state.connection !== 'refreshing') return state;
      return { ...state, connection: 'live' };
    case 'speakingStarted':
      if (state.phase !== 'created') return state;
      return { ...state, phase: 'live' };
    case 'speakingStopped':
      if (state.phase !== 'live' && state.phase !== 'paused') return state;
      return { ...withoutPartial(state), phase: 'created' };
    case 'actionStarted':
      if (!isActive(state.phase) || state.pending) return state;
      return withProblem({ ...state, pending: event.action }, undefined);
    case 'actionFailed': {
      const { pending: _done, ...rest } = state;
      return { ...rest, problem: problem(event.code, 'broadcast', event.retryAfter) };
    }
    case 'paused':
    case 'resumed': {
      const { pending: _done, ...rest } = state;
      if (state.phase === 'live' && event.type === 'paused')
        return { ...withoutPartial(rest), phase: 'paused' };
      if (state.phase === 'paused' && event.type === 'resumed') return { ...rest, phase: 'live' };
      return isActive(state.phase) ? rest : state;
    }
    case 'muted':
    case 'unmuted': {
      if (!isActive(state.phase)) return state;
      const { pending: _done, ...rest } = state;
      return { ...rest, muted: event.type === 'muted' };
    }
    case 'volumeSet': {
      if (!isActive(state.phase)) return state;
      const { pending: _done, ...rest } = state;
      return { ...rest, volume: clampVolume(event.volume) };
    }
    case 'status': {
      if (!isActive(state.phase)) return state;
      const audience = audienceOf(event.listenerCount, event.languageDistribution);
      // A button waiting for its answer keeps its own value until the answer comes.
      if (state.pending) return { ...state, audience };
      return {
        ...state,
        audience,
        muted: event.broadcastState.muted,
        volume: clampVolume(event.broadcastState.volume),
      };
    }
    case 'queued':
      return { ...state, queuedAudioMs: Math.max(0, event.ms) };
    case 'transcript': {
      if (!isActive(state.phase) && state.phase !== 'ending') return state;
      // The utterance's line replaces its live line for good (and any older live line).
      const replaced = (state.partial?.sequenceNumber ?? Infinity) <= event.sequenceNumber;
      return {
        ...(replaced ? withoutPartial(state) : state),
        transcript: withTranscript(state.transcript, {
          sequenceNumber: event.sequenceNumber,
          text: event.text,
        }),
      };
    }
    case 'transcriptPartial':
      return withPartial(state, event.sequenceNumber, event.text);
    case 'qualityWarning': {
      if (!isActive(state.phase)) return state;
      const others = state.warnings.filter((warning) => warning.issue !== event.issue);
      return { ...state, warnings: [...others, { issue: event.issue, receivedAt: event.at }] };
    }
    case 'dismissWarning':
      return { ...state, warnings: state.warnings.filter((warning) => warning.issue !== event.issue) };
    case 'tick': {
      const warnings = state.warnings.filter((warning) => event.now - warning.receivedAt < WARNING_TTL_MS);
      return warnings.length === state.warnings.length ? state : { ...state, warnings };
    }
    case 'serverError':
      if (!isActive(state.phase)) return state;
      return { ...state, problem: problem(event.code, 'audio', event.retryAfter) };
    case 'dismissProblem':
      return withProblem(state, undefined);
    case 'askToEnd':
      if (!isActive(state.phase)) return state;
      return { ...state, confirmingEnd: true };
    case 'cancelEnd':
      return { ...state, confirmingEnd: false };
    case 'confirmEnd':
      if (!isActive(state.phase) || !state.confirmingEnd) return state;
      return withProblem({ ...withoutPartial(state), phase: 'ending', confirmingEnd: false }, undefined);
    case 'endFinished':
      if (state.phase !== 'ending') return state;
      return {
        ...state,
        phase: 'ended',
        connection: 'offline',
        ending: { by: 'speaker', drained: event.drained },
      };
    case 'endFailed':
      if (state.phase !== 'ending') return state;
      return { ...state, phase: 'created', problem: problem(event.code, 'end') };
    case 'endedByServer':
      // While the speaker ends it, the server's sessionEnded is the expected echo: endFinished says how it went.
      if (!isActive(state.phase)) return state;
      return {
        ...withoutPartial(state),
        phase: 'ended',
        connection: 'offline',
        confirmingEnd: false,
        ending: { by: 'server', reason: event.reason },
      };
    case 'startOver': {
      if (state.phase !== 'ended' && state.phase !== 'none') return state;
      const fresh = initialSession();
      return {
        ...fresh,
        options: state.options,
        ...(state.sourceLanguage ? { sourceLanguage: state.sourceLanguage } : {}),
        ...(state.qualityTier ? { qualityTier: state.qualityTier } : {}),
      };
    }
  }
}
