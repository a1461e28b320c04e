/** Removes the listener it was returned for. */
export type Disposer = () => void;

/**
 * A small typed event emitter: `on` returns a disposer; a throwing listener never stops the others.
 *
 * @example
 * const off = emitter.on('transcript', (m) => console.log(m.translatedText));
 * off();
 */
export class TypedEmitter<Events extends { [K in keyof Events]: (...args: never[]) => void }> {
  private readonly listeners = new Map<keyof Events, Set<Events[keyof Events]>>();

  on<K extends keyof Events>(event: K, listener: Events[K]): Disposer {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    return () => set.delete(listener);
  }

  once<K extends keyof Events>(event: K, listener: Events[K]): Disposer {
    const off = this.on(event, ((...args: Parameters<Events[K]>) => {
      off();
      (listener as (...a: Parameters<Events[K]>) => void)(...args);
    }) as Events[K]);
    return off;
  }

  protected emit<K extends keyof Events>(event: K, ...args: Parameters<Events[K]>): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        (listener as (...a: Parameters<Events[K]>) => void)(...args);
      } catch (error) {
        if (event !== 'listenerError') this.emit('listenerError' as K, ...([error] as Parameters<Events[K]>));
      }
    }
  }
}
