import { useEffect } from 'preact/hooks';
import type { Translator } from '../../shared/i18n';
import type { ListenerController } from '../controller';
import type { ListenerState } from '../state';
import { Context } from './context';
import { Live } from './Live';
import { Ready } from './Ready';
import { Ended, Failure, Full, Loading, NotFound, Paused } from './Screens';
import { useListenerState } from './use-controller';

function Screen({ state }: { state: ListenerState }) {
  switch (state.phase) {
    case 'joining':
    case 'checking':
      return <Loading state={state} />;
    case 'ready-to-tap':
      return <Ready state={state} />;
    case 'connecting':
    case 'live':
    case 'reconnecting':
      return <Live state={state} />;
    case 'ended':
      return <Ended state={state} />;
    case 'not-found':
      return <NotFound state={state} />;
    case 'paused':
      return <Paused />;
    case 'full':
      return <Full />;
    case 'error':
      return <Failure state={state} />;
  }
}

/** The listener page: renders the controller's state; the document follows the language, theme and text size. */
export function App({ controller, translator }: { controller: ListenerController; translator: Translator }) {
  const state = useListenerState(controller);

  useEffect(() => {
    const root = document.documentElement;
    root.lang = translator.locale;
    root.dir = translator.dir;
    document.title = translator.t('page.title', { sessionId: state.sessionId });
  }, [translator, state.sessionId]);

  useEffect(() => {
    const root = document.documentElement;
    root.style.setProperty('--text-scale', String(state.textScale));
    if (state.theme === 'system') delete root.dataset['theme'];
    else root.dataset['theme'] = state.theme;
  }, [state.textScale, state.theme]);

  return (
    <Context.Provider value={{ controller, translator }}>
      <header class="top">
        <span class="brand">LingoCast</span>
      </header>
      <main id="main" class={`phase-${state.phase}`} data-phase={state.phase} data-audio={state.audio}>
        <Screen state={state} />
      </main>
    </Context.Provider>
  );
}
