import { createWakeLock } from './wake-lock';

function environment(options: { refuse?: boolean } = {}) {
  const listeners: (() => void)[] = [];
  const released: number[] = [];
  let requests = 0;
  const releaseHandlers: (() => void)[] = [];
  const document = {
    visibilityState: 'visible' as DocumentVisibilityState,
    addEventListener: (_type: string, listener: () => void) => void listeners.push(listener),
  };
  const wakeLock = {
    async request() {
      requests += 1;
      if (options.refuse) throw new DOMException('no', 'NotAllowedError');
      const id = requests;
      return {
        release: async () => void released.push(id),
        addEventListener: (_type: 'release', listener: () => void) => void releaseHandlers.push(listener),
      };
    },
  };
  return {
    env: {
      wakeLock,
      document: document as unknown as Pick<Document, 'visibilityState' | 'addEventListener'>,
    },
    document,
    requests: () => requests,
    released,
    becomeVisible: () => {
      document.visibilityState = 'visible';
      listeners.forEach((listener) => listener());
    },
    browserReleases: () => releaseHandlers.forEach((handler) => handler()),
  };
}

const flush = async () => {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
};

describe('createWakeLock', () => {
  it('asks for a screen lock when switched on and releases it when off', async () => {
    const fake = environment();
    const keepAwake = createWakeLock(fake.env);
    keepAwake(true);
    await flush();
    expect(fake.requests()).toBe(1);
    keepAwake(true);
    await flush();
    expect(fake.requests()).toBe(1);
    keepAwake(false);
    await flush();
    expect(fake.released).toEqual([1]);
  });

  it('asks again when the page is visible after the browser released the lock', async () => {
    const fake = environment();
    const keepAwake = createWakeLock(fake.env);
    keepAwake(true);
    await flush();
    fake.document.visibilityState = 'hidden';
    fake.browserReleases();
    fake.becomeVisible();
    await flush();
    expect(fake.requests()).toBe(2);
  });

  it('does not ask while hidden or when switched off', async () => {
    const fake = environment();
    const keepAwake = createWakeLock(fake.env);
    fake.document.visibilityState = 'hidden';
    keepAwake(true);
    await flush();
    expect(fake.requests()).toBe(0);
    keepAwake(false);
    fake.becomeVisible();
    await flush();
    expect(fake.requests()).toBe(0);
  });

  it('releases a lock granted after it was switched off', async () => {
    const fake = environment();
    const keepAwake = createWakeLock(fake.env);
    keepAwake(true);
    keepAwake(false);
    await flush();
    expect(fake.released).toEqual([1]);
  });

  it('tolerates a refusal and a browser without the API', async () => {
    const refused = environment({ refuse: true });
    createWakeLock(refused.env)(true);
    await flush();
    expect(refused.requests()).toBe(1);
    const none = environment();
    expect(() => createWakeLock({ document: none.env.document })(true)).not.toThrow();
  });
});
