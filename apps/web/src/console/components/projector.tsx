// The projector view: code, QR code and live captions in big type for a room; Escape or the button leaves it.
import { useEffect, useRef } from 'preact/hooks';
import { joinLink } from '../share';
import { useConsole, useStore } from './context';
import { QrCode } from './qr-code';
import { Transcript } from './transcript';

/**
 * Leaves the browser's full screen if the page holds it.
 *
 * @example
 * leaveFullscreen();
 */
export function leaveFullscreen(): void {
  if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
}

/**
 * The projector view of a session.
 *
 * @example
 * {share.view === 'projector' && <Projector sessionId={sessionId} />}
 */
export function Projector({ sessionId }: { sessionId: string }) {
  const { translator, controller, origin } = useConsole();
  const { t } = translator;
  const session = useStore(controller.session);
  const close = useRef<HTMLButtonElement>(null);
  const link = joinLink(origin, sessionId);

  useEffect(() => {
    close.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      leaveFullscreen();
      controller.closeProjector();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [controller]);

  return (
    <div class="projector" role="dialog" aria-modal="true" aria-labelledby="projector-code">
      <div class="projector-bar">
        <span class="hint">{t('projector.hint')}</span>
        <button
          type="button"
          ref={close}
          onClick={() => {
            leaveFullscreen();
            controller.closeProjector();
          }}
        >
          {t('projector.close')}
        </button>
      </div>
      <div class="projector-join">
        <QrCode text={link} label={t('share.qr', { code: sessionId })} size={320} />
        <div>
          <p class="projector-scan">{t('share.scan')}</p>
          <p id="projector-code" class="projector-code">
            {sessionId}
          </p>
          <p class="projector-link">{t('share.orOpen', { link })}</p>
        </div>
      </div>
      <Transcript lines={session.transcript} partial={session.partial} big limit={3} />
    </div>
  );
}
