import type { JSONSchema } from 'json-schema-to-ts';
import { LANGUAGE_CODE_PATTERN, QUALITY_TIERS, SESSION_ID_PATTERN, SESSION_STATUSES } from '../session';

// The field schemas several messages share, typed literally (`as const`) so the message types can be
// derived from them (derive.ts). A doc comment on a property here becomes the field's doc comment.

/** A schema's `properties`, typed literally. */
export type SchemaProperties = Readonly<Record<string, JSONSchema>>;

export const languageCode = { type: 'string', pattern: LANGUAGE_CODE_PATTERN } as const;
export const sessionId = { type: 'string', pattern: SESSION_ID_PATTERN } as const;
export const requestId = { type: 'string', minLength: 1, maxLength: 128 } as const;
export const seq = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
export const base64 = { type: 'string', minLength: 4, pattern: '^[A-Za-z0-9+/]+={0,2}$' } as const;
export const qualityTier = { type: 'string', enum: QUALITY_TIERS } as const;
export const sessionStatus = { type: 'string', enum: SESSION_STATUSES } as const;

export const emotion = {
  type: 'object',
  required: ['volume', 'rate'],
  properties: {
    volume: {
      type: 'object',
      required: ['level', 'rmsDb'],
      properties: { level: { enum: ['loud', 'medium', 'soft', 'whisper'] }, rmsDb: { type: 'number' } },
    },
    rate: {
      type: 'object',
      required: ['level', 'wordsPerMinute'],
      properties: {
        level: { enum: ['very_slow', 'slow', 'medium', 'fast', 'very_fast'] },
        wordsPerMinute: { type: 'number', minimum: 0 },
      },
    },
  },
} as const satisfies JSONSchema;
