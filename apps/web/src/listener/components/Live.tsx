import { Captions } from './Captions';
import { Heading } from './Heading';
import { useListener } from './context';
import { LanguagePicker } from './LanguagePicker';
import { Missed } from './Missed';
import { ModeChoice } from './ModeChoice';
import { Settings } from './Settings';
import { StatusBar } from './StatusBar';
import { Transcript } from './Transcript';
import type { ListenerState } from '../state';

/** Connecting, live and reconnecting: status, "tap to resume", what was missed, captions, then the controls. */
export function Live({ state }: { state: ListenerState }) {
  const { controller, translator } = useListener();
  const { t } = translator;
  return (
    <>
      <div class="live-head">
        <Heading>{t('ready.session', { sessionId: state.sessionId })}</Heading>
        <StatusBar state={state} />
      </div>
      {state.audio === 'interrupted' && (
        <div class="resume" role="alert">
          <p>{t('resume.hint')}</p>
          <button type="button" class="primary tap" onClick={() => controller.resumeAudio()}>
            {t('resume.button')}
          </button>
        </div>
      )}
      {state.notice && (
        <p class="notice" role="alert">
          {t(`notice.${state.notice}`)}
        </p>
      )}
      <Missed state={state} />
      <Captions state={state} />
      <section class="controls" aria-label={t('settings.heading')}>
        <LanguagePicker state={state} />
        <ModeChoice state={state} />
        <Settings state={state} />
        <Transcript state={state} />
      </section>
    </>
  );
}
