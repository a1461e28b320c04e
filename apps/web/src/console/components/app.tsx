// The console's layout: header, then sign-in, the new-session form with the microphone check, the live
// workspace (broadcast, transcript, share, audience, microphone), or the ended screen; the projector over all.
import { useEffect, useRef } from 'preact/hooks';
import { AudiencePanel } from './audience-panel';
import { useConsole, useStore } from './context';
import { CreateForm } from './create-form';
import { EndDialog } from './end-dialog';
import { EndedScreen } from './ended-screen';
import { LivePanel } from './live-panel';
import { MicrophonePanel } from './microphone-panel';
import { Projector } from './projector';
import { SharePanel } from './share-panel';
import { SignInForm } from './sign-in-form';
import { Transcript } from './transcript';

function Header() {
  const { translator, controller } = useConsole();
  const { t } = translator;
  const signIn = useStore(controller.signInStore);
  const session = useStore(controller.session);
  const canSignOut = session.phase === 'none' || session.phase === 'ended';
  return (
    <header class="top">
      <h1>{t('app.title')}</h1>
      {signIn.kind === 'signed-in' && (
        <div class="who">
          <span>{t('signIn.signedInAs', { name: signIn.username })}</span>
          {canSignOut && (
            <button type="button" onClick={() => controller.signOut()}>
              {t('signIn.signOut')}
            </button>
          )}
        </div>
      )}
    </header>
  );
}

function Workspace() {
  const { controller } = useConsole();
  const session = useStore(controller.session);
  const share = useStore(controller.share);
  const wasProjector = useRef(false);

  useEffect(() => {
    // Back from the projector view: focus returns to the button that opened it.
    if (share.view === 'panel' && wasProjector.current) document.getElementById('projector-open')?.focus();
    wasProjector.current = share.view === 'projector';
  }, [share.view]);

  useEffect(() => {
    if (session.phase === 'created') document.getElementById('live-title')?.focus();
  }, [session.phase === 'created' && session.transcript.length === 0]);

  if (session.phase === 'ended') return <EndedScreen state={session} />;
  if (!session.session || session.phase === 'none' || session.phase === 'creating') {
    return (
      <div class="columns">
        <CreateForm />
        <MicrophonePanel />
      </div>
    );
  }
  const { sessionId } = session.session;
  if (share.view === 'projector') return <Projector sessionId={sessionId} />;
  return (
    <div class="columns">
      <div class="column">
        <LivePanel />
        <Transcript lines={session.transcript} partial={session.partial} />
      </div>
      <div class="column">
        <SharePanel sessionId={sessionId} />
        <AudiencePanel audience={session.audience} />
        <MicrophonePanel />
      </div>
      {session.confirmingEnd && <EndDialog />}
    </div>
  );
}

/**
 * The whole console, inside <Console.Provider>.
 *
 * @example
 * render(<Console.Provider value={{ translator, controller, origin }}><App /></Console.Provider>, root);
 */
export function App() {
  const { controller } = useConsole();
  const signIn = useStore(controller.signInStore);
  const share = useStore(controller.share);
  useEffect(() => {
    const onFullscreen = () => controller.fullscreenChanged(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', onFullscreen);
    return () => document.removeEventListener('fullscreenchange', onFullscreen);
  }, [controller]);

  return (
    <>
      {share.view === 'panel' && <Header />}
      <main>{signIn.kind === 'signed-in' ? <Workspace /> : <SignInForm />}</main>
    </>
  );
}
