import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Translator } from '../../shared/i18n';
import type { ListenerController } from '../controller';

export interface ListenerContext {
  controller: ListenerController;
  translator: Translator;
}

export const Context = createContext<ListenerContext | undefined>(undefined);

/** The page's controller and translator (provided by App). */
export function useListener(): ListenerContext {
  const value = useContext(Context);
  if (!value) throw new Error('useListener outside <App>');
  return value;
}
