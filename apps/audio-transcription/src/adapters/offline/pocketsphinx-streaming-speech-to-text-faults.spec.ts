import { join } from 'node:path';
import { PocketsphinxStreamError } from './pocketsphinx-stream-worker';
import { PocketsphinxStreamingSpeechToText } from './pocketsphinx-streaming-speech-to-text';
import { FOX, speechWorkDir } from './pocketsphinx-streaming.spec-helper';
import type { SpeechWorkDir } from './pocketsphinx-streaming.spec-helper';

// Streams whose worker crashes, stalls, says what it should not or cannot start; fakes stand in for python3
// where a real engine cannot be made to fail, the real one serves what comes after.
jest.setTimeout(60_000);

describe('PocketsphinxStreamingSpeechToText when its worker fails', () => {
  let workDir: SpeechWorkDir;
  let foxPcm: Buffer;
  const engine = new PocketsphinxStreamingSpeechToText({ maxStreams: 1 });

  beforeAll(() => {
    workDir = speechWorkDir();
    foxPcm = workDir.speak(FOX, 16_000);
  });

  afterAll(() => {
    engine.close();
    workDir.remove();
  });

  it('refuses languages it has no model for', async () => {
    const stream = engine.open({ languageCode: 'fr', sampleRate: 16_000 });

    await expect(stream.write(foxPcm)).rejects.toMatchObject({ code: 'UnsupportedLanguage' });
    await expect(stream.end()).rejects.toThrow(PocketsphinxStreamError);
    stream.abort();
  });

  it('fails the streams of a worker that crashed, and serves the next stream on a new worker', async () => {
    // Prepare: the first worker announces itself and dies on its first request; later ones are real
    const pythonPath = workDir.fakePython(
      'crash-once.sh',
      `if [ ! -e "$0.crashed" ]; then
  touch "$0.crashed"
  exec /usr/bin/python3 -c 'import sys; print("{\\"type\\": \\"ready\\"}", flush=True); sys.stdin.buffer.read(9); sys.exit(3)'
fi
exec /usr/bin/python3 "$@"`,
    );
    const local = new PocketsphinxStreamingSpeechToText({ pythonPath, maxStreams: 1 });
    const crashed = local.open({ languageCode: 'en', sampleRate: 16_000 });

    // Act
    const write = crashed.write(foxPcm);
    await expect(write).rejects.toThrow(/exited \(code 3/);
    const next = local.open({ languageCode: 'en', sampleRate: 16_000 });
    await next.write(foxPcm);

    // Assess
    await expect(crashed.end()).rejects.toMatchObject({ code: 'WorkerFailed' });
    await expect(next.end()).resolves.toMatchObject({ text: expect.stringContaining('lazy dog') });
    local.close();
  });

  it('gives up on a worker that stops answering, and says so', async () => {
    // Prepare: a worker that loads and then never answers
    const pythonPath = workDir.fakePython(
      'hang.sh',
      `exec /usr/bin/python3 -c 'import sys, time; print("{\\"type\\": \\"ready\\"}", flush=True); time.sleep(60)'`,
    );
    const local = new PocketsphinxStreamingSpeechToText({ pythonPath, timeoutMs: 300 });
    const stream = local.open({ languageCode: 'en', sampleRate: 16_000 });

    // Act
    const write = stream.write(foxPcm.subarray(0, 8000));

    // Assess
    await expect(write).rejects.toMatchObject({
      code: 'Timeout',
      message: expect.stringMatching(/within 300 ms/),
    });
    local.close();
  });

  it.each([
    ['prints what is not a reply', 'print("not json", flush=True)', /unreadable worker output: not json/],
    [
      'answers for a stream nobody opened',
      'print(json.dumps({"type": "opened", "id": 999}), flush=True)',
      /unexpected opened for stream 999/,
    ],
    [
      'answers a partial without its finals',
      'print(json.dumps({"type": "heard", "id": 1, "text": ""}), flush=True)',
      /unreadable worker output/,
    ],
  ])('replaces a worker that %s: it is out of step', async (_case, answer, message) => {
    // Prepare: a worker that loads, then gives one wrong answer to the first request
    const script = `import json, sys; print(json.dumps({"type": "ready"}), flush=True); sys.stdin.buffer.read(9); ${answer}; sys.stdin.buffer.read()`;
    const pythonPath = workDir.fakePython(
      `wrong-${Math.random().toString(36).slice(2)}.sh`,
      `exec /usr/bin/python3 -c '${script}'`,
    );
    const local = new PocketsphinxStreamingSpeechToText({ pythonPath });
    const stream = local.open({ languageCode: 'en', sampleRate: 16_000 });

    // Act
    const write = stream.write(foxPcm.subarray(0, 8000));

    // Assess
    await expect(write).rejects.toMatchObject({
      code: 'WorkerFailed',
      message: expect.stringMatching(message),
    });
    local.close();
  });

  it('gives up on a model that does not load within startTimeoutMs', async () => {
    // Prepare: a worker that never says it is ready
    const pythonPath = workDir.fakePython(
      'never-ready.sh',
      `exec /usr/bin/python3 -c 'import time; time.sleep(60)'`,
    );
    const local = new PocketsphinxStreamingSpeechToText({ pythonPath, startTimeoutMs: 300 });

    // Act
    const stream = local.open({ languageCode: 'en', sampleRate: 16_000 });

    // Assess
    await expect(stream.write(foxPcm.subarray(0, 8000))).rejects.toMatchObject({
      code: 'Timeout',
      message: 'pocketsphinx model did not load within 300 ms',
    });
    local.close();
  });

  it('reports a worker that cannot start, with its stderr', async () => {
    // Prepare
    const local = new PocketsphinxStreamingSpeechToText({ modelDir: join(workDir.path, 'no-model') });
    const stream = local.open({ languageCode: 'en', sampleRate: 16_000 });

    // Act
    const write = stream.write(foxPcm.subarray(0, 8000));

    // Assess
    await expect(write).rejects.toMatchObject({
      code: 'WorkerFailed',
      details: expect.objectContaining({ stderr: expect.any(String) }),
    });
    local.close();
  });
});
