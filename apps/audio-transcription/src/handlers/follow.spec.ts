import { emittedMetricCalls } from '@lingocast/lambda/testing';
import { getFollowerDeps } from '../composition';
import { FOLLOW_EVENT, createFollowerDeps, realTime, taggedChunks } from '../testing/follower';
import { followAudioHandler } from './follow';

jest.mock('@lingocast/logging', () => jest.requireActual('@lingocast/lambda/testing').loggingMock());
jest.mock('../composition', () => ({
  ...jest.requireActual('@lingocast/lambda/testing').compositionMock(),
  getFollowerDeps: jest.fn(),
}));

describe('followAudioHandler', () => {
  it('follows the session until it is quiet, as the Lambda request’s owner, and counts its utterances', async () => {
    // Prepare
    const deps = createFollowerDeps(realTime(taggedChunks('SSSSSSSS.SSSS......')));
    jest.mocked(getFollowerDeps).mockReturnValue(deps);

    // Act
    const outcome = await followAudioHandler(FOLLOW_EVENT, {
      awsRequestId: 'lambda-request-1',
      getRemainingTimeInMillis: () => 900_000,
    });

    // Assess
    expect(outcome).toEqual({ kind: 'idle', utterances: 2 });
    expect(deps.leases.acquired[0]?.owner).toBe('lambda-request-1');
    expect(emittedMetricCalls('FollowerUtterances').map((call) => call[3])).toEqual([2]);
  });

  it('hands over before Lambda’s limit, keeping a minute for it', async () => {
    // Prepare: 70 s left, so the owner must hand over after ~10 s
    const deps = createFollowerDeps(realTime(taggedChunks('SSSSSSSS.'.repeat(8))));
    jest.mocked(getFollowerDeps).mockReturnValue(deps);
    const start = deps.clock.now();

    // Act
    const outcome = await followAudioHandler(FOLLOW_EVENT, { getRemainingTimeInMillis: () => 70_000 });

    // Assess
    expect(outcome.kind).toBe('handedOver');
    expect(deps.clock.now() - start).toBeLessThanOrEqual(10_000 + 200);
    expect(deps.followers.started).toHaveLength(1);
  });

  it('drops an invalid event with a reason and follows nothing', async () => {
    // Prepare
    jest.mocked(getFollowerDeps).mockClear();

    // Act
    const outcome = await followAudioHandler({ kind: 'followAudio', sessionId: 'Not A Session' });

    // Assess
    expect(outcome).toMatchObject({ kind: 'invalid' });
    expect(getFollowerDeps).not.toHaveBeenCalled();
  });
});
