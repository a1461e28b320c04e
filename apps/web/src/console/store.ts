// A state machine held for the page: the current state, a dispatch that runs the reducer, and subscribers.

export interface Store<S, E> {
  readonly state: S;
  /** Runs the reducer; subscribers hear of it only when the state changed. Returns the new state. */
  dispatch(event: E): S;
  subscribe(listener: (state: S) => void): () => void;
}

/**
 * A store over a pure reducer.
 *
 * @example
 * const share = createStore(reduceShare, initialShare());
 * share.dispatch({ type: 'openProjector' }).view; // 'projector'
 */
export function createStore<S, E>(reduce: (state: S, event: E) => S, initial: S): Store<S, E> {
  let state = initial;
  const listeners = new Set<(state: S) => void>();
  return {
    get state() {
      return state;
    },
    dispatch(event) {
      const next = reduce(state, event);
      if (next !== state) {
        state = next;
        for (const listener of [...listeners]) listener(state);
      }
      return state;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
