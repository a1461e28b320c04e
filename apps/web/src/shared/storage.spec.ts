import { safeStorage } from './storage';

function memory(): Pick<Storage, 'getItem' | 'setItem'> {
  const values = new Map<string, string>();
  return { getItem: (key) => values.get(key) ?? null, setItem: (key, value) => void values.set(key, value) };
}

describe('safeStorage', () => {
  it('stores and reads values', () => {
    const storage = safeStorage(() => memory());
    const stable = memory();
    const kept = safeStorage(() => stable);
    kept.set('a', '1');
    expect(kept.get('a')).toBe('1');
    expect(storage.get('missing')).toBeUndefined();
  });

  it('tolerates storage that cannot be reached', () => {
    const storage = safeStorage(() => {
      throw new DOMException('blocked', 'SecurityError');
    });
    expect(() => storage.set('a', '1')).not.toThrow();
    expect(storage.get('a')).toBeUndefined();
  });

  it('tolerates storage whose calls throw', () => {
    const storage = safeStorage(() => ({
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    }));
    expect(() => storage.set('a', '1')).not.toThrow();
    expect(storage.get('a')).toBeUndefined();
  });

  it('tolerates no storage at all', () => {
    const storage = safeStorage(() => undefined);
    storage.set('a', '1');
    expect(storage.get('a')).toBeUndefined();
  });
});
