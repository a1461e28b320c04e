import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDynamoDbLocal } from './dynamodb-local';
import { JavaNotFoundError } from './errors';

describe('startDynamoDbLocal', () => {
  it('says how to install Java when it is missing', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'stage-nojava-'));

    try {
      // Act / Assess
      await expect(
        startDynamoDbLocal({ port: 1, logFile: join(dir, 'ddb.log'), java: join(dir, 'no-java-here') }),
      ).rejects.toBeInstanceOf(JavaNotFoundError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports the log tail when DynamoDB Local exits at start-up', async () => {
    // Prepare: java exits at once on an invalid port
    const dir = mkdtempSync(join(tmpdir(), 'stage-badport-'));

    try {
      // Act / Assess
      await expect(startDynamoDbLocal({ port: -5, logFile: join(dir, 'ddb.log') })).rejects.toThrow(
        /DynamoDB Local did not start: java exited/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
