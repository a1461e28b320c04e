import { CONTRACT_EXAMPLES, fieldPaths } from '@lingocast/contract';
import type { IngestResult } from '@lingocast/contract';
import { validateAudioChunkEvent, validateAudioFlushEvent } from '@lingocast/validation';
import { getDeps } from '../composition';
import { ingestAudioHandler } from '../handlers/audio';
import { chunkEvent, chunksFromScript } from '../testing/audio';
import { createTestDeps } from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';

// session-management → audio-transcription: the ingest events session-management sends are the ones
// this app validates (libs/validation), and the replies this app gives have the contract's fields.

jest.mock('../composition', () => ({
  getDeps: jest.fn(),
  recognitionMode: () => 'utterance',
  logger: jest.requireActual('@lingocast/logging').createLogger('test', 'silent'),
}));

let deps: TestDeps;

beforeEach(() => {
  deps = createTestDeps();
  jest.mocked(getDeps).mockReturnValue(deps);
});

describe('the ingest events audio-transcription receives', () => {
  it('accepts the chunk of the contract example and stores it', async () => {
    // Prepare
    const example = CONTRACT_EXAMPLES.audioChunk;

    // Act
    const validated = validateAudioChunkEvent(example);
    const result = await ingestAudioHandler(example);

    // Assess
    expect(validated.ok).toBe(true);
    expect(result).toEqual({ ok: true, duplicate: false, claimed: 0 });
    expect(deps.store.storedChunkNumbers(example.sessionId)).toEqual([example.sequenceNumber]);
  });

  it('accepts the flush of the contract example', async () => {
    // Prepare
    const example = CONTRACT_EXAMPLES.audioFlush;

    // Act
    const validated = validateAudioFlushEvent(example);
    const result = await ingestAudioHandler(example);

    // Assess
    expect(validated.ok).toBe(true);
    expect(result).toEqual({ ok: true, duplicate: false, claimed: 0 });
  });
});

describe('the ingest replies audio-transcription gives', () => {
  it('answers a stored chunk with the fields of the accepted example', async () => {
    // Prepare
    const [audio] = chunksFromScript('S');

    // Act
    const accepted: IngestResult = await ingestAudioHandler(chunkEvent(0, audio ?? Buffer.alloc(0), 0));
    const duplicate: IngestResult = await ingestAudioHandler(chunkEvent(0, audio ?? Buffer.alloc(0), 0));

    // Assess
    expect(fieldPaths(accepted)).toEqual(fieldPaths(CONTRACT_EXAMPLES.ingestAccepted));
    expect(duplicate).toMatchObject({ ok: true, duplicate: true });
  });

  it('answers a malformed chunk with the fields and code of the refused example', async () => {
    // Act
    const refused = await ingestAudioHandler({ ...CONTRACT_EXAMPLES.audioChunk, audio: 42 });

    // Assess
    expect(fieldPaths(refused)).toEqual(fieldPaths(CONTRACT_EXAMPLES.ingestRefused));
    expect(refused).toMatchObject({ ok: false, code: CONTRACT_EXAMPLES.ingestRefused.code });
  });
});
