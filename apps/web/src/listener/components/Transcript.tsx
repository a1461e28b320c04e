import { saveFile } from '../platform/download';
import { useListener } from './context';
import type { ListenerState } from '../state';

/** Download what was received, as plain text or WebVTT, made in the page. */
export function Transcript({ state }: { state: ListenerState }) {
  const { controller, translator } = useListener();
  const { t } = translator;
  const count = state.captions.length;
  return (
    <section class="transcript" aria-labelledby="transcript-title">
      <h2 id="transcript-title">{t('transcript.heading')}</h2>
      <p>{count > 0 ? t('transcript.count', { count }) : t('transcript.none')}</p>
      <div class="row">
        <button type="button" disabled={count === 0} onClick={() => saveFile(controller.transcript('text'))}>
          {t('transcript.text')}
        </button>
        <button type="button" disabled={count === 0} onClick={() => saveFile(controller.transcript('vtt'))}>
          {t('transcript.vtt')}
        </button>
      </div>
    </section>
  );
}
