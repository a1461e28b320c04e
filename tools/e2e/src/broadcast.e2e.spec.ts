import WebSocket from 'ws';
import { ListenerClient, SpeakerClient } from '@lingocast/client';
import type { ReceivedAudio } from '@lingocast/client';
import type { Session, TranscriptMessage, TranslatedAudioMessage } from '@lingocast/contract';
import { LIMITS } from '@lingocast/contract';
import { RecordingSocket, endpoints, speakerToken } from './support/stage';
import { apertium, chunks, sleep, speak } from '@lingocast/speech-fixtures';

const SENTENCE = 'The church meets every Sunday morning to pray together.';

/** MP3 data starts with an ID3 tag or an MPEG frame sync. */
function looksLikeMp3(bytes: Uint8Array): boolean {
  const id3 = bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33;
  const sync = bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0;
  return id3 || sync;
}

describe('a broadcast from an English speaker to Spanish and Catalan listeners', () => {
  let session: Session;
  let speaker: SpeakerClient;
  let spanish: ListenerClient;
  let catalan: RecordingSocket;
  const spanishAudio: ReceivedAudio[] = [];
  const spanishCaptions: TranscriptMessage[] = [];
  const acks: number[] = [];

  beforeAll(async () => {
    // Prepare: a session, two listeners, a speaker streaming one sentence in real time.
    const { httpApi, websocket } = endpoints();
    const token = await speakerToken('e2e-speaker');
    speaker = new SpeakerClient({
      httpUrl: httpApi,
      websocketUrl: websocket,
      tokenProvider: () => token,
      WebSocket,
    });
    session = await speaker.createSession({ sourceLanguage: 'en' });
    spanish = new ListenerClient({ websocketUrl: websocket, WebSocket });
    spanish.on('audioReceived', (audio) => spanishAudio.push(audio));
    spanish.on('transcript', (caption) => spanishCaptions.push(caption));
    await spanish.join(session.sessionId, 'es');
    catalan = await RecordingSocket.open({ sessionId: session.sessionId, targetLanguage: 'ca' });
    await catalan.waitFor((m) => m.type === 'sessionJoined');
    speaker.on('audioAck', (sequenceNumber) => acks.push(sequenceNumber));
    await speaker.connect(session.sessionId);

    // Act: stream the sentence as 250 ms chunks, paced like a microphone.
    for (const chunk of chunks(speak(SENTENCE, 1.2))) {
      speaker.sendAudio(chunk);
      await sleep(250);
    }
    await catalan.waitFor((m) => m.type === 'translatedAudio', 60_000);
    for (let waited = 0; spanishAudio.length === 0 && waited < 30_000; waited += 100) await sleep(100);
  });

  afterAll(async () => {
    spanish?.close();
    await catalan?.close();
    speaker?.close();
  });

  it('gives the session a readable id', () => {
    expect(session.sessionId).toMatch(/^[a-z]+-[a-z]+-[1-9][0-9]{2}$/);
    expect(session.status).toBe('active');
  });

  it('acknowledges every audio chunk once', () => {
    expect(acks.length).toBeGreaterThan(10);
    expect(new Set(acks).size).toBe(acks.length);
  });

  it('sends Spanish captions whose translation is what Apertium gives for the recognised English', () => {
    const caption = spanishCaptions[0];
    expect(caption).toBeDefined();
    expect(caption?.sourceText).toMatch(/^The church/);
    expect(caption?.sourceText).toMatch(/Sunday/);
    expect(caption?.translatedText).toBe(apertium('eng-spa', caption?.sourceText ?? ''));
    expect(caption?.targetLanguage).toBe('es');
  });

  it('sends Spanish speech as MP3 with the utterance sequence number', () => {
    const audio = spanishAudio[0];
    expect(audio).toBeDefined();
    expect(audio?.sequenceNumber).toBe(0);
    expect(audio?.targetLanguage).toBe('es');
    expect(audio?.durationMs).toBeGreaterThan(1000);
    expect(looksLikeMp3(audio?.audio ?? new Uint8Array())).toBe(true);
    expect(audio?.transcript).toBe(spanishCaptions[0]?.translatedText);
  });

  it('sends Catalan audio with its caption inside to the Catalan listener, only in Catalan', () => {
    const captions = catalan.messages.filter((m): m is TranscriptMessage => m.type === 'transcript');
    const audio = catalan.messages.filter((m): m is TranslatedAudioMessage => m.type === 'translatedAudio');
    // Decision 40: a listener that gets audio gets the caption in it, not as a separate transcript.
    expect(captions).toEqual([]);
    expect(audio[0]?.sourceLanguage).toBe('en');
    expect(audio[0]?.transcript).toBe(apertium('eng-cat', audio[0]?.sourceText ?? ''));
    expect(audio.length).toBeGreaterThan(0);
    expect(audio.every((part) => part.targetLanguage === 'ca' && part.sequenceNumber === 0)).toBe(true);
  });

  it('keeps every frame within the 32 KB API Gateway frame limit', () => {
    // sessionJoined, then the audio with its caption (one frame or more)
    expect(catalan.frameSizes.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...catalan.frameSizes)).toBeLessThanOrEqual(LIMITS.maxFrameBytes);
  });

  it('reports the listener count and languages in the session status', async () => {
    const status = await speaker.getStatus();
    expect(status.listenerCount).toBe(2);
    expect(status.languageDistribution).toEqual({ es: 1, ca: 1 });
  });

  it('tells every listener when the speaker ends the session', async () => {
    const ended = catalan.waitFor((m) => m.type === 'sessionEnded');
    await speaker.endSession();
    await expect(ended).resolves.toMatchObject({ type: 'sessionEnded', sessionId: session.sessionId });
    const response = await fetch(`${endpoints().httpApi}/sessions/${session.sessionId}`);
    expect(((await response.json()) as Session).status).toBe('ended');
  });
});
