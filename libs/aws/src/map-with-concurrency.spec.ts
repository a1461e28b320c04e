import { mapWithConcurrency } from './map-with-concurrency';

/** A promise the test resolves when it chooses. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('mapWithConcurrency', () => {
  it('keeps the input order whatever order the work finishes in', async () => {
    // Prepare
    const delays = [30, 0, 20, 10, 5];

    // Act
    const results = await mapWithConcurrency(delays, 5, async (delay, index) => {
      await new Promise((resolve) => setTimeout(resolve, delay));
      return `item ${index} after ${delay} ms`;
    });

    // Assess
    expect(results).toEqual(
      delays.map((delay, index) => ({ status: 'fulfilled', value: `item ${index} after ${delay} ms` })),
    );
  });

  it('never has more than the limit in flight, and keeps the limit busy', async () => {
    // Prepare
    const items = Array.from({ length: 20 }, (_unused, index) => index);
    let inFlight = 0;
    let mostInFlight = 0;

    // Act
    await mapWithConcurrency(items, 4, async () => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
    });

    // Assess
    expect(mostInFlight).toBe(4);
  });

  it('starts the next item as soon as one finishes, not when a whole batch does', async () => {
    // Prepare
    const slow = deferred<string>();
    const started: number[] = [];
    const run = mapWithConcurrency([0, 1, 2, 3], 2, async (item) => {
      started.push(item);
      return item === 0 ? slow.promise : `fast ${item}`;
    });

    // Act
    await new Promise((resolve) => setImmediate(resolve));
    const startedWhileFirstRuns = [...started];
    slow.resolve('slow 0');
    const results = await run;

    // Assess
    expect(startedWhileFirstRuns).toEqual([0, 1, 2, 3]);
    expect(results.map((result) => result.status === 'fulfilled' && result.value)).toEqual([
      'slow 0',
      'fast 1',
      'fast 2',
      'fast 3',
    ]);
  });

  it('settles every item even when some fail', async () => {
    // Prepare
    const failure = new Error('connection reset');

    // Act
    const results = await mapWithConcurrency([1, 2, 3], 2, async (item) => {
      if (item === 2) throw failure;
      return item * 10;
    });

    // Assess
    expect(results).toEqual([
      { status: 'fulfilled', value: 10 },
      { status: 'rejected', reason: failure },
      { status: 'fulfilled', value: 30 },
    ]);
  });

  it('answers an empty list with an empty list without calling the work', async () => {
    // Prepare
    const work = jest.fn(async () => 'never');

    // Act
    const results = await mapWithConcurrency([], 10, work);

    // Assess
    expect(results).toEqual([]);
    expect(work).not.toHaveBeenCalled();
  });

  it.each([[0], [-3]])('still does the work, one at a time, with a limit of %d', async (limit) => {
    // Prepare
    let inFlight = 0;
    let mostInFlight = 0;

    // Act
    const results = await mapWithConcurrency(['a', 'b', 'c'], limit, async (item) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return item.toUpperCase();
    });

    // Assess
    expect(results.map((result) => result.status === 'fulfilled' && result.value)).toEqual(['A', 'B', 'C']);
    expect(mostInFlight).toBe(1);
  });
});
