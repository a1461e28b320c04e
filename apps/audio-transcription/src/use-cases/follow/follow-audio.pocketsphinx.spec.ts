import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PocketsphinxStreamingSpeechToText } from '../../adapters/offline/pocketsphinx-streaming-speech-to-text';
import { STREAMING_DECODER_OPTIONS } from '../../adapters/offline/pocketsphinx-streaming-speech-to-text';
import {
  FOX,
  PLEASE,
  chunksOf,
  speechWorkDir,
} from '../../adapters/offline/pocketsphinx-streaming.spec-helper';
import type { SpeechWorkDir } from '../../adapters/offline/pocketsphinx-streaming.spec-helper';
import { FOLLOW_EVENT, createFollowerDeps, realTime } from '../../testing/follower';
import type { FollowerTestDeps } from '../../testing/follower';
import { followAudio } from './follow-audio';

// The follower with the real engine: flite speech, pocketsphinx's incremental decoding on its warm
// worker, whose process is killed or stopped mid-sentence. The stores and the clock are the in-memory
// ones; decoding runs at the machine's own speed.
jest.setTimeout(120_000);

const LIMITS = { owner: 'owner-1', deadlineAt: Number.MAX_SAFE_INTEGER };

describe('followAudio on pocketsphinx', () => {
  let workDir: SpeechWorkDir;
  let talk: Buffer[];
  let pidFile: string;
  let python: string;

  beforeAll(() => {
    workDir = speechWorkDir();
    // Two sentences 0.3 s apart, then 2 s of silence, in 250 ms chunks.
    const gap = Buffer.alloc(9_600);
    talk = chunksOf(
      Buffer.concat([workDir.speak(FOX, 16_000), gap, workDir.speak(PLEASE, 16_000), Buffer.alloc(64_000)]),
      16_000,
    );
    pidFile = join(workDir.path, 'pids');
    // python3 that notes its pid first, so a test can kill or stop the worker it became.
    python = workDir.fakePython('noting-python', `echo $$ >> ${pidFile}\nexec /usr/bin/python3 "$@"`);
  });

  afterAll(() => workDir.remove());

  function workerPids(): number[] {
    try {
      return readFileSync(pidFile, 'utf8').trim().split('\n').map(Number);
    } catch {
      return [];
    }
  }

  async function follow(
    engine: PocketsphinxStreamingSpeechToText,
    onTick?: (elapsedMs: number) => void,
  ): Promise<FollowerTestDeps> {
    const deps = createFollowerDeps(realTime(talk), { onTick });
    const real = { ...deps, streaming: engine };
    await followAudio(real, FOLLOW_EVENT, LIMITS);
    return deps;
  }

  function texts(deps: FollowerTestDeps): string[] {
    return deps.translation.submitted.map((event) => `${event.sequenceNumber}: ${event.text.toLowerCase()}`);
  }

  it('recognises a fluent talk sentence by sentence, with partials while it is spoken', async () => {
    // Prepare
    const engine = new PocketsphinxStreamingSpeechToText({ decoderOptions: STREAMING_DECODER_OPTIONS });

    // Act
    const deps = await follow(engine);
    engine.close();

    // Assess
    const heard = texts(deps);
    expect(heard).toHaveLength(2);
    expect(heard[0]).toMatch(/^0: .*quick brown fox/);
    expect(heard[1]).toMatch(/^1: .*translate this sentence/);
    expect(deps.partials.published.length).toBeGreaterThanOrEqual(2);
  });

  it('goes on when the worker is killed mid-sentence: each sentence once, in order', async () => {
    // Prepare
    const engine = new PocketsphinxStreamingSpeechToText({
      pythonPath: python,
      decoderOptions: STREAMING_DECODER_OPTIONS,
    });
    await engine.start();
    const before = workerPids().length;

    // Act: SIGKILL the worker 1.5 s into the first sentence
    const deps = await follow(engine, (elapsedMs) => {
      const pid = workerPids()[before - 1];
      if (elapsedMs === 1_500 && pid) process.kill(pid, 'SIGKILL');
    });
    engine.close();

    // Assess
    const heard = texts(deps);
    expect(heard).toHaveLength(2);
    expect(heard[0]).toMatch(/^0: .*quick brown fox/);
    expect(heard[1]).toMatch(/^1: .*translate this sentence/);
    expect(heard.join(' ').match(/fox/g)).toHaveLength(1);
    expect(workerPids().length).toBe(before + 1); // a new worker took over
    expect(deps.speaker.typesSent()).not.toContain('error');
  });

  it('goes on when the worker stalls (stopped): it is replaced after its answer timeout', async () => {
    // Prepare
    const engine = new PocketsphinxStreamingSpeechToText({
      pythonPath: python,
      decoderOptions: STREAMING_DECODER_OPTIONS,
      timeoutMs: 2_000,
    });
    await engine.start();
    const before = workerPids().length;

    // Act: SIGSTOP the worker 1.5 s into the first sentence; it never answers again
    const deps = await follow(engine, (elapsedMs) => {
      const pid = workerPids()[before - 1];
      if (elapsedMs === 1_500 && pid) process.kill(pid, 'SIGSTOP');
    });
    engine.close();

    // Assess
    const heard = texts(deps);
    expect(heard).toHaveLength(2);
    expect(heard[0]).toMatch(/^0: .*quick brown fox/);
    expect(heard[1]).toMatch(/^1: .*translate this sentence/);
    expect(workerPids().length).toBe(before + 1);
  });
});
