import { Captions } from './Captions';
import { useListener } from './context';
import { Message } from './Message';
import { Transcript } from './Transcript';
import type { ListenerState } from '../state';

/** The screens before the tap or instead of it: loading, not found, ended, paused, full, error. */
export function Loading({ state }: { state: ListenerState }) {
  const { t } = useListener().translator;
  return (
    <section class="loading" aria-busy="true">
      <div class="spinner" aria-hidden="true" />
      <p role="status">{t(state.phase === 'joining' ? 'phase.joining' : 'phase.checking')}</p>
    </section>
  );
}

export function NotFound({ state }: { state: ListenerState }) {
  const { t } = useListener().translator;
  return (
    <Message tone="warn" title={t('notFound.title', { sessionId: state.sessionId })}>
      <p>{t('notFound.body')}</p>
    </Message>
  );
}

export function Ended({ state }: { state: ListenerState }) {
  const { t } = useListener().translator;
  return (
    <>
      <Message tone="info" title={t('ended.title')}>
        <p>{t('ended.body')}</p>
      </Message>
      {state.captions.length > 0 && (
        <>
          <Transcript state={state} />
          <Captions state={state} />
        </>
      )}
    </>
  );
}

export function Paused() {
  const { controller, translator } = useListener();
  const { t } = translator;
  return (
    <Message tone="info" title={t('paused.title')}>
      <p>{t('paused.body')}</p>
      <button type="button" onClick={() => controller.retry()}>
        {t('action.checkNow')}
      </button>
    </Message>
  );
}

export function Full() {
  const { controller, translator } = useListener();
  const { t } = translator;
  return (
    <Message tone="warn" title={t('full.title')}>
      <p>{t('full.body')}</p>
      <button type="button" class="primary" onClick={() => controller.retry()}>
        {t('action.retry')}
      </button>
    </Message>
  );
}

export function Failure({ state }: { state: ListenerState }) {
  const { controller, translator } = useListener();
  const { t } = translator;
  const code = state.problem?.code ?? 'UNKNOWN';
  const known = code === 'CONFIG' || code === 'CONNECTION_LOST';
  return (
    <Message tone="danger" title={t('error.title')}>
      <p>{t(known ? `error.${code}` : 'error.generic')}</p>
      {state.problem?.detail && (
        <p class="detail">
          <code>{code}</code> {state.problem.detail}
        </p>
      )}
      <button type="button" class="primary" onClick={() => controller.retry()}>
        {t('action.retry')}
      </button>
    </Message>
  );
}
