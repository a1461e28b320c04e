// The listener page's ports made of @lingocast/client, @lingocast/client/browser and the browser.
import { ListenerClient, getLanguages, getSession } from '@lingocast/client';
import type { SessionJoinedMessage } from '@lingocast/client';
import { createAudioPlayer } from '@lingocast/client/browser';
import { loadConfig } from '../../shared/config';
import { safeStorage } from '../../shared/storage';
import type {
  ConnectOptions,
  ListenerConnection,
  ListenerPorts,
  PlayerCallbacks,
  PlayerPort,
} from '../ports';
import { createWakeLock } from './wake-lock';

function greeting(message: SessionJoinedMessage): {
  paused: boolean;
  muted: boolean;
  language?: string;
  liveCaptions?: boolean;
} {
  return {
    paused: message.broadcastState.paused,
    muted: message.broadcastState.muted,
    ...(message.targetLanguage ? { language: message.targetLanguage } : {}),
    ...(message.liveCaptions === undefined ? {} : { liveCaptions: message.liveCaptions }),
  };
}

function connect(options: ConnectOptions): ListenerConnection {
  const client = new ListenerClient({
    websocketUrl: options.websocketUrl,
    captionsOnly: options.captionsOnly,
    // Named only when wanted: a page that never asks for live captions connects as before.
    ...(options.liveCaptions ? { liveCaptions: true } : {}),
  });
  const signal = options.onSignal;
  client.on('sessionJoined', (message) => {
    options.onVolume(message.broadcastState.volume);
    signal({ type: 'joined', ...greeting(message) });
  });
  client.on('stateChange', (state) => {
    if (state === 'reconnecting') signal({ type: 'connectionLost' });
  });
  client.on('reconnected', () => signal({ type: 'reconnected' }));
  client.on('reconnectFailed', () => signal({ type: 'reconnectFailed' }));
  client.on('sessionPaused', () => signal({ type: 'speakerPaused' }));
  client.on('sessionResumed', () => signal({ type: 'speakerResumed' }));
  client.on('sessionMuted', () => signal({ type: 'speakerMuted' }));
  client.on('sessionUnmuted', () => signal({ type: 'speakerUnmuted' }));
  client.on('sessionEnded', () => signal({ type: 'sessionEnded' }));
  client.on('languageChanged', (message) =>
    signal({ type: 'languageChanged', language: message.targetLanguage }),
  );
  client.on('volumeChanged', (volume) => options.onVolume(volume));
  client.on('transcript', (message) => options.onTranscript(message));
  client.on('transcriptPartial', (message) =>
    options.onPartial({
      sequenceNumber: message.sequenceNumber,
      sourceLanguage: message.sourceLanguage,
      text: message.text,
    }),
  );
  client.on('audioReceived', (audio) => options.onAudio(audio));
  client.on('utterancesMissed', (missed) => options.onMissed(missed.count));
  return {
    async join(sessionId, language) {
      return greeting(await client.join(sessionId, language, { history: options.history }));
    },
    changeLanguage: (language) => client.changeLanguage(language),
    setCaptionsOnly: (on) => client.setCaptionsOnly(on),
    setLiveCaptions: (on) => client.setLiveCaptions(on),
    close: () => client.close(),
  };
}

function createPlayer(callbacks: PlayerCallbacks): PlayerPort {
  return createAudioPlayer({
    onStateChange: (state) => callbacks.onStateChange(state),
    onUtteranceStart: () => callbacks.onUtteranceStart(),
  });
}

/**
 * The real ports: config from /config.json, the HTTP and WebSocket APIs through the client library,
 * the library's player, localStorage (tolerating its absence) and the Wake Lock API.
 *
 * @example
 * new ListenerController(initialState(options), browserPorts());
 */
export function browserPorts(): ListenerPorts {
  return {
    loadConfig: () => loadConfig(),
    async checkSession(httpUrl, sessionId) {
      const session = await getSession({ httpUrl, sessionId });
      const check = {
        status: session.status,
        sourceLanguage: session.sourceLanguage,
        listenerCount: session.listenerCount,
        broadcastState: { paused: session.broadcastState.paused, muted: session.broadcastState.muted },
      };
      return session.maxListeners === undefined ? check : { ...check, maxListeners: session.maxListeners };
    },
    listLanguages: async (httpUrl) => (await getLanguages({ httpUrl })).targetLanguages,
    connect,
    createPlayer,
    storage: safeStorage(() => window.localStorage),
    keepAwake: createWakeLock(),
    timers: {
      setTimeout: (callback, ms) => window.setTimeout(callback, ms),
      clearTimeout: (handle) => window.clearTimeout(handle as number),
      setInterval: (callback, ms) => window.setInterval(callback, ms),
      clearInterval: (handle) => window.clearInterval(handle as number),
      now: () => performance.now(),
    },
  };
}
