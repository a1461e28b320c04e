import { useEffect, useState } from 'preact/hooks';
import type { ListenerController } from '../controller';
import type { ListenerState } from '../state';

/** The controller's current state, re-rendering on every change. */
export function useListenerState(controller: ListenerController): ListenerState {
  const [state, setState] = useState(controller.state);
  useEffect(() => {
    setState(controller.state);
    return controller.subscribe(setState);
  }, [controller]);
  return state;
}
