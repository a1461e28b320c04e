import { OfflineEngineError, runProcess } from './run-process';

describe('runProcess', () => {
  it('feeds the input to the command and returns its output', async () => {
    // Act
    const output = await runProcess('tr', ['a-z', 'A-Z'], { input: 'hola', timeoutMs: 5000 });

    // Assess
    expect(output.stdout.toString('utf8')).toBe('HOLA');
  });

  it('kills a command that runs past the timeout', async () => {
    // Prepare
    const startedAt = Date.now();

    // Act
    const attempt = runProcess('sleep', ['10'], { timeoutMs: 200 });

    // Assess
    await expect(attempt).rejects.toThrow(/did not finish within 200 ms/);
    expect(Date.now() - startedAt).toBeLessThan(5000);
  });

  it('fails with the exit code and stderr on a non-zero exit', async () => {
    // Act
    const attempt = runProcess('sh', ['-c', 'echo broken >&2; exit 3'], { timeoutMs: 5000 });

    // Assess
    await expect(attempt).rejects.toMatchObject({
      name: 'OfflineEngineError',
      details: expect.objectContaining({ exitCode: 3, stderr: 'broken' }),
    });
  });

  it('fails with the spawn error as cause when the command does not exist', async () => {
    // Act
    const attempt = runProcess('no-such-engine-lingocast', [], { timeoutMs: 5000 });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(OfflineEngineError);
    await expect(attempt).rejects.toMatchObject({ cause: expect.objectContaining({ code: 'ENOENT' }) });
  });
});
