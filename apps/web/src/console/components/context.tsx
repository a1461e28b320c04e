// What every console component reads: the translator (the page's words) and the controller (its actions).
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { Translator } from '../../shared/i18n';
import type { ConsoleController } from '../controller';
import type { Store } from '../store';

export interface ConsoleContext {
  translator: Translator;
  controller: ConsoleController;
  /** The console's origin, for the join link. */
  origin: string;
}

/** The console's context; main.tsx provides it. */
export const Console = createContext<ConsoleContext | undefined>(undefined);

/**
 * The console context; components are rendered only inside <Console.Provider>.
 *
 * @example
 * const { translator, controller } = useConsole();
 */
export function useConsole(): ConsoleContext {
  const context = useContext(Console);
  if (!context) throw new Error('console components need <Console.Provider>');
  return context;
}

/**
 * A store's state, re-rendering when it changes.
 *
 * @example
 * const session = useStore(controller.session);
 */
export function useStore<S, E>(store: Store<S, E>): S {
  const [state, setState] = useState(store.state);
  useEffect(() => {
    setState(store.state);
    return store.subscribe(setState);
  }, [store]);
  return state;
}
