import type { FromSchema, JSONSchema } from 'json-schema-to-ts';

/**
 * The TypeScript type of what a contract schema accepts: json-schema-to-ts's `FromSchema`, mapped
 * over the schema's own `properties` so each field keeps the doc comment written on its schema, and
 * without the `[x: string]: unknown` an open object (no `additionalProperties: false`) would add:
 * a server may add fields, but code must not read fields the contract does not name.
 *
 * @example
 * const ack = { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } } as const;
 * type Ack = SchemaType<typeof ack>; // { n: number }
 */
export type SchemaType<S extends JSONSchema> = Documented<S, FromSchema<S>>;

/** T (derived from S) with S's properties, in S's order, each with its doc comment and optionality. */
type Documented<S, T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? S extends { readonly properties: infer P }
      ? Flat<
          {
            -readonly [
              K in keyof P as K extends keyof T ? (IsOptional<T, K> extends true ? never : K) : never
            ]: Documented<P[K], T[K & keyof T]>;
          } & {
            -readonly [
              K in keyof P as K extends keyof T ? (IsOptional<T, K> extends true ? K : never) : never
            ]?: Documented<P[K], T[K & keyof T]>;
          }
        >
      : T
    : T;

type IsOptional<T, K extends keyof T> = object extends Pick<T, K> ? true : false;

type Flat<T> = T extends infer U ? { [K in keyof U]: U[K] } : never;
