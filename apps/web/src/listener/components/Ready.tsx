import { useListener } from './context';
import { Heading } from './Heading';
import { LanguagePicker } from './LanguagePicker';
import { ModeChoice } from './ModeChoice';
import type { ListenerState } from '../state';

/** Before the tap: language, audio or captions only, and the big "Tap to listen". */
export function Ready({ state }: { state: ListenerState }) {
  const { controller, translator } = useListener();
  const { t } = translator;
  return (
    <section class="ready" aria-labelledby="ready-title">
      <Heading id="ready-title">{t('ready.heading')}</Heading>
      <p class="session">{t('ready.session', { sessionId: state.sessionId })}</p>
      <LanguagePicker state={state} />
      <ModeChoice state={state} />
      <button type="button" class="primary tap" onClick={() => controller.tap()}>
        {t(state.captionsOnly ? 'tap.captions' : 'tap.listen')}
      </button>
      {!state.captionsOnly && <p class="hint">{t('tap.hint')}</p>}
      {state.speaker.muted && <p class="hint">{t('status.muted')}</p>}
    </section>
  );
}
