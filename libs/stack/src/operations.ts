import type { ServerlessConfig } from './base-config';

/** What an app's infra module adds to its deployed (non-local) stack. */
export interface DeployedOperations {
  /** Settings merged into named functions (destinations, reserved concurrency, role, …). */
  functions?: Record<string, Record<string, unknown>>;
  resources?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  /** Properties merged into resources the framework generates (`resources.extensions`). */
  extensions?: Record<string, unknown>;
  /** Provider settings merged in (e.g. `logs`). */
  provider?: Record<string, unknown>;
}

/**
 * Adds an app's operations settings (alarms, queues, roles, limits, logs) to its Serverless config.
 * A function named here that the config lacks is an error: a rename must not drop its settings.
 *
 * @example
 * export default withOperations(baseServerlessConfig({ … }), translationPipelineOperations(stage));
 */
export function withOperations(config: ServerlessConfig, operations: DeployedOperations): ServerlessConfig {
  const functions = { ...config.functions };
  for (const [name, settings] of Object.entries(operations.functions ?? {})) {
    const fn = functions[name];
    if (typeof fn !== 'object' || fn === null)
      throw new Error(`OPERATIONS_UNKNOWN_FUNCTION: ${config.service} has no function ${name}`);
    functions[name] = { ...fn, ...settings };
  }
  const resources = config.resources ?? {};
  const extensions = (resources as { extensions?: Record<string, unknown> }).extensions ?? {};
  return {
    ...config,
    provider: { ...config.provider, ...operations.provider },
    functions,
    resources: {
      ...resources,
      Resources: { ...resources.Resources, ...operations.resources },
      Outputs: { ...resources.Outputs, ...operations.outputs },
      ...(operations.extensions || Object.keys(extensions).length > 0
        ? { extensions: { ...extensions, ...operations.extensions } }
        : {}),
    },
  };
}
