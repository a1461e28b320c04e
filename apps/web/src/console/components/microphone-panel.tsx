// Pre-flight: choose the microphone, ask for it, watch the level; each refusal with what to do.
import { canAsk, deviceLabel } from '../microphone';
import { useConsole, useStore } from './context';
import { LevelMeter } from './level-meter';

/**
 * The microphone pre-flight: device, check, level, guidance.
 *
 * @example
 * <MicrophonePanel />
 */
export function MicrophonePanel() {
  const { translator, controller } = useConsole();
  const { t } = translator;
  const state = useStore(controller.microphone);
  const problem =
    state.status !== 'unknown' && state.status !== 'asking' && state.status !== 'ready'
      ? state.status
      : undefined;

  return (
    <section class="card" aria-labelledby="mic-title">
      <h2 id="mic-title">{t('mic.title')}</h2>
      <label for="mic-device">{t('mic.device')}</label>
      <select
        id="mic-device"
        value={state.deviceId}
        disabled={state.status === 'asking'}
        onChange={(event) => void controller.chooseMicrophone(event.currentTarget.value)}
      >
        <option value="">{t('mic.default')}</option>
        {state.devices.map((device, index) => (
          <option key={device.deviceId} value={device.deviceId}>
            {deviceLabel(device, index, t)}
          </option>
        ))}
      </select>
      <LevelMeter active={state.capturing} />
      {problem ? (
        <div class="problem" role="alert">
          <p>{t(`mic.problem.${problem}`)}</p>
        </div>
      ) : (
        <p role="status" class="hint">
          {state.status === 'asking' ? t('mic.asking') : state.capturing ? t('mic.ready') : t('mic.off')}
        </p>
      )}
      {!state.capturing && (
        <button type="button" disabled={!canAsk(state)} onClick={() => void controller.checkMicrophone()}>
          {t('mic.check')}
        </button>
      )}
    </section>
  );
}
