import { safeStorage } from '../shared/storage';
import { parseListenUrl, readPreferences, savePreference } from './preferences';

function memoryStorage() {
  const values = new Map<string, string>();
  return safeStorage(() => ({
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
  }));
}

describe('preferences', () => {
  it('reads back what was saved', () => {
    const storage = memoryStorage();
    savePreference(storage, 'language', 'pt-BR');
    savePreference(storage, 'captionsOnly', true);
    savePreference(storage, 'captionView', 'both');
    savePreference(storage, 'textScale', 1.5);
    savePreference(storage, 'theme', 'dark');
    expect(readPreferences(storage)).toEqual({
      language: 'pt-BR',
      captionsOnly: true,
      captionView: 'both',
      textScale: 1.5,
      theme: 'dark',
    });
  });

  it('remembers live captions as spoken, on or off, and ignores anything else', () => {
    const storage = memoryStorage();
    savePreference(storage, 'liveCaptions', true);
    expect(readPreferences(storage).liveCaptions).toBe(true);
    savePreference(storage, 'liveCaptions', false);
    expect(readPreferences(storage).liveCaptions).toBe(false);
    storage.set('lingocast.listener.liveCaptions', 'on');
    expect(readPreferences(storage)).toEqual({});
  });

  it('ignores invalid stored values', () => {
    const storage = memoryStorage();
    storage.set('lingocast.listener.language', '<script>');
    storage.set('lingocast.listener.captionsOnly', 'yes');
    storage.set('lingocast.listener.captionView', 'sideways');
    storage.set('lingocast.listener.textScale', '-3');
    storage.set('lingocast.listener.theme', 'pink');
    expect(readPreferences(storage)).toEqual({});
  });

  it('works with no storage at all', () => {
    const storage = safeStorage(() => {
      throw new Error('blocked');
    });
    savePreference(storage, 'theme', 'light');
    expect(readPreferences(storage)).toEqual({});
  });
});

describe('parseListenUrl', () => {
  it('reads the session id and the language', () => {
    expect(parseListenUrl('http://127.0.0.1:4000/listen/golden-eagle-427?lang=es')).toEqual({
      sessionId: 'golden-eagle-427',
      language: 'es',
    });
  });

  it('accepts a trailing slash, upper case and no language', () => {
    expect(parseListenUrl('https://x.org/listen/Golden-Eagle-427/')).toEqual({
      sessionId: 'golden-eagle-427',
    });
  });

  it('gives an empty id for other paths and broken escapes', () => {
    expect(parseListenUrl('https://x.org/').sessionId).toBe('');
    expect(parseListenUrl('https://x.org/listen/%E0%A4%A').sessionId).toBe('');
  });
});
