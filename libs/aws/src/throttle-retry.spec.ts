import { isRetryableThrottle, retryThrottled } from './throttle-retry';

function awsError(name: string, status?: number): Error {
  return Object.assign(new Error(`${name} happened`), {
    name,
    ...(status === undefined ? {} : { $metadata: { httpStatusCode: status } }),
  });
}

/** A clock that only moves when the retry sleeps. */
function fakeTime() {
  let nowMs = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => nowMs,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      nowMs += ms;
    },
  };
}

describe('isRetryableThrottle', () => {
  it.each([
    'ThrottlingException',
    'TooManyRequestsException',
    'LimitExceededException',
    'ServiceUnavailableException',
  ])('retries %s', (name) => {
    // Assess
    expect(isRetryableThrottle(awsError(name))).toBe(true);
  });

  it('retries an HTTP 503 whatever its name, and not a bad request', () => {
    // Assess
    expect(isRetryableThrottle(awsError('UnknownError', 503))).toBe(true);
    expect(isRetryableThrottle(awsError('BadRequestException', 400))).toBe(false);
    expect(isRetryableThrottle('not an error')).toBe(false);
  });
});

describe('retryThrottled', () => {
  it('returns after throttled attempts, backing off exponentially with jitter', async () => {
    // Prepare
    const time = fakeTime();
    const call = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(awsError('ThrottlingException'))
      .mockRejectedValueOnce(awsError('TooManyRequestsException'))
      .mockResolvedValue('ok');

    // Act
    const result = await retryThrottled(call, { ...time, random: () => 0.5 });

    // Assess
    expect(result).toBe('ok');
    expect(call).toHaveBeenCalledTimes(3);
    expect(time.sleeps).toEqual([75, 150]);
  });

  it('spreads the delays between half and all of the ceiling', async () => {
    // Prepare
    const low = fakeTime();
    const high = fakeTime();
    const failOnce = () =>
      jest
        .fn<Promise<string>, []>()
        .mockRejectedValueOnce(awsError('LimitExceededException'))
        .mockResolvedValue('ok');

    // Act
    await retryThrottled(failOnce(), { ...low, random: () => 0 });
    await retryThrottled(failOnce(), { ...high, random: () => 0.999 });

    // Assess
    expect(low.sleeps).toEqual([50]);
    expect(high.sleeps).toEqual([100]);
  });

  it('gives up with the last throttling error once the next attempt would start after the budget', async () => {
    // Prepare
    const time = fakeTime();
    const throttled = awsError('ThrottlingException');
    const call = jest.fn<Promise<string>, []>().mockRejectedValue(throttled);

    // Act
    const outcome = retryThrottled(call, { ...time, random: () => 0.999 });

    // Assess
    await expect(outcome).rejects.toBe(throttled);
    expect(time.sleeps).toEqual([100, 200, 400, 800]);
    expect(time.now()).toBe(1_500);
    expect(call).toHaveBeenCalledTimes(5);
  });

  it('throws any other error at once, without waiting', async () => {
    // Prepare
    const time = fakeTime();
    const refused = awsError('InvalidSsmlException', 400);
    const call = jest.fn<Promise<string>, []>().mockRejectedValue(refused);

    // Act
    const outcome = retryThrottled(call, time);

    // Assess
    await expect(outcome).rejects.toBe(refused);
    expect(call).toHaveBeenCalledTimes(1);
    expect(time.sleeps).toEqual([]);
  });

  it('waits for real with the default sleep', async () => {
    // Prepare
    jest.useFakeTimers();
    const call = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(awsError('ThrottlingException'))
      .mockResolvedValue('ok');

    // Act
    const outcome = retryThrottled(call, { random: () => 0 });
    await jest.advanceTimersByTimeAsync(50);

    // Assess
    await expect(outcome).resolves.toBe('ok');
    jest.useRealTimers();
  });
});
