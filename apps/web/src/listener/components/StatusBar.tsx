import { useListener } from './context';
import type { ListenerState } from '../state';

function statusKey(state: ListenerState): string {
  if (state.phase === 'connecting') return 'status.connecting';
  if (state.phase === 'reconnecting') return 'status.reconnecting';
  if (state.phase === 'ended') return 'status.ended';
  if (state.speaker.paused) return 'status.paused';
  if (state.speaker.muted) return 'status.muted';
  return 'status.live';
}

function tone(state: ListenerState): string {
  if (state.phase === 'reconnecting' || state.phase === 'connecting') return 'warn';
  if (state.phase === 'ended') return 'muted';
  if (state.speaker.paused || state.speaker.muted) return 'info';
  return 'ok';
}

/**
 * Seconds of received audio not yet played from which "N seconds behind" and "Jump to live" show:
 * below it is just the rest of the utterance playing now.
 */
const BEHIND_SHOWN_FROM_S = 4;

/** Connection and speaker state (a `status` region), seconds behind live and "Jump to live". */
export function StatusBar({ state }: { state: ListenerState }) {
  const { controller, translator } = useListener();
  const { t } = translator;
  const showBehind =
    state.phase === 'live' && !state.captionsOnly && state.behindLiveSeconds >= BEHIND_SHOWN_FROM_S;
  return (
    <div class="status-bar">
      <p class={`status ${tone(state)}`} role="status" data-phase={state.phase}>
        <span class="dot" aria-hidden="true" />
        {t(statusKey(state))}
        {state.captionsOnly && state.phase === 'live' && <span class="tag">{t('status.captionsOnly')}</span>}
      </p>
      {showBehind && (
        <div class="behind">
          <span>{t('behind', { count: state.behindLiveSeconds })}</span>
          <button type="button" onClick={() => controller.jumpToLive()}>
            {t('jump.live')}
          </button>
        </div>
      )}
    </div>
  );
}
