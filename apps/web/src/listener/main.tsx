// The listener page's entry: reads the link, picks the page's language, starts the controller.
import { render } from 'preact';
import '../shared/base.css';
import './listener.css';
import './live.css';
import { createTranslator, pickLocale } from '../shared/i18n';
import { App } from './components/App';
import { ListenerController } from './controller';
import { browserPorts } from './platform/lingocast';
import { parseListenUrl, readPreferences } from './preferences';
import { initialState } from './state';
import { listenerCatalogs } from './strings';

const browserLanguages = navigator.languages?.length ? navigator.languages : [navigator.language ?? 'en'];
const translator = createTranslator(
  pickLocale(browserLanguages, Object.keys(listenerCatalogs), 'en'),
  listenerCatalogs,
);
const { sessionId, language } = parseListenUrl(location.href);
const ports = browserPorts();
const preferences = readPreferences(ports.storage);
const wantedLanguages = [language, preferences.language, ...browserLanguages].filter(
  (code): code is string => typeof code === 'string' && code !== '',
);
const controller = new ListenerController(
  initialState({
    sessionId,
    wantedLanguages,
    captionsOnly: preferences.captionsOnly ?? false,
    liveCaptions: preferences.liveCaptions ?? false,
    captionView: preferences.captionView ?? 'translated',
    textScale: preferences.textScale ?? 1,
    theme: preferences.theme ?? 'system',
  }),
  ports,
);

// A read-only view for tests and support: what the page shows, and how many utterances really started playing.
Object.defineProperty(window, '__lingocastListener', {
  value: Object.freeze({
    get phase() {
      return controller.state.phase;
    },
    get audio() {
      return controller.state.audio;
    },
    get utterancesStarted() {
      return controller.state.utterancesStarted;
    },
    get audioReceived() {
      return controller.audioReceived;
    },
    get captions() {
      return controller.state.captions.length;
    },
    get language() {
      return controller.state.language;
    },
    get liveCaptions() {
      return controller.state.liveCaptions;
    },
    /** The live line's text now (live captions as spoken), or undefined. */
    get partial() {
      return controller.state.partial?.text;
    },
  }),
});

window.addEventListener('pagehide', () => controller.dispose());
render(
  <App controller={controller} translator={translator} />,
  document.getElementById('app') ?? document.body,
);
controller.start();
