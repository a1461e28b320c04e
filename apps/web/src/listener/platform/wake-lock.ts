/** The parts of the Wake Lock API the page uses. */
interface WakeLockLike {
  request(
    type: 'screen',
  ): Promise<{ release(): Promise<void>; addEventListener(type: 'release', listener: () => void): void }>;
}

interface Environment {
  wakeLock?: WakeLockLike;
  document: Pick<Document, 'visibilityState' | 'addEventListener'>;
}

/**
 * A switch that keeps the screen awake while on, where the browser allows (the Wake Lock API). The
 * browser releases the lock when the page is hidden; it is asked for again when the page is visible.
 *
 * @example
 * const keepAwake = createWakeLock();
 * keepAwake(true);
 */
export function createWakeLock(
  environment: Environment = {
    wakeLock: (navigator as Navigator & { wakeLock?: WakeLockLike }).wakeLock,
    document,
  },
): (on: boolean) => void {
  let wanted = false;
  let sentinel: Awaited<ReturnType<WakeLockLike['request']>> | undefined;
  let requesting = false;

  async function acquire(): Promise<void> {
    if (!environment.wakeLock || sentinel || requesting || environment.document.visibilityState !== 'visible')
      return;
    requesting = true;
    try {
      const lock = await environment.wakeLock.request('screen');
      lock.addEventListener('release', () => {
        if (sentinel === lock) sentinel = undefined;
      });
      sentinel = lock;
      if (!wanted) void release();
    } catch {
      // Refused (battery saver, policy): the page works, the screen may dim.
    } finally {
      requesting = false;
    }
  }

  async function release(): Promise<void> {
    const lock = sentinel;
    sentinel = undefined;
    await lock?.release().catch(() => undefined);
  }

  environment.document.addEventListener('visibilitychange', () => {
    if (wanted && environment.document.visibilityState === 'visible') void acquire();
  });

  return (on) => {
    wanted = on;
    if (on) void acquire();
    else void release();
  };
}
