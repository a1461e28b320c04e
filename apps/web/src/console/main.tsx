// The speaker console's entry: reads config.json, picks the console's language from the browser, builds the
// controller over the real ports (the client library, the browser) and renders the app.
import { SpeakerClient, completeNewPassword, getLanguages, signInWithPassword } from '@lingocast/client';
import { captureMicrophone, listMicrophones, microphoneErrorKind } from '@lingocast/client/browser';
import { render } from 'preact';
import '../shared/base.css';
import type { WebConfig } from '../shared/config';
import { loadConfig } from '../shared/config';
import { createTranslator, pickLocale } from '../shared/i18n';
import type { Translator } from '../shared/i18n';
import { App } from './components/app';
import { Console } from './components/context';
import './console.css';
import './live.css';
import './projector.css';
import type { ConsolePorts } from './controller';
import { ConsoleController } from './controller';
import type { MicrophoneProblem } from './microphone';
import { catalogs } from './strings';

/** POST {"username"} to the local stage's token issuer; its ID token is the speaker's. */
async function localToken(tokenUrl: string, username: string): Promise<string> {
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username }),
    credentials: 'omit',
  });
  const body: unknown = await response.json().catch(() => undefined);
  const idToken =
    typeof body === 'object' && body !== null ? (body as { idToken?: unknown }).idToken : undefined;
  if (!response.ok || typeof idToken !== 'string')
    throw Object.assign(new Error(`the token issuer answered HTTP ${response.status}`), {
      // 400: the issuer refused the name; anything else: it is not answering properly.
      code: response.status === 400 ? 'AUTH_NAME_REJECTED' : 'HTTP_ERROR',
    });
  return idToken;
}

function portsFor(config: WebConfig): ConsolePorts {
  const { auth } = config;
  const cognito = () => {
    if (auth.kind !== 'cognito') throw new Error('this stage signs in with a name, not a password');
    return { region: auth.region, clientId: auth.clientId };
  };
  return {
    auth,
    httpUrl: config.httpUrl,
    preferredLanguages: navigator.languages ?? [navigator.language],
    localToken,
    signInWithPassword: async (username, password) =>
      (await signInWithPassword({ ...cognito(), username, password })).idToken,
    completeNewPassword: async (challenge, newPassword) =>
      (
        await completeNewPassword({
          ...cognito(),
          username: challenge.username,
          session: challenge.session,
          newPassword,
        })
      ).idToken,
    getLanguages: () => getLanguages({ httpUrl: config.httpUrl }),
    createSpeaker: (tokenProvider) =>
      new SpeakerClient({ httpUrl: config.httpUrl, websocketUrl: config.websocketUrl, tokenProvider }),
    microphone: {
      list: () => listMicrophones(),
      capture: (options) => captureMicrophone(options),
      problemOf: (error): MicrophoneProblem => {
        const kind = microphoneErrorKind(error);
        return kind === 'unknown' ? 'failed' : kind;
      },
    },
    copyText: (text) => navigator.clipboard.writeText(text),
    clock: {
      now: () => Date.now(),
      setInterval: (callback, ms) => window.setInterval(callback, ms),
      clearInterval: (handle) => window.clearInterval(handle as number),
      setTimeout: (callback, ms) => window.setTimeout(callback, ms),
      clearTimeout: (handle) => window.clearTimeout(handle as number),
    },
  };
}

function StartFailed({ translator, message }: { translator: Translator; message: string }) {
  return (
    <main>
      <section class="card narrow" role="alert">
        <h1>{translator.t('app.configError')}</h1>
        <p>{message}</p>
        <button type="button" class="primary" onClick={() => location.reload()}>
          {translator.t('app.reload')}
        </button>
      </section>
    </main>
  );
}

async function start(): Promise<void> {
  const root = document.getElementById('app') ?? document.body;
  const translator = createTranslator(
    pickLocale(navigator.languages ?? [], Object.keys(catalogs), 'en'),
    catalogs,
  );
  document.documentElement.lang = translator.locale;
  document.documentElement.dir = translator.dir;
  document.title = translator.t('app.title');
  render(
    <main>
      <p role="status" class="card narrow">
        {translator.t('app.loading')}
      </p>
    </main>,
    root,
  );
  let config: WebConfig;
  try {
    config = await loadConfig();
  } catch (error) {
    render(
      <StartFailed
        translator={translator}
        message={error instanceof Error ? error.message : String(error)}
      />,
      root,
    );
    return;
  }
  const controller = new ConsoleController(portsFor(config));
  controller.start();
  navigator.mediaDevices?.addEventListener?.('devicechange', () => void controller.listMicrophones());
  window.addEventListener('pagehide', () => controller.dispose());
  render(
    <Console.Provider value={{ translator, controller, origin: config.listenerOrigin ?? location.origin }}>
      <App />
    </Console.Provider>,
    root,
  );
}

void start();
