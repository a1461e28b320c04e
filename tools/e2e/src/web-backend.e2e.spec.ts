import { targetLanguagesOf } from '@lingocast/config';
import type {
  ErrorMessage,
  LanguagesBody,
  ServerMessage,
  Session,
  SessionJoinedMessage,
  TranscriptMessage,
  TranslatedAudioMessage,
} from '@lingocast/contract';
import { apertium, chunks, sleep, speak } from '@lingocast/speech-fixtures';
import type { Footprint } from './support/own-stage';
import { StageTables } from './support/own-stage';
import {
  RecordingSocket,
  createSessionOverHttp,
  endpoints,
  refusedStatus,
  speakerToken,
  until,
} from './support/stage';

// What the web app needs from the backend, on the shared stage: the languages it serves, the
// capacity before connecting, captions-only listeners (no translatedAudio at all), switching that
// mode mid-session, and the speaker's own transcript. One session, two Spanish listeners (one
// captions-only), two spoken sentences with the listeners swapping modes in between.

const FIRST = 'The church meets every Sunday morning to pray together.';
const SECOND = 'We sing and we pray for peace.';

let tables: StageTables;
let session: Session;
let speaker: RecordingSocket;
/** Captions only for the first sentence, with audio for the second. */
let quiet: RecordingSocket;
/** With audio for the first sentence, captions only for the second. */
let hearing: RecordingSocket;
let quietJoined: SessionJoinedMessage;
let hearingJoined: SessionJoinedMessage;
let nextChunk = 0;

const ofType =
  <T extends ServerMessage>(type: T['type'], sequenceNumber?: number) =>
  (socket: RecordingSocket): T[] =>
    socket.messages.filter(
      (m): m is T =>
        m.type === type &&
        (sequenceNumber === undefined ||
          (m as { sequenceNumber?: number }).sequenceNumber === sequenceNumber),
    );
const transcripts = (utterance: number) => ofType<TranscriptMessage>('transcript', utterance);
const audioParts = (utterance: number) => ofType<TranslatedAudioMessage>('translatedAudio', utterance);
/**
 * The captions a listener got for an utterance: its `transcript`s, and the caption riding in its
 * audio (decision 40: a listener that gets audio gets no separate `transcript`), once per utterance.
 */
const captions = (utterance: number) => (socket: RecordingSocket) => [
  ...transcripts(utterance)(socket).map(({ sourceText, translatedText }) => ({ sourceText, translatedText })),
  ...audioParts(utterance)(socket)
    .filter((part) => part.part === 0)
    .map((part) => ({ sourceText: part.sourceText, translatedText: part.transcript })),
];

/** Streams one sentence as the speaker, in 250 ms chunks paced like a microphone. */
async function say(sentence: string): Promise<void> {
  for (const chunk of chunks(speak(sentence, 1.2))) {
    speaker.send({
      action: 'sendAudio',
      sequenceNumber: nextChunk,
      audio: Buffer.from(chunk).toString('base64'),
    });
    nextChunk += 1;
    await sleep(250);
  }
}

/** Waits until `socket` holds every audio part of `utterance` (a part says how many there are). */
async function untilWholeAudio(socket: RecordingSocket, utterance: number): Promise<void> {
  await until(
    () => {
      const parts = audioParts(utterance)(socket) as Array<{ parts: number; part: number }>;
      return parts.length > 0 && new Set(parts.map((p) => p.part)).size === parts[0]?.parts;
    },
    `the whole audio of utterance ${utterance}`,
    60_000,
  );
}

/** Sends a listener action and waits for the reply (or error) that echoes its requestId. */
async function ask(socket: RecordingSocket, message: Record<string, unknown>): Promise<ServerMessage> {
  const requestId = `web-backend-${Math.random().toString(36).slice(2, 10)}`;
  socket.send({ ...message, requestId });
  return socket.waitFor((m) => m.requestId === requestId);
}

function footprint(): Promise<Footprint> {
  return tables.footprint({
    sessionId: session.sessionId,
    speakerId: session.speakerId,
    connectionIds: [speakerConnectionId(), quietJoined.connectionId, hearingJoined.connectionId],
  });
}

function speakerConnectionId(): string {
  const joined = speaker.messages.find((m): m is SessionJoinedMessage => m.type === 'sessionJoined');
  return joined?.connectionId ?? '';
}

beforeAll(async () => {
  // Prepare: a session, its speaker, a captions-only and a hearing Spanish listener.
  tables = new StageTables({ endpoints: endpoints() });
  const token = await speakerToken(`web-backend-${process.pid}`);
  session = (await createSessionOverHttp(token, { sourceLanguage: 'en' })).body as Session;
  speaker = await RecordingSocket.open({ sessionId: session.sessionId, token });
  quiet = await RecordingSocket.open({
    sessionId: session.sessionId,
    targetLanguage: 'es',
    captionsOnly: 'true',
  });
  hearing = await RecordingSocket.open({ sessionId: session.sessionId, targetLanguage: 'es' });
  await speaker.waitFor((m) => m.type === 'sessionJoined');
  quietJoined = await quiet.waitFor<SessionJoinedMessage>((m) => m.type === 'sessionJoined');
  hearingJoined = await hearing.waitFor<SessionJoinedMessage>((m) => m.type === 'sessionJoined');
}, 60_000);

afterAll(async () => {
  await Promise.all([quiet?.close(), hearing?.close(), speaker?.close()]);
  tables?.close();
});

describe('GET /languages', () => {
  it('gives what the stage serves: English speech to es, ca, gl, pt, fr and it, and both tiers', async () => {
    // Act
    const response = await fetch(`${endpoints().httpApi}/languages`);
    const body = (await response.json()) as LanguagesBody;

    // Assess
    expect(response.status).toBe(200);
    expect(body).toEqual({
      sourceLanguages: ['en'],
      targetLanguages: [...targetLanguagesOf('offline')],
      qualityTiers: ['standard', 'premium'],
    });
    expect(body.targetLanguages).toEqual(expect.arrayContaining(['es', 'ca', 'gl', 'pt', 'fr', 'it']));
  });

  it('answers a page of another origin with the same CORS headers as the other routes', async () => {
    // Prepare
    const headers = { origin: 'http://192.168.1.23:4000' };

    // Act
    const languages = await fetch(`${endpoints().httpApi}/languages`, { headers });
    const sessionResponse = await fetch(`${endpoints().httpApi}/sessions/${session.sessionId}`, { headers });

    // Assess
    expect(languages.headers.get('access-control-allow-origin')).toBe(
      sessionResponse.headers.get('access-control-allow-origin'),
    );
    expect(languages.headers.get('access-control-allow-origin')).not.toBeNull();
  });
});

describe('GET /sessions/{id}', () => {
  it('gives the capacity in force next to the listener count', async () => {
    // Act
    const body = (await (
      await fetch(`${endpoints().httpApi}/sessions/${session.sessionId}`)
    ).json()) as Session;

    // Assess
    expect(body).toMatchObject({ sessionId: session.sessionId, listenerCount: 2, maxListeners: 500 });
  });
});

describe('one spoken sentence to a captions-only and a hearing listener of the same language', () => {
  beforeAll(async () => {
    // Act
    await say(FIRST);
    await untilWholeAudio(hearing, 0);
    await quiet.waitFor((m) => m.type === 'transcript' && m.sequenceNumber === 0, 30_000);
    await speaker.waitFor((m) => m.type === 'transcript' && m.sequenceNumber === 0, 30_000);
    // Audio for the captions-only listener would go out in the same fan-out batch; allow for stragglers.
    await sleep(1_000);
  }, 120_000);

  it('tells each listener its mode when it joins, and stores it on the connection', async () => {
    // Act
    const rows = await tables.connections(session.sessionId);

    // Assess
    expect(quietJoined.captionsOnly).toBe(true);
    expect(hearingJoined.captionsOnly).toBe(false);
    expect(rows.find((row) => row.connectionId === quietJoined.connectionId)).toMatchObject({
      captionsOnly: true,
    });
  });

  it('gives the captions-only listener the Spanish transcript and not one translatedAudio frame', () => {
    // Assess
    const [caption] = transcripts(0)(quiet);
    expect(transcripts(0)(quiet)).toHaveLength(1);
    expect(caption?.sourceText).toMatch(/church/i);
    expect(caption?.translatedText).toBe(apertium('eng-spa', caption?.sourceText ?? ''));
    expect(quiet.messages.filter((m) => m.type === 'translatedAudio')).toEqual([]);
  });

  it('gives the hearing listener the same caption inside the audio, and no separate transcript', () => {
    // Assess
    expect(captions(0)(hearing)).toEqual(captions(0)(quiet));
    expect(transcripts(0)(hearing)).toEqual([]);
    expect(audioParts(0)(hearing).length).toBeGreaterThan(0);
  });

  it('sends the speaker what was recognised, once, in English', () => {
    // Assess
    const own = transcripts(0)(speaker);
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({
      sessionId: session.sessionId,
      sourceLanguage: 'en',
      targetLanguage: 'en',
      sourceText: captions(0)(hearing)[0]?.sourceText,
      translatedText: captions(0)(hearing)[0]?.sourceText,
    });
    expect(speaker.messages.filter((m) => m.type === 'translatedAudio')).toEqual([]);
  });
});

describe('setCaptionsOnly both ways mid-session', () => {
  let quietReply: ServerMessage;
  let hearingReply: ServerMessage;

  beforeAll(async () => {
    // Act: the two listeners swap modes, then the speaker says the next sentence
    [quietReply, hearingReply] = await Promise.all([
      ask(quiet, { action: 'setCaptionsOnly', captionsOnly: false }),
      ask(hearing, { action: 'setCaptionsOnly', captionsOnly: true }),
    ]);
    await say(SECOND);
    await untilWholeAudio(quiet, 1);
    await hearing.waitFor((m) => m.type === 'transcript' && m.sequenceNumber === 1, 30_000);
    await sleep(1_000);
  }, 120_000);

  it('confirms each switch with captionsOnlyChanged', () => {
    // Assess
    expect(quietReply).toMatchObject({ type: 'captionsOnlyChanged', captionsOnly: false });
    expect(hearingReply).toMatchObject({ type: 'captionsOnlyChanged', captionsOnly: true });
  });

  it('sends the next utterance with audio to the listener that turned captions-only off', () => {
    // Assess
    expect(captions(1)(quiet)).toHaveLength(1);
    expect(transcripts(1)(quiet)).toEqual([]);
    expect(audioParts(1)(quiet).length).toBeGreaterThan(0);
  });

  it('sends the next utterance without audio to the listener that turned captions-only on', () => {
    // Assess
    expect(transcripts(1)(hearing)).toHaveLength(1);
    expect(audioParts(1)(hearing)).toEqual([]);
  });

  it('sends the speaker the second sentence too', () => {
    // Assess
    expect(transcripts(1)(speaker)).toEqual([expect.objectContaining({ targetLanguage: 'en' })]);
  });
});

describe('bad input is answered with its code and changes nothing', () => {
  it.each([
    ['a string', 'true'],
    ['a number', 1],
    ['null', null],
  ])('answers setCaptionsOnly with %s for the flag with INVALID_PARAMETERS', async (_what, flag) => {
    // Prepare
    const before = await footprint();

    // Act
    const reply = await ask(quiet, { action: 'setCaptionsOnly', captionsOnly: flag });

    // Assess
    expect(reply).toMatchObject({ type: 'error', code: 'INVALID_PARAMETERS', action: 'setCaptionsOnly' });
    expect(await footprint()).toEqual(before);
  });

  it('answers the speaker sending setCaptionsOnly with UNAUTHORIZED_ACTION', async () => {
    // Prepare
    const before = await footprint();

    // Act
    const reply = (await ask(speaker, { action: 'setCaptionsOnly', captionsOnly: true })) as ErrorMessage;

    // Assess
    expect(reply).toMatchObject({ type: 'error', code: 'UNAUTHORIZED_ACTION' });
    expect(await footprint()).toEqual(before);
  });

  it.each([['1'], ['yes'], ['TRUE']])(
    'refuses a listener connecting with captionsOnly=%s with 400 (INVALID_PARAMETERS)',
    async (word) => {
      // Prepare
      const before = await footprint();

      // Act
      const status = await refusedStatus({
        sessionId: session.sessionId,
        targetLanguage: 'es',
        captionsOnly: word,
      });

      // Assess
      expect(status).toBe(400);
      expect(await footprint()).toEqual(before);
    },
  );

  it('refuses a speaker connecting with captionsOnly with 400 (INVALID_PARAMETERS)', async () => {
    // Prepare
    const token = await speakerToken(`web-backend-${process.pid}`);
    const before = await footprint();

    // Act
    const status = await refusedStatus({ sessionId: session.sessionId, token, captionsOnly: 'true' });

    // Assess
    expect(status).toBe(400);
    expect(await footprint()).toEqual(before);
  });
});
