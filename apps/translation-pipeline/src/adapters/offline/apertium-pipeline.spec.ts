import { ApertiumPipeline, spawnShellPipeline } from './apertium-pipeline';
import { fakeStarter } from './testing/fake-pipeline-process';
import type { FakePipelineProcess } from './testing/fake-pipeline-process';
import { OfflineEngineError } from './run-process';

/** Answers every request with its text upper-cased, after `delayMs`. */
const upperCase =
  (delayMs = 0) =>
  (request: string, process: FakePipelineProcess) =>
    setTimeout(() => process.answer(request.toUpperCase()), delayMs);

describe('ApertiumPipeline', () => {
  it('answers each request with the output up to the next NUL, starting the process once', async () => {
    // Prepare
    const { start, started } = fakeStarter(upperCase());
    const pipeline = new ApertiumPipeline({ name: 'eng-spa', start, timeoutMs: 1000 });

    // Act
    const first = await pipeline.translate('hello');
    const second = await pipeline.translate('good morning');

    // Assess
    expect([first, second]).toEqual(['HELLO', 'GOOD MORNING']);
    expect(started).toHaveLength(1);
    expect(started[0]?.requests).toEqual(['hello', 'good morning']);
  });

  it('sends one request at a time, in call order, to a pipeline that answers slowly', async () => {
    // Prepare: record how many requests the process has seen when each answer is written
    const seenAtAnswer: number[] = [];
    const { start, started } = fakeStarter((request, process) => {
      setTimeout(() => {
        seenAtAnswer.push(process.requests.length);
        process.answer(`<${request}>`);
      }, 20);
    });
    const pipeline = new ApertiumPipeline({ name: 'eng-cat', start, timeoutMs: 1000 });

    // Act
    const answers = await Promise.all(['a', 'b', 'c'].map((text) => pipeline.translate(text)));

    // Assess
    expect(answers).toEqual(['<a>', '<b>', '<c>']);
    expect(seenAtAnswer).toEqual([1, 2, 3]);
    expect(started).toHaveLength(1);
  });

  it('reassembles an answer split across chunks, a multi-byte character included', async () => {
    // Prepare: "niños" with its ñ cut between two writes
    const { start } = fakeStarter((_request, process) => {
      const bytes = Buffer.from('niños\u0000', 'utf8');
      process.stdout.write(bytes.subarray(0, 3));
      setTimeout(() => process.stdout.write(bytes.subarray(3)), 5);
    });
    const pipeline = new ApertiumPipeline({ name: 'eng-spa', start, timeoutMs: 1000 });

    // Act
    const answer = await pipeline.translate('children');

    // Assess
    expect(answer).toBe('niños');
  });

  it('fails the request when the process dies, and starts a new one for the next request', async () => {
    // Prepare: the first process crashes on its first request; the next ones answer
    const { start, started } = fakeStarter((request, process) => {
      if (process.pid === 1000) process.crash(134, 'lt-proc: bad input');
      else process.answer(request.toUpperCase());
    });
    const pipeline = new ApertiumPipeline({ name: 'es-fr', start, timeoutMs: 1000 });

    // Act
    const failed = pipeline.translate('hola');
    await expect(failed).rejects.toThrow(OfflineEngineError);
    const next = await pipeline.translate('adiós');

    // Assess
    await expect(failed).rejects.toMatchObject({
      message: expect.stringContaining('pipeline exited (exit code 134'),
      details: expect.objectContaining({ mode: 'es-fr', exitCode: 134, stderr: 'lt-proc: bad input' }),
    });
    expect(next).toBe('ADIÓS');
    expect(started).toHaveLength(2);
  });

  it('kills a pipeline that does not answer in time, then serves the queued request from a new one', async () => {
    // Prepare: the first process never answers
    const { start, started } = fakeStarter((request, process) => {
      if (process.pid !== 1000) process.answer(request.toUpperCase());
    });
    const pipeline = new ApertiumPipeline({ name: 'eng-spa', start, timeoutMs: 50 });

    // Act: the second request waits in the queue behind the hung one
    const [hung, queued] = await Promise.allSettled([pipeline.translate('one'), pipeline.translate('two')]);

    // Assess
    expect(hung).toMatchObject({
      status: 'rejected',
      reason: expect.objectContaining({ message: 'apertium eng-spa did not answer within 50 ms' }),
    });
    expect(queued).toEqual({ status: 'fulfilled', value: 'TWO' });
    expect(started.map((process) => process.killed)).toEqual([true, false]);
    expect(started[1]?.requests).toEqual(['two']);
  });

  it('restarts a pipeline that prints an answer nobody asked for', async () => {
    // Prepare: the first process answers every request twice
    const { start, started } = fakeStarter((request, process) => {
      process.answer(request);
      if (process.pid === 1000) process.answer('stray');
    });
    const pipeline = new ApertiumPipeline({ name: 'eng-spa', start, timeoutMs: 1000 });

    // Act
    const first = await pipeline.translate('one');
    await new Promise((resolve) => setImmediate(resolve));
    const second = await pipeline.translate('two');

    // Assess: the out-of-step process is gone; its stray answer never reached a caller
    expect([first, second]).toEqual(['one', 'two']);
    expect(started).toHaveLength(2);
    expect(started[0]?.killed).toBe(true);
  });

  it('fails the request in flight when closed, and starts a new process afterwards', async () => {
    // Prepare
    const { start, started } = fakeStarter(upperCase(100));
    const pipeline = new ApertiumPipeline({ name: 'eng-spa', start, timeoutMs: 1000 });
    const inFlight = pipeline.translate('one');
    await new Promise((resolve) => setTimeout(resolve, 10));

    // Act
    pipeline.close();
    const next = await pipeline.translate('two');

    // Assess
    await expect(inFlight).rejects.toThrow('apertium eng-spa pipeline was stopped');
    expect(next).toBe('TWO');
    expect(started).toHaveLength(2);
  });

  it('fails with the start error when the process cannot be started, and tries again next time', async () => {
    // Prepare
    let attempts = 0;
    const working = fakeStarter(upperCase());
    const pipeline = new ApertiumPipeline({
      name: 'eng-spa',
      start: () => {
        attempts += 1;
        return attempts === 1 ? Promise.reject(new Error('no mode file')) : working.start();
      },
      timeoutMs: 1000,
    });

    // Act
    const failed = pipeline.translate('one');
    await expect(failed).rejects.toThrow('no mode file');
    const next = await pipeline.translate('two');

    // Assess
    expect(next).toBe('TWO');
    expect(attempts).toBe(2);
  });

  it('reports a process that could not be spawned', async () => {
    // Prepare: the process reports a spawn error right away
    const { start } = fakeStarter(() => undefined);
    const pipeline = new ApertiumPipeline({
      name: 'eng-spa',
      start: async () => {
        const process = await start();
        setImmediate(() => process.emit('error', new Error('spawn sh ENOENT')));
        return process;
      },
      timeoutMs: 1000,
    });

    // Act
    const attempt = pipeline.translate('one');

    // Assess
    await expect(attempt).rejects.toMatchObject({
      message: 'could not start apertium eng-spa',
      cause: expect.objectContaining({ message: 'spawn sh ENOENT' }),
    });
  });

  it('refuses a text holding a NUL without touching the pipeline', async () => {
    // Prepare
    const { start, started } = fakeStarter(upperCase());
    const pipeline = new ApertiumPipeline({ name: 'eng-spa', start, timeoutMs: 1000 });

    // Act
    const attempt = pipeline.translate('one\u0000two');

    // Assess
    await expect(attempt).rejects.toThrow(/NUL/);
    expect(started).toHaveLength(0);
  });
});

describe('spawnShellPipeline', () => {
  it('runs a shell pipeline with its arguments and a UTF-8 locale, and kills every stage', async () => {
    // Prepare: a two-stage pipeline that echoes its arguments and locale, then waits for stdin
    const process = spawnShellPipeline('printf "%s|%s|%s\\0" "$1" "$2" "$LC_ALL"; cat | cat', ['-n', '']);
    const firstAnswer = new Promise<string>((resolve) =>
      process.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8'))),
    );
    const exited = new Promise<string | null>((resolve) =>
      process.on('exit', (_code, signal) => resolve(signal)),
    );

    // Act
    const answer = await firstAnswer;
    process.kill();

    // Assess: no process of the group is left (signal 0 only checks for existence)
    expect(answer).toBe('-n||C.UTF-8\u0000');
    await expect(exited).resolves.toBe('SIGKILL');
    const groupAlive = (): boolean => {
      try {
        return globalThis.process.kill(-(process.pid ?? 0), 0);
      } catch {
        return false;
      }
    };
    for (let waited = 0; groupAlive() && waited < 2000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(groupAlive()).toBe(false);
  });
});
