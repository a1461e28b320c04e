// "End the session for everyone?" as a modal <dialog>: focus moves into it, Escape cancels.
import { useEffect, useRef } from 'preact/hooks';
import { useConsole } from './context';

/**
 * The modal confirmation before ending for everyone.
 *
 * @example
 * {session.confirmingEnd && <EndDialog />}
 */
export function EndDialog() {
  const { translator, controller } = useConsole();
  const { t } = translator;
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  return (
    <dialog
      ref={dialog}
      class="end-dialog"
      aria-labelledby="end-title"
      aria-describedby="end-body"
      onCancel={(event) => {
        event.preventDefault();
        controller.cancelEnd();
      }}
    >
      <h2 id="end-title">{t('end.confirmTitle')}</h2>
      <p id="end-body">{t('end.confirmBody')}</p>
      <div class="dialog-buttons">
        <button type="button" autofocus onClick={() => controller.cancelEnd()}>
          {t('end.cancel')}
        </button>
        <button type="button" class="danger" onClick={() => void controller.confirmEnd()}>
          {t('end.confirm')}
        </button>
      </div>
    </dialog>
  );
}
