import { canAsk, deviceLabel, initialMicrophone, reduceMicrophone } from './microphone';
import type { MicrophoneState } from './microphone';

const devices = [
  { deviceId: 'usb', label: 'USB microphone' },
  { deviceId: 'built-in', label: '' },
];

describe('the microphone state machine', () => {
  it('asks for the permission, then captures', () => {
    const asking = reduceMicrophone(initialMicrophone(), { type: 'ask' });
    expect(asking.status).toBe('asking');
    expect(reduceMicrophone(asking, { type: 'ask' })).toBe(asking);

    expect(reduceMicrophone(asking, { type: 'granted' })).toEqual({
      ...asking,
      status: 'ready',
      capturing: true,
    });
  });

  it.each([
    'denied',
    'no-device',
    'blocked-by-policy',
    'in-use',
    'insecure-context',
    'unsupported',
    'failed',
  ] as const)('shows %s when the browser refuses, and stops capturing', (problem) => {
    const asking = reduceMicrophone(initialMicrophone(), { type: 'ask' });

    expect(reduceMicrophone(asking, { type: 'failed', problem })).toMatchObject({
      status: problem,
      capturing: false,
    });
  });

  it('turns a running capture into a problem when the device goes away', () => {
    const ready: MicrophoneState = { ...initialMicrophone(), status: 'ready', capturing: true };

    expect(reduceMicrophone(ready, { type: 'failed', problem: 'no-device' })).toMatchObject({
      status: 'no-device',
      capturing: false,
    });
    const idle = initialMicrophone();
    expect(reduceMicrophone(idle, { type: 'failed', problem: 'denied' })).toBe(idle);
    expect(reduceMicrophone(idle, { type: 'granted' })).toBe(idle);
  });

  it('lets the speaker try again after a refusal, except where trying cannot help', () => {
    expect(canAsk({ ...initialMicrophone(), status: 'denied' })).toBe(true);
    expect(canAsk(initialMicrophone())).toBe(true);
    expect(canAsk({ ...initialMicrophone(), status: 'insecure-context' })).toBe(false);
    expect(canAsk({ ...initialMicrophone(), status: 'unsupported' })).toBe(false);
    expect(canAsk({ ...initialMicrophone(), status: 'ready', capturing: true })).toBe(false);
  });

  it('lists devices without the placeholder entry and keeps the choice while it still exists', () => {
    const listed = reduceMicrophone(initialMicrophone(), {
      type: 'devicesListed',
      devices: [...devices, { deviceId: '', label: '' }],
    });
    expect(listed.devices).toEqual(devices);

    const chosen = reduceMicrophone(listed, { type: 'chooseDevice', deviceId: 'usb' });
    expect(chosen.deviceId).toBe('usb');
    expect(reduceMicrophone(chosen, { type: 'devicesListed', devices }).deviceId).toBe('usb');
    expect(
      reduceMicrophone(chosen, { type: 'devicesListed', devices: [devices[1] as (typeof devices)[1]] })
        .deviceId,
    ).toBe('');
  });

  it('restarts a running capture on the newly chosen device and ignores unknown ones', () => {
    const capturing: MicrophoneState = { status: 'ready', devices, deviceId: '', capturing: true };

    expect(reduceMicrophone(capturing, { type: 'chooseDevice', deviceId: 'built-in' })).toEqual({
      status: 'asking',
      devices,
      deviceId: 'built-in',
      capturing: false,
    });
    expect(reduceMicrophone(capturing, { type: 'chooseDevice', deviceId: 'gone' })).toBe(capturing);
    expect(reduceMicrophone(capturing, { type: 'chooseDevice', deviceId: '' })).toBe(capturing);
    expect(reduceMicrophone(capturing, { type: 'ask' })).toBe(capturing);
    expect(reduceMicrophone(capturing, { type: 'released' }).capturing).toBe(false);
  });

  it('names devices without a label by number (before the permission)', () => {
    const t = (key: string, params?: Record<string, string | number>) => `${key}:${params?.['number']}`;

    expect(deviceLabel(devices[0] as (typeof devices)[0], 0, t)).toBe('USB microphone');
    expect(deviceLabel(devices[1] as (typeof devices)[1], 1, t)).toBe('mic.unnamed:2');
  });
});
