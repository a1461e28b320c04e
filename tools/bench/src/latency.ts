// End-of-utterance → first translatedAudio at a listener, on the local stage, with a per-stage
// breakdown from the services' own `utterance delivered` log lines. Prints figures; asserts nothing.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { ListenerClient, SpeakerClient } from '@lingocast/client';
import { freePorts, requestToken, startStage } from '@lingocast/stage';
import { speak } from '@lingocast/speech-fixtures';
import { logEntries } from './logs';
import { loadAverage } from './machine';
import { CHUNK_BYTES, CHUNK_MS, SENTENCES, WARM_UP, closingChunk } from './speech';
import { quantile, summary } from './stats';
import { sleep, stopOnInterrupt } from './tasks';

interface Delivered {
  utterance: number;
  assemblyMs: number;
  speechToTextMs: number;
  endToEndMs?: number;
  languages: Array<{
    language: string;
    translationMs: number;
    synthesisMs: number;
    fanOutMs: number;
    cacheHit: boolean;
  }>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      utterances: { type: 'string', default: '20' },
      languages: { type: 'string', default: 'es,ca,fr' },
    },
  });
  const count = Number(values.utterances);
  const languages = values.languages.split(',');
  console.log(`date: ${new Date().toISOString()}; load average at start: ${loadAverage()}`);
  const started = Date.now();
  const stage = await startStage({
    ports: await freePorts(),
    logDir: join(tmpdir(), `lingocast-bench-${process.pid}`),
  });
  stopOnInterrupt(stage);
  console.log(`stage up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  try {
    const { endpoints } = stage;
    const token = await requestToken(endpoints.tokenUrl, 'bench-speaker');
    const speaker = new SpeakerClient({
      httpUrl: endpoints.httpApi,
      websocketUrl: endpoints.websocket,
      tokenProvider: () => token.idToken,
      WebSocket,
    });
    const session = await speaker.createSession({ sourceLanguage: 'en' });
    const firstAudioAt = new Map<number, number>();
    const listeners = await Promise.all(
      languages.map(async (language) => {
        const listener = new ListenerClient({ websocketUrl: endpoints.websocket, WebSocket });
        listener.on('message', (message) => {
          if (message.type === 'translatedAudio' && !firstAudioAt.has(message.sequenceNumber)) {
            firstAudioAt.set(message.sequenceNumber, Date.now());
          }
        });
        await listener.join(session.sessionId, language);
        return listener;
      }),
    );
    await speaker.connect(session.sessionId);
    // Warm-up utterance (first-use costs: recogniser and translator start, module loads), not counted.
    const sentences = [
      WARM_UP,
      ...Array.from({ length: count }, (_, i) => SENTENCES[i % SENTENCES.length] ?? ''),
    ];
    const closingSentAt: number[] = [];
    for (const sentence of sentences) {
      const pcm = speak(sentence, 1.5, 0.2);
      const closing = closingChunk(pcm);
      for (let index = 0, offset = 0; offset < pcm.length; index += 1, offset += CHUNK_BYTES) {
        speaker.sendAudio(pcm.subarray(offset, offset + CHUNK_BYTES));
        if (index === closing) closingSentAt.push(Date.now());
        await sleep(CHUNK_MS);
      }
    }
    for (let waited = 0; firstAudioAt.size < sentences.length && waited < 30_000; waited += 250)
      await sleep(250);
    const client = closingSentAt
      .map((sentAt, utterance) => ({ utterance, ms: (firstAudioAt.get(utterance) ?? Number.NaN) - sentAt }))
      .filter((entry) => entry.utterance > 0 && !Number.isNaN(entry.ms));
    const logs = logEntries<Delivered>(
      join(stage.logDir, 'translation-pipeline.log'),
      'utterance delivered',
      session.sessionId,
    ).filter((d) => d.utterance > 0);
    const perLanguage = logs.flatMap((d) => d.languages);
    console.log(
      `\nLocal stage, ${languages.length} target languages (${languages.join(', ')}), ${client.length} utterances (+1 warm-up), 250 ms chunks, 500 ms pause`,
    );
    console.log(
      `end of utterance → first translatedAudio at a listener (client clock): ${summary(client.map((c) => c.ms))}`,
    );
    console.log(
      `  server: last chunk received → first audio sent:                      ${summary(logs.flatMap((d) => (d.endToEndMs === undefined ? [] : [d.endToEndMs])))}`,
    );
    console.log(
      `  assembly (last chunk received → utterance claimed):                  ${summary(logs.map((d) => d.assemblyMs))}`,
    );
    console.log(
      `  speech-to-text (claimed → transcribed):                              ${summary(logs.map((d) => d.speechToTextMs))}`,
    );
    console.log(
      `  translation, per language (cache misses):                            ${summary(perLanguage.filter((l) => !l.cacheHit).map((l) => l.translationMs))}`,
    );
    console.log(
      `  translation, per language (cache hits):                              ${summary(perLanguage.filter((l) => l.cacheHit).map((l) => l.translationMs))}`,
    );
    console.log(
      `  synthesis, per language:                                             ${summary(perLanguage.map((l) => l.synthesisMs))}`,
    );
    console.log(
      `  fan-out, per language:                                               ${summary(perLanguage.map((l) => l.fanOutMs))}`,
    );
    const missing = sentences.length - firstAudioAt.size;
    if (missing > 0) console.log(`  ${missing} utterance(s) never arrived`);
    console.log(
      `median end to end: ${Math.round(
        quantile(
          client.map((c) => c.ms),
          0.5,
        ),
      )} ms`,
    );
    console.log(`load average at end: ${loadAverage()}`);
    listeners.forEach((listener) => listener.close());
    speaker.close();
  } finally {
    await stage.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
