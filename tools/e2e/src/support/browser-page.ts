// The page of browser.e2e.spec.ts: runs in headless Chromium, bundled from the client's real source
// by esbuild. A speaker streams the (fake) microphone through captureMicrophone; a Spanish listener
// in the same page records captions and plays the translated speech through createAudioPlayer. The
// test reads what happened from `window.lingocast.report`.
import { ListenerClient, SpeakerClient } from '@lingocast/client';
import type { TranscriptMessage } from '@lingocast/client';
import { captureMicrophone, createAudioPlayer } from '@lingocast/client/browser';
import type { AudioPlayer, AudioPlayerStats, MicrophoneCapture } from '@lingocast/client/browser';

export interface PageRun {
  httpUrl: string;
  websocketUrl: string;
  token: string;
  sessionId: string;
  /** A second speaker's token: the page creates (over HTTP, cross-origin) and ends a session with it. */
  httpToken: string;
  targetLanguage: string;
}

export interface PageReport {
  captions: TranscriptMessage[];
  /** Utterances the listener received (translatedAudio, parts joined). */
  received: number;
  /** decodeAudioData of an utterance's MP3 succeeded / failed in the page's AudioContext. */
  decoded: number;
  undecodable: number;
  decodedMs: number;
  /** Buffer sources the player started, and those that played to their end. */
  started: number;
  ended: number;
  playerState?: string;
  playerStats?: AudioPlayerStats;
  chunksSent: number;
  acks: number;
  captureSampleRate?: number;
  /** getSessionStatus over the speaker's socket: the listeners the server counts. */
  statusListenerCount?: number;
  /** A session the page created with POST /sessions from its own origin (CORS), then ended. */
  createdInPage?: { sessionId: string; status: string };
  errors: string[];
}

export interface PageApi {
  report: PageReport;
  /** createSession, connect and endSession from the page, as the README's browser speaker does. */
  createAndEndSession(run: PageRun): Promise<void>;
  start(run: PageRun): Promise<void>;
  stop(): Promise<void>;
}

declare global {
  interface Window {
    lingocast: PageApi;
  }
}

const report: PageReport = {
  captions: [],
  received: 0,
  decoded: 0,
  undecodable: 0,
  decodedMs: 0,
  started: 0,
  ended: 0,
  chunksSent: 0,
  acks: 0,
  errors: [],
};

const fail = (what: string) => (detail: unknown) => {
  report.errors.push(`${what}: ${detail instanceof Error ? detail.message : JSON.stringify(detail)}`);
};
window.addEventListener('error', (event) => fail('error')(event.error ?? event.message));
window.addEventListener('unhandledrejection', (event) => fail('unhandledrejection')(event.reason));
document.addEventListener('securitypolicyviolation', (event) =>
  fail('CSP')(`${event.violatedDirective} blocked ${event.blockedURI}`),
);

/** The player's AudioContext, watched: which utterances decode, and which sources play to the end. */
function watchedAudioContext(): AudioContext {
  const context = new AudioContext();
  const decode = context.decodeAudioData.bind(context);
  context.decodeAudioData = async (data: ArrayBuffer) => {
    try {
      const decoded = await decode(data);
      report.decoded += 1;
      report.decodedMs += Math.round(decoded.duration * 1000);
      return decoded;
    } catch (error) {
      report.undecodable += 1;
      throw error;
    }
  };
  const createBufferSource = context.createBufferSource.bind(context);
  context.createBufferSource = () => {
    const source = createBufferSource();
    const start = source.start.bind(source);
    source.start = (...args: Parameters<AudioBufferSourceNode['start']>) => {
      report.started += 1;
      source.addEventListener('ended', () => (report.ended += 1));
      start(...args);
    };
    return source;
  };
  return context;
}

let speaker: SpeakerClient | undefined;
let listener: ListenerClient | undefined;
let microphone: MicrophoneCapture | undefined;
let player: AudioPlayer | undefined;
let playerContext: AudioContext | undefined;

window.lingocast = {
  report,
  async createAndEndSession(run) {
    const own = new SpeakerClient({
      httpUrl: run.httpUrl,
      websocketUrl: run.websocketUrl,
      tokenProvider: () => run.httpToken,
    });
    const session = await own.createSession({ sourceLanguage: 'en' });
    report.createdInPage = { sessionId: session.sessionId, status: session.status };
    await own.connect(session.sessionId);
    await own.endSession();
  },
  async start(run) {
    playerContext = watchedAudioContext();
    player = createAudioPlayer({ audioContext: playerContext });
    listener = new ListenerClient({ websocketUrl: run.websocketUrl });
    player.attach(listener);
    listener.on('audioReceived', () => (report.received += 1));
    listener.on('transcript', (caption) => report.captions.push(caption));
    listener.on('error', fail('listener error'));
    listener.on('invalidMessage', fail('listener invalidMessage'));
    await listener.join(run.sessionId, run.targetLanguage);

    speaker = new SpeakerClient({
      httpUrl: run.httpUrl,
      websocketUrl: run.websocketUrl,
      tokenProvider: () => run.token,
    });
    speaker.on('audioAck', () => (report.acks += 1));
    speaker.on('error', fail('speaker error'));
    speaker.on('invalidMessage', fail('speaker invalidMessage'));
    await speaker.connect(run.sessionId);
    const connected = speaker;
    microphone = await captureMicrophone({
      onChunk: (pcm) => {
        connected.sendAudio(pcm);
        report.chunksSent += 1;
      },
    });
    report.captureSampleRate = microphone.inputSampleRate;
  },
  async stop() {
    try {
      report.statusListenerCount = (await speaker?.getStatus())?.listenerCount;
    } catch (error) {
      fail('getStatus')(error);
    }
    report.playerState = playerContext?.state;
    report.playerStats = player ? { ...player.stats } : undefined;
    await microphone?.stop();
    await player?.stop();
    speaker?.close();
    listener?.close();
  },
};
