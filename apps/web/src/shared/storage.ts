/** A key-value store that never throws: private modes, disabled storage or a full quota just forget. */
export interface SafeStorage {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

/**
 * Wraps `localStorage` (or any Storage) so failures are tolerated; the page works without it.
 *
 * @example
 * const storage = safeStorage(() => window.localStorage);
 * storage.set('lingocast.listener.textSize', '1.25');
 */
export function safeStorage(get: () => Pick<Storage, 'getItem' | 'setItem'> | undefined): SafeStorage {
  function backend(): Pick<Storage, 'getItem' | 'setItem'> | undefined {
    try {
      return get();
    } catch {
      // Reading window.localStorage itself throws when storage is blocked.
      return undefined;
    }
  }
  return {
    get(key) {
      try {
        return backend()?.getItem(key) ?? undefined;
      } catch {
        return undefined;
      }
    },
    set(key, value) {
      try {
        backend()?.setItem(key, value);
      } catch {
        // Quota or a security error: the choice lasts this visit only.
      }
    },
  };
}
