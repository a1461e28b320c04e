import { TypedEmitter } from './emitter';

interface Events {
  ping: (value: number) => void;
  listenerError: (error: unknown) => void;
}

class Pinger extends TypedEmitter<Events> {
  ping(value: number): void {
    this.emit('ping', value);
  }
}

describe('TypedEmitter', () => {
  it('calls listeners until their disposer is called', () => {
    // Prepare
    const pinger = new Pinger();
    const seen: number[] = [];
    const off = pinger.on('ping', (value) => seen.push(value));

    // Act
    pinger.ping(1);
    off();
    pinger.ping(2);

    // Assess
    expect(seen).toEqual([1]);
  });

  it('calls a once-listener a single time', () => {
    const pinger = new Pinger();
    const seen: number[] = [];
    pinger.once('ping', (value) => seen.push(value));
    pinger.ping(1);
    pinger.ping(2);
    expect(seen).toEqual([1]);
  });

  it('keeps calling other listeners when one throws, and reports the throw', () => {
    // Prepare
    const pinger = new Pinger();
    const seen: number[] = [];
    const errors: unknown[] = [];
    pinger.on('ping', () => {
      throw new Error('listener bug');
    });
    pinger.on('ping', (value) => seen.push(value));
    pinger.on('listenerError', (error) => errors.push(error));

    // Act
    pinger.ping(7);

    // Assess
    expect(seen).toEqual([7]);
    expect(errors).toHaveLength(1);
  });

  it('emits a deprecated alias right after the current name, with the same arguments', () => {
    // Prepare
    interface Renamed {
      pinged: (value: number) => void;
      /** @deprecated */
      ping: (value: number) => void;
      listenerError: (error: unknown) => void;
    }
    class RenamedPinger extends TypedEmitter<Renamed> {
      constructor() {
        super({ pinged: 'ping' });
      }
      fire(value: number): void {
        this.emit('pinged', value);
      }
    }
    const pinger = new RenamedPinger();
    const seen: string[] = [];
    const errors: unknown[] = [];
    pinger.on('ping', (value) => {
      seen.push(`ping ${value}`);
      throw new Error('old listener bug');
    });
    pinger.on('pinged', (value) => seen.push(`pinged ${value}`));
    pinger.on('listenerError', (error) => errors.push(error));

    // Act
    pinger.fire(3);

    // Assess
    expect(seen).toEqual(['pinged 3', 'ping 3']);
    expect(errors).toHaveLength(1);
  });
});
