// The share panel as a pure state machine: the panel ↔ the full-screen projector view, and the copy button's feedback.

export type CopyFeedback = 'idle' | 'copied' | 'failed';

export interface ShareState {
  view: 'panel' | 'projector';
  copy: CopyFeedback;
  /** The projector view holds the browser's full screen (Fullscreen API) rather than only the window. */
  fullscreen: boolean;
}

export type ShareEvent =
  | { type: 'openProjector' }
  | { type: 'closeProjector' }
  | { type: 'fullscreenChanged'; active: boolean }
  | { type: 'copied' }
  | { type: 'copyFailed' }
  | { type: 'copyFeedbackExpired' };

/** How long "Copied" stays next to the button, ms. */
export const COPY_FEEDBACK_MS = 3_000;

/**
 * The panel, nothing copied yet.
 *
 * @example
 * initialShare().view; // 'panel'
 */
export function initialShare(): ShareState {
  return { view: 'panel', copy: 'idle', fullscreen: false };
}

/**
 * The next share state. Leaving the browser's full screen (its own Escape) also leaves the projector view.
 *
 * @example
 * reduceShare(initialShare(), { type: 'openProjector' }).view; // 'projector'
 */
export function reduceShare(state: ShareState, event: ShareEvent): ShareState {
  switch (event.type) {
    case 'openProjector':
      return state.view === 'projector' ? state : { ...state, view: 'projector' };
    case 'closeProjector':
      return state.view === 'panel' ? state : { ...state, view: 'panel', fullscreen: false };
    case 'fullscreenChanged':
      if (event.active) return state.view === 'projector' ? { ...state, fullscreen: true } : state;
      if (!state.fullscreen) return state;
      return { ...state, view: 'panel', fullscreen: false };
    case 'copied':
      return { ...state, copy: 'copied' };
    case 'copyFailed':
      return { ...state, copy: 'failed' };
    case 'copyFeedbackExpired':
      return state.copy === 'idle' ? state : { ...state, copy: 'idle' };
  }
}

/**
 * The link a listener opens: the listener page of this session on the console's own origin.
 *
 * @example
 * joinLink('http://127.0.0.1:4000', 'golden-eagle-427'); // 'http://127.0.0.1:4000/listen/golden-eagle-427'
 */
export function joinLink(origin: string, sessionId: string): string {
  return `${origin}/listen/${encodeURIComponent(sessionId)}`;
}
