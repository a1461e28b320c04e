import { isIPv4, isIPv6 } from 'node:net';
import type { NetworkInterfaceInfo } from 'node:os';
import { networkInterfaces } from 'node:os';
import { StageError } from './errors';

/**
 * True for a peer address on this machine's loopback: 127.0.0.0/8, ::1, and IPv4-mapped 127.x.
 * Only the socket's own remote address counts: headers such as X-Forwarded-For are never trusted.
 *
 * @example
 * isLoopbackAddress('::ffff:127.0.0.1'); // true
 * isLoopbackAddress('10.213.7.2'); // false
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (isIPv4(v4)) return v4.split('.')[0] === '127';
  return address === '::1';
}

/**
 * True when a request's Host header names the loopback (`127.0.0.1`, `localhost`, `[::1]`, any
 * port): a page on another site that rebinds its DNS name to 127.0.0.1 sends its own name, not these.
 *
 * @example
 * isLoopbackHost('127.0.0.1:4000'); // true
 * isLoopbackHost('evil.example:4000'); // false
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return name === 'localhost' || name === '[::1]' || (isIPv4(name ?? '') && isLoopbackAddress(name));
}

/** No LAN address to serve on: no network, or the address given is not this machine's. */
export class LanAddressError extends StageError {
  constructor(message: string) {
    super(message);
    this.name = 'LanAddressError';
  }
}

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

/**
 * The address LAN mode serves on: `requested` when it is an IPv4 address of this machine, else
 * the first non-internal IPv4 address. Throws LanAddressError with what the machine has.
 *
 * @example
 * pickLanAddress(); // '192.168.1.23'
 * pickLanAddress('10.213.7.1'); // '10.213.7.1' (when an interface has it)
 */
export function pickLanAddress(requested?: string, interfaces: Interfaces = networkInterfaces()): string {
  const ipv4 = Object.values(interfaces)
    .flatMap((entries) => entries ?? [])
    .filter((entry) => entry.family === 'IPv4');
  const external = ipv4.filter((entry) => !entry.internal).map((entry) => entry.address);
  if (requested !== undefined) {
    if (!isIPv4(requested)) {
      const hint = isIPv6(requested) ? 'LAN mode serves IPv4 only' : 'give an IPv4 address';
      throw new LanAddressError(`--lan ${requested}: not an IPv4 address (${hint}, e.g. --lan 192.168.1.23)`);
    }
    if (isLoopbackAddress(requested))
      throw new LanAddressError(`--lan ${requested}: a loopback address; the stage serves loopback anyway`);
    if (!external.includes(requested)) {
      throw new LanAddressError(
        `--lan ${requested}: no network interface of this machine has that address` +
          ` (it has: ${external.join(', ') || 'none'})`,
      );
    }
    return requested;
  }
  const first = external[0];
  if (!first) {
    throw new LanAddressError(
      'LAN mode: this machine has no IPv4 address besides loopback (is it connected to a network?)',
    );
  }
  return first;
}
