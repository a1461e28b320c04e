// The broadcast: what is happening (phase, connection, audio waiting), audio-quality warnings where the speaker
// looks, and the controls (start/stop, pause/resume, mute/unmute, volume, end).
import { useEffect, useState } from 'preact/hooks';
import type { SessionState } from '../session';
import { useConsole, useStore } from './context';
import { ProblemAlert } from './problem-alert';
import { Warnings } from './warnings';

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

function StatusStrip({ state }: { state: SessionState }) {
  const { t } = useConsole().translator;
  const phase =
    state.phase === 'ending'
      ? 'ending'
      : state.phase === 'paused'
        ? 'paused'
        : state.phase === 'live'
          ? 'live'
          : 'created';
  return (
    <div class="status-strip">
      <p role="status" class={`phase phase-${phase}`} data-phase={state.phase}>
        <span class="dot" aria-hidden="true" />
        {t(`live.phase.${phase}`)}
        {state.muted && <span class="muted-note"> {t('live.muted')}</span>}
      </p>
      <p role="status" class={`connection connection-${state.connection}`} data-connection={state.connection}>
        {t(`connection.${state.connection}`)}
        {' · '}
        <span data-queued-ms={Math.round(state.queuedAudioMs)}>
          {state.queuedAudioMs >= 100
            ? t('queued.some', { count: seconds(state.queuedAudioMs) })
            : t('queued.none')}
        </span>
      </p>
    </div>
  );
}

function VolumeControl({ state }: { state: SessionState }) {
  const { translator, controller } = useConsole();
  const [volume, setVolume] = useState(Math.round(state.volume * 100));
  useEffect(() => setVolume(Math.round(state.volume * 100)), [state.volume]);
  return (
    <div class="volume">
      <label for="volume">{translator.t('live.volume')}</label>
      <input
        id="volume"
        type="range"
        min={0}
        max={100}
        step={5}
        value={volume}
        disabled={state.pending !== undefined && state.pending !== 'volume'}
        aria-valuetext={`${volume} %`}
        onInput={(event) => setVolume(Number(event.currentTarget.value))}
        onChange={(event) => void controller.setVolume(Number(event.currentTarget.value) / 100)}
      />
      <output for="volume">{volume} %</output>
    </div>
  );
}

/**
 * The broadcast panel: status, warnings, problems and controls.
 *
 * @example
 * <LivePanel />
 */
export function LivePanel() {
  const { translator, controller } = useConsole();
  const { t } = translator;
  const state = useStore(controller.session);
  const speaking = state.phase === 'live' || state.phase === 'paused';
  const busy = state.pending !== undefined || state.phase === 'ending';

  return (
    <section class="card live" aria-labelledby="live-title">
      <h2 id="live-title" tabIndex={-1}>
        {t('live.title')}
      </h2>
      <StatusStrip state={state} />
      <Warnings warnings={state.warnings} />
      {state.problem && <ProblemAlert problem={state.problem} />}
      <div class="controls">
        {speaking ? (
          <button
            type="button"
            class="speak stop"
            disabled={state.phase === 'ending'}
            onClick={() => void controller.stopSpeaking()}
          >
            {t('live.stop')}
          </button>
        ) : (
          <button
            type="button"
            class="primary speak"
            disabled={state.phase !== 'created' || state.connection === 'offline'}
            onClick={() => void controller.startSpeaking()}
          >
            {t('live.start')}
          </button>
        )}
        {speaking && (
          <button
            type="button"
            aria-pressed={state.phase === 'paused' ? 'true' : 'false'}
            disabled={busy}
            onClick={() => void (state.phase === 'paused' ? controller.resume() : controller.pause())}
          >
            {state.phase === 'paused' ? t('live.resume') : t('live.pause')}
          </button>
        )}
        <button
          type="button"
          aria-pressed={state.muted ? 'true' : 'false'}
          disabled={busy}
          onClick={() => void (state.muted ? controller.unmute() : controller.mute())}
        >
          {state.muted ? t('live.unmute') : t('live.mute')}
        </button>
      </div>
      <VolumeControl state={state} />
      <div class="end-row">
        <button
          type="button"
          class="danger"
          disabled={state.phase === 'ending'}
          onClick={() => controller.askToEnd()}
        >
          {t('end.button')}
        </button>
      </div>
    </section>
  );
}
