// After the end: what happened, and a way to start again.
import { useEffect, useRef } from 'preact/hooks';
import type { SessionState } from '../session';
import { useConsole } from './context';

/**
 * Session ended: how, and a button to start a new one.
 *
 * @example
 * <EndedScreen state={session} />
 */
export function EndedScreen({ state }: { state: SessionState }) {
  const { translator, controller } = useConsole();
  const { t } = translator;
  const heading = useRef<HTMLHeadingElement>(null);
  const code = state.session?.sessionId ?? '';
  useEffect(() => heading.current?.focus(), []);

  return (
    <section class="card narrow ended" aria-labelledby="ended-title">
      <h2 id="ended-title" tabIndex={-1} ref={heading}>
        {t('ended.title')}
      </h2>
      <p role="status">
        {state.ending?.by === 'server'
          ? t('ended.byServer', { code, reason: state.ending.reason })
          : t('ended.bySpeaker', { code })}
      </p>
      {state.ending?.by === 'speaker' && !state.ending.drained && <p>{t('ended.undrained')}</p>}
      <button type="button" class="primary" onClick={() => controller.startOver()}>
        {t('ended.new')}
      </button>
    </section>
  );
}
