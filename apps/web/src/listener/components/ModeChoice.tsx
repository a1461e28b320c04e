import { useListener } from './context';
import type { ListenerState } from '../state';

/** Audio and captions, or captions only (no audio downloaded); switchable while live. */
export function ModeChoice({ state }: { state: ListenerState }) {
  const { controller, translator } = useListener();
  const { t } = translator;
  return (
    <fieldset class="choice">
      <legend>{t('mode.legend')}</legend>
      <label class="option">
        <input
          type="radio"
          name="mode"
          checked={!state.captionsOnly}
          onChange={() => controller.chooseCaptionsOnly(false)}
        />
        <span>{t('mode.audio')}</span>
      </label>
      <label class="option">
        <input
          type="radio"
          name="mode"
          checked={state.captionsOnly}
          onChange={() => controller.chooseCaptionsOnly(true)}
        />
        <span>{t('mode.captionsOnly')}</span>
      </label>
    </fieldset>
  );
}
