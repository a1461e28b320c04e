import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { ListenerClient, SpeakerClient } from '@lingocast/client';
import type { ReceivedAudio } from '@lingocast/client';
import type { TranscriptMessage } from '@lingocast/contract';
import { readEndpointsFile, requestToken } from '@lingocast/stage';
import { chunks as toChunks, wavToPcm } from '@lingocast/speech-fixtures';
import { DEFAULT_SCRIPT, synthesiseScript } from './audio-input';

const HELP = `Plays a WAV file as the speaker through the running local stage (npm run dev) and saves what
each listener received: one MP3 per utterance, the whole translation as one MP3, and captions.

Usage: npm run demo -- [--wav speech.wav] [--languages es,ca] [--out demo-output]
  --wav        English speech to broadcast (any format sox reads). Default: three sentences spoken by flite.
  --languages  Listener languages (default es,ca). The offline stage serves es, ca, gl, pt, fr, it.
  --out        Output folder (default demo-output).
  --settle     Seconds to wait for the last translations after the audio ends (default 45).`;

interface ListenerRecord {
  language: string;
  audio: ReceivedAudio[];
  captions: TranscriptMessage[];
  receivedAt: Map<number, number>;
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      wav: { type: 'string' },
      languages: { type: 'string', default: 'es,ca' },
      out: { type: 'string', default: 'demo-output' },
      settle: { type: 'string', default: '45' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const endpoints = readEndpointsFile();
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });
  const wav = values.wav ? resolve(values.wav) : synthesiseScript(DEFAULT_SCRIPT, out);
  const chunks = toChunks(wavToPcm(wav, { trailingSilenceS: 1.5 }), 250);
  const languages = values.languages
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);

  const token = await requestToken(endpoints.tokenUrl, 'demo-speaker');
  const speaker = new SpeakerClient({
    httpUrl: endpoints.httpApi,
    websocketUrl: endpoints.websocket,
    tokenProvider: () => token.idToken,
    WebSocket,
  });
  const session = await speaker.createSession({ sourceLanguage: 'en' });
  console.log(`session ${session.sessionId} created; listeners: ${languages.join(', ')}`);

  const records: ListenerRecord[] = [];
  const listeners = await Promise.all(
    languages.map(async (language) => {
      const record: ListenerRecord = { language, audio: [], captions: [], receivedAt: new Map() };
      records.push(record);
      const listener = new ListenerClient({ websocketUrl: endpoints.websocket, WebSocket });
      listener.on('audioReceived', (audio) => {
        record.audio.push(audio);
        record.receivedAt.set(audio.sequenceNumber, Date.now());
        console.log(`  [${language}] utterance ${audio.sequenceNumber}: ${audio.transcript}`);
      });
      listener.on('transcript', (caption) => record.captions.push(caption));
      listener.on('error', (error) => console.error(`  [${language}] error ${error.code}: ${error.message}`));
      await listener.join(session.sessionId, language);
      return listener;
    }),
  );

  speaker.on('error', (error) => console.error(`  [speaker] error ${error.code}: ${error.message}`));
  speaker.on('audioQualityWarning', (w) => console.log(`  [speaker] audio quality: ${w.message}`));
  await speaker.connect(session.sessionId);
  console.log(`streaming ${wav} (${(chunks.length / 4).toFixed(1)} s) in real time…`);
  for (const chunk of chunks) {
    speaker.sendAudio(chunk);
    await sleep(250);
  }
  // Wait until every listener has audio and nothing new arrived for a few seconds, or give up at --settle.
  const settleMs = Number(values.settle) * 1000;
  const quietMs = 6000;
  const lastActivity = () => Math.max(0, ...records.flatMap((r) => [...r.receivedAt.values()]));
  const streamEnded = Date.now();
  while (Date.now() - streamEnded < settleMs) {
    await sleep(250);
    const everyoneHeard = records.every((r) => r.audio.length > 0);
    if (everyoneHeard && Date.now() - Math.max(lastActivity(), streamEnded) > quietMs) break;
  }
  await speaker.endSession().catch(() => undefined);
  listeners.forEach((listener) => listener.close());

  for (const record of records) {
    const folder = join(out, record.language);
    mkdirSync(folder, { recursive: true });
    const ordered = [...record.audio].sort((a, b) => a.sequenceNumber - b.sequenceNumber);
    ordered.forEach((audio) =>
      writeFileSync(join(folder, `utterance-${audio.sequenceNumber}.mp3`), audio.audio),
    );
    writeFileSync(join(folder, 'all.mp3'), Buffer.concat(ordered.map((a) => Buffer.from(a.audio))));
    const captions = [...record.captions]
      .sort((a, b) => a.sequenceNumber - b.sequenceNumber)
      .map((c) => `#${c.sequenceNumber}\nen: ${c.sourceText}\n${c.targetLanguage}: ${c.translatedText}\n`)
      .join('\n');
    writeFileSync(join(folder, 'captions.txt'), captions);
    console.log(
      `${record.language}: ${ordered.length} utterances, ${record.captions.length} captions → ${folder}`,
    );
  }
  if (records.some((r) => r.audio.length === 0)) {
    console.error('some listener received no audio: is the stage up (npm run dev) and the speech clear?');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
