import type { NetworkInterfaceInfo } from 'node:os';
import { LanAddressError, isLoopbackAddress, isLoopbackHost, pickLanAddress } from './network';

function entry(address: string, family: 'IPv4' | 'IPv6', internal = false): NetworkInterfaceInfo {
  const common = { address, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', internal, cidr: null };
  return family === 'IPv4' ? { ...common, family } : { ...common, family, scopeid: 0 };
}

const INTERFACES = {
  lo: [entry('127.0.0.1', 'IPv4', true), entry('::1', 'IPv6', true)],
  eth0: [entry('fe80::1', 'IPv6'), entry('192.168.1.23', 'IPv4')],
  wlan0: [entry('10.0.0.5', 'IPv4')],
};

describe('isLoopbackAddress', () => {
  it('accepts 127.0.0.0/8, ::1 and IPv4-mapped loopback', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) {
      expect({ address, loopback: isLoopbackAddress(address) }).toEqual({ address, loopback: true });
    }
  });

  it('refuses every other address, and none at all', () => {
    for (const address of [
      '10.213.7.2',
      '::ffff:10.213.7.2',
      '192.168.1.23',
      'fe80::1',
      '128.0.0.1',
      '',
      undefined,
    ]) {
      expect({ address, loopback: isLoopbackAddress(address) }).toEqual({ address, loopback: false });
    }
  });
});

describe('isLoopbackHost', () => {
  it('accepts loopback names with or without a port', () => {
    for (const host of ['127.0.0.1:4000', 'localhost:4000', 'localhost', '[::1]:4000', '127.0.0.1']) {
      expect({ host, loopback: isLoopbackHost(host) }).toEqual({ host, loopback: true });
    }
  });

  it('refuses other names, LAN addresses and a missing Host', () => {
    for (const host of [
      'evil.example:4000',
      '192.168.1.23:4000',
      'localhost.evil.example',
      '[::2]:4000',
      undefined,
    ]) {
      expect({ host, loopback: isLoopbackHost(host) }).toEqual({ host, loopback: false });
    }
  });
});

describe('pickLanAddress', () => {
  it('picks the first non-internal IPv4 address', () => {
    expect(pickLanAddress(undefined, INTERFACES)).toBe('192.168.1.23');
  });

  it('takes an address the machine has', () => {
    expect(pickLanAddress('10.0.0.5', INTERFACES)).toBe('10.0.0.5');
  });

  it('refuses addresses it cannot serve on, saying which it could', () => {
    expect(() => pickLanAddress('10.9.9.9', INTERFACES)).toThrow(
      '--lan 10.9.9.9: no network interface of this machine has that address (it has: 192.168.1.23, 10.0.0.5)',
    );
    expect(() => pickLanAddress('fe80::1', INTERFACES)).toThrow(/IPv4 only/);
    expect(() => pickLanAddress('my-laptop', INTERFACES)).toThrow(/not an IPv4 address/);
    expect(() => pickLanAddress('127.0.0.1', INTERFACES)).toThrow(/loopback/);
  });

  it('says so when the machine has no network', () => {
    expect(() => pickLanAddress(undefined, { lo: INTERFACES.lo })).toThrow(LanAddressError);
    expect(() => pickLanAddress(undefined, { lo: INTERFACES.lo })).toThrow(
      /no IPv4 address besides loopback/,
    );
  });
});
