import { packageServerlessApp } from '../packaging';
import type { AuditedTemplate } from '../template-audit';

/** An app's packaged dev and prod templates, readable inside its tests. */
export interface PackagedTemplates {
  /** The app's folder (its shipped sources under `src` say which metrics it emits). */
  readonly appDir: string;
  readonly dev: AuditedTemplate;
  readonly prod: AuditedTemplate;
}

/** Extra command-line arguments and environment for one stage's `serverless package`. */
export interface StagePackageOptions {
  args?: string[];
  env?: Record<string, string>;
}

/** How long packaging both stages may take (esbuild bundles every function twice). */
export const PACKAGE_TIMEOUT_MS = 240_000;

/**
 * Packages an app's dev and prod templates once, before the tests of the file (or `describe` block)
 * it is called in; read `dev` and `prod` inside the tests, after packaging.
 *
 * @example
 * const templates = usePackagedTemplates(join(__dirname, '..', '..'), { prod: { args: ['--param', 'alarmEmail=a@b.org'] } });
 * it('retains the tables with prod', () => expect(templates.prod.Resources['SessionsTable']).toMatchObject({ DeletionPolicy: 'Retain' }));
 */
export function usePackagedTemplates(
  appDir: string,
  options: { dev?: StagePackageOptions; prod?: StagePackageOptions } = {},
): PackagedTemplates {
  const packaged: { dev?: AuditedTemplate; prod?: AuditedTemplate } = {};
  beforeAll(() => {
    packaged.dev = packageServerlessApp(appDir, 'dev', options.dev);
    packaged.prod = packageServerlessApp(appDir, 'prod', options.prod);
  }, PACKAGE_TIMEOUT_MS);
  const read = (stage: 'dev' | 'prod'): AuditedTemplate => {
    const template = packaged[stage];
    if (template === undefined)
      throw new Error(
        `TEMPLATE_NOT_PACKAGED: the ${stage} template of ${appDir} is read before packaging (read it inside a test)`,
      );
    return template;
  };
  return {
    appDir,
    get dev() {
      return read('dev');
    },
    get prod() {
      return read('prod');
    },
  };
}
