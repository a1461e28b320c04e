// The microphone pre-flight as a pure state machine: unknown → asking → ready, or one of the reasons it
// cannot be used, each with its own guidance. Capture itself runs in the controller.

/** Why the microphone cannot be used: the client library's microphoneErrorKind, its `unknown` called `failed` here. */
export type MicrophoneProblem =
  | 'denied'
  | 'no-device'
  | 'blocked-by-policy'
  | 'in-use'
  | 'insecure-context'
  | 'unsupported'
  | 'failed'
  /** The device stopped while capturing (unplugged, switched off). */
  | 'lost';

export type MicrophoneStatus = 'unknown' | 'asking' | 'ready' | MicrophoneProblem;

export interface MicrophoneDevice {
  deviceId: string;
  /** Empty until the page has the permission (browsers hide labels before). */
  label: string;
}

export interface MicrophoneState {
  status: MicrophoneStatus;
  devices: MicrophoneDevice[];
  /** The chosen device; `''` is the system default. */
  deviceId: string;
  /** Capture is running (the level meter moves). */
  capturing: boolean;
}

export type MicrophoneEvent =
  | { type: 'devicesListed'; devices: MicrophoneDevice[] }
  | { type: 'ask' }
  | { type: 'granted' }
  | { type: 'failed'; problem: MicrophoneProblem }
  | { type: 'chooseDevice'; deviceId: string }
  | { type: 'released' };

/**
 * Nothing known yet: no permission asked, no device listed.
 *
 * @example
 * initialMicrophone().status; // 'unknown'
 */
export function initialMicrophone(): MicrophoneState {
  return { status: 'unknown', devices: [], deviceId: '', capturing: false };
}

/**
 * The next microphone state.
 *
 * @example
 * reduceMicrophone(initialMicrophone(), { type: 'ask' }).status; // 'asking'
 */
export function reduceMicrophone(state: MicrophoneState, event: MicrophoneEvent): MicrophoneState {
  switch (event.type) {
    case 'devicesListed': {
      const devices = event.devices.filter((device) => device.deviceId !== '');
      const deviceId = devices.some((device) => device.deviceId === state.deviceId) ? state.deviceId : '';
      return { ...state, devices, deviceId };
    }
    case 'ask':
      if (state.status === 'asking' || state.capturing) return state;
      return { ...state, status: 'asking' };
    case 'granted':
      if (state.status !== 'asking') return state;
      return { ...state, status: 'ready', capturing: true };
    case 'failed':
      if (state.status !== 'asking' && !state.capturing) return state;
      return { ...state, status: event.problem, capturing: false };
    case 'chooseDevice':
      if (event.deviceId === state.deviceId) return state;
      if (event.deviceId !== '' && !state.devices.some((device) => device.deviceId === event.deviceId))
        return state;
      // A running capture restarts on the new device.
      return state.capturing
        ? { ...state, deviceId: event.deviceId, status: 'asking', capturing: false }
        : { ...state, deviceId: event.deviceId };
    case 'released':
      return { ...state, capturing: false };
  }
}

/**
 * Whether the speaker can try again by pressing the button (after fixing what the guidance says).
 *
 * @example
 * canAsk({ ...initialMicrophone(), status: 'denied' }); // true
 */
export function canAsk(state: MicrophoneState): boolean {
  return (
    !state.capturing &&
    state.status !== 'asking' &&
    state.status !== 'insecure-context' &&
    state.status !== 'unsupported'
  );
}

/**
 * The label a device is shown with: its own once the permission is given, else a numbered name.
 *
 * @example
 * deviceLabel({ deviceId: 'a', label: '' }, 0, (key, p) => `${key} ${p?.number}`); // 'mic.unnamed 1'
 */
export function deviceLabel(
  device: MicrophoneDevice,
  index: number,
  t: (key: string, params?: Record<string, string | number>) => string,
): string {
  return device.label || t('mic.unnamed', { number: index + 1 });
}
