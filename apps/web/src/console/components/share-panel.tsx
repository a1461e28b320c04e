// Invite listeners: the session code large, the join link with a copy button, its QR code, the projector view.
import { joinLink } from '../share';
import { useConsole, useStore } from './context';
import { QrCode } from './qr-code';

/**
 * Asks for the browser's full screen from the click itself (a user gesture); the view works without it.
 *
 * @example
 * onClick={() => { controller.openProjector(); enterFullscreen(); }}
 */
export function enterFullscreen(): void {
  document.documentElement.requestFullscreen?.({ navigationUI: 'hide' }).catch(() => undefined);
}

/**
 * The share panel of a session.
 *
 * @example
 * <SharePanel sessionId="golden-eagle-427" />
 */
export function SharePanel({ sessionId }: { sessionId: string }) {
  const { translator, controller, origin } = useConsole();
  const { t } = translator;
  const share = useStore(controller.share);
  const link = joinLink(origin, sessionId);

  return (
    <section class="card share" aria-labelledby="share-title">
      <h2 id="share-title">{t('share.title')}</h2>
      <p class="code-label" id="session-code-label">
        {t('share.code')}
      </p>
      <p class="session-code" aria-labelledby="session-code-label" data-session-id={sessionId}>
        {sessionId}
      </p>
      <QrCode text={link} label={t('share.qr', { code: sessionId })} size={176} />
      <label for="join-link">{t('share.link')}</label>
      <div class="link-row">
        <input id="join-link" readOnly value={link} onFocus={(event) => event.currentTarget.select()} />
        <button type="button" onClick={() => void controller.copyLink(link)}>
          {t('share.copy')}
        </button>
      </div>
      <p role="status" class="hint copy-feedback">
        {share.copy === 'copied' ? t('share.copied') : share.copy === 'failed' ? t('share.copyFailed') : ''}
      </p>
      <button
        type="button"
        id="projector-open"
        onClick={() => {
          controller.openProjector();
          enterFullscreen();
        }}
      >
        {t('share.projector')}
      </button>
    </section>
  );
}
