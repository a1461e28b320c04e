import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageServerlessApp, shippedSources } from './packaging';

describe('packageServerlessApp', () => {
  it('returns the template `serverless package` makes for the stage, offline', () => {
    // Act
    const template = packageServerlessApp(join(__dirname, 'testing', 'minimal-app'), 'qa');

    // Assess
    expect(template.Resources['FixtureQueue']).toEqual({
      Type: 'AWS::SQS::Queue',
      Properties: { QueueName: 'lingocast-qa-fixture' },
    });
  }, 120_000);

  it('fails with the command output when the app cannot be packaged', () => {
    // Act
    const attempt = () =>
      packageServerlessApp(join(__dirname, 'testing', 'minimal-app'), 'qa', { args: ['--no-such-option'] });

    // Assess
    expect(attempt).toThrow();
  }, 120_000);
});

describe('shippedSources', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shipped-sources-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the TypeScript that ships, leaving out specs and test helpers', () => {
    // Prepare
    mkdirSync(join(dir, 'handlers'));
    mkdirSync(join(dir, 'testing'));
    writeFileSync(join(dir, 'handlers', 'a.ts'), 'export const a = 1;');
    writeFileSync(join(dir, 'handlers', 'a.spec.ts'), 'test');
    writeFileSync(join(dir, 'testing', 'fakes.ts'), 'fake');
    writeFileSync(join(dir, 'notes.md'), 'notes');

    // Act
    const files = shippedSources(dir);

    // Assess
    expect(files).toEqual([{ path: join('handlers', 'a.ts'), text: 'export const a = 1;' }]);
  });
});
