/** Removes the listener it was returned for. */
export type Disposer = () => void;

type Listener = (...args: never[]) => void;

/** The events of `Events` whose listeners take exactly what `K`'s do (other than `K` itself). */
type SameListenerAs<Events, K extends keyof Events> = Exclude<
  {
    [A in keyof Events]: [Events[A]] extends [Events[K]]
      ? [Events[K]] extends [Events[A]]
        ? A
        : never
      : never;
  }[keyof Events],
  K
>;

/**
 * Deprecated event names kept for old listeners: each event named here is emitted again, right
 * after, under its old name, with the same arguments.
 */
export type EventAliases<Events> = { readonly [K in keyof Events]?: SameListenerAs<Events, K> };

/**
 * A small typed event emitter: `on` returns a disposer; a throwing listener never stops the others.
 * Deprecated names given as `aliases` still fire, after the current name.
 *
 * @example
 * const off = emitter.on('transcript', (m) => console.log(m.translatedText));
 * off();
 */
export class TypedEmitter<Events extends { [K in keyof Events]: Listener }> {
  private readonly listeners = new Map<keyof Events, Set<Events[keyof Events]>>();

  constructor(private readonly aliases: EventAliases<Events> = {}) {}

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
    this.deliver(event, args);
    const alias = this.aliases[event];
    if (alias !== undefined) this.deliver(alias, args);
  }

  private deliver(event: keyof Events, args: readonly unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        (listener as unknown as (...a: readonly unknown[]) => void)(...args);
      } catch (error) {
        if (event !== 'listenerError') this.deliver('listenerError' as keyof Events, [error]);
      }
    }
  }
}
