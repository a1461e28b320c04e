import { SERVER_MESSAGE_TYPES } from '../server-messages';
import { SERVER_MESSAGE_SCHEMAS } from './server';

type Schema = Record<string, unknown>;

/**
 * Every field any server message type defines, with its one schema (a field name means the same in
 * every type that has it; a test checks there is no conflict).
 */
function serverMessageFields(): Schema {
  const fields: Schema = {};
  for (const type of SERVER_MESSAGE_TYPES) {
    const properties = SERVER_MESSAGE_SCHEMAS[type]['properties'] as Schema;
    for (const [name, schema] of Object.entries(properties)) {
      if (name === 'type') continue;
      if (name in fields && JSON.stringify(fields[name]) !== JSON.stringify(schema))
        throw new Error(`server message field '${name}' has two different schemas`);
      fields[name] = schema;
    }
  }
  return fields;
}

// Built in a pure call, so a bundle that never reads the schemas (the web pages) leaves them out.
/**
 * Any server message: a known `type`, then that type's required fields; every field is checked
 * against its schema (SERVER_MESSAGE_SCHEMAS). Equivalent to "the schema of its type", written so
 * each field's check exists once in the generated validator, and the type picks its branch
 * (`discriminator`, an OpenAPI keyword ajv supports; elsewhere `oneOf` alone means the same, the
 * branches' `type` constants being exclusive). Clients drop (and report) a message that fails it.
 */
export const SERVER_MESSAGE_SCHEMA: Schema = /* @__PURE__ */ (() => ({
  $id: 'server.message',
  type: 'object',
  required: ['type', 'timestamp'],
  properties: { ...serverMessageFields(), type: { type: 'string', enum: SERVER_MESSAGE_TYPES } },
  discriminator: { propertyName: 'type' },
  oneOf: SERVER_MESSAGE_TYPES.map((type) => ({
    properties: { type: { const: type } },
    required: SERVER_MESSAGE_SCHEMAS[type]['required'],
  })),
}))();
