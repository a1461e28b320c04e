import type { ServerMessage } from '@lingocast/contract';
import { VALIDATORS } from './generated/server-message';
import { parseJson, validateWith } from './validators';
import type { Validated } from './validators';

/**
 * Parses a message from the server and checks it against its type's schema (required fields, types,
 * enums); malformed input is reported, never thrown. Kept apart from the services' validators so a
 * client bundles only this one.
 *
 * @example
 * const result = parseServerMessage(frame);
 * if (result.ok) handle(result.value); else report(result.message);
 */
export function parseServerMessage(raw: string): Validated<ServerMessage> {
  const parsed = parseJson(raw);
  if (!parsed.ok) return parsed;
  return validateWith<ServerMessage>(VALIDATORS.serverMessage, parsed.value);
}
