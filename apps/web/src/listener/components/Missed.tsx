import { useListener } from './context';
import { spokenDuration } from '../missed';
import type { ListenerState } from '../state';

/**
 * "You missed about 40 seconds (8 sentences)": a `status` region (polite: the talk goes on, nothing
 * to act on), always in the page so screen readers hear the text when it appears; Dismiss hides it.
 */
export function Missed({ state }: { state: ListenerState }) {
  const { controller, translator } = useListener();
  const { t } = translator;
  const missed = state.missed;
  let text = '';
  if (missed) {
    const duration = spokenDuration(missed.seconds);
    text = t('missed.notice', {
      duration: t(`missed.${duration.unit}`, { count: duration.count }),
      sentences: t('missed.sentences', { count: missed.count }),
    });
  }
  return (
    <div class={missed ? 'notice missed' : 'visually-hidden'}>
      <p role="status">{text}</p>
      {missed && (
        <button type="button" onClick={() => controller.dismissMissed()}>
          {t('missed.dismiss')}
        </button>
      )}
    </div>
  );
}
