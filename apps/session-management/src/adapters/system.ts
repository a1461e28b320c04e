import { randomInt } from 'node:crypto';
import { generateSessionId } from '../domain/session-id';
import type { Clock, IdGenerator } from '../ports';

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

export const randomIds: IdGenerator = { sessionId: () => generateSessionId((max) => randomInt(max)) };
