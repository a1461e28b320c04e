import { randomInt } from 'node:crypto';
import { generateSessionId } from '../domain/session-id';
import type { IdGenerator } from '../ports';

export const randomIds: IdGenerator = { sessionId: () => generateSessionId((max) => randomInt(max)) };
