import { fingerprint, generatedModule, standaloneValidators, VALIDATOR_MODULES } from './codegen';
import type { ValidatorModule } from './codegen';
import * as serverMessage from './generated/server-message';
import * as serviceValidators from './generated/service-validators';

// The generated validators must be what the contract's schemas give today: change a schema (or ajv)
// without `npx nx run validation:generate` and this fails.

const GENERATED: Record<ValidatorModule, { GENERATED_FROM: string; VALIDATORS: Record<string, unknown> }> = {
  'server-message': serverMessage,
  'service-validators': serviceValidators,
};
const MODULES = Object.keys(VALIDATOR_MODULES) as ValidatorModule[];

describe('generated validators', () => {
  it.each(MODULES.map((module) => [module]))(
    'src/generated/%s.ts is up to date with libs/contract',
    (module) => {
      // Act
      const current = fingerprint(standaloneValidators(module));

      // Assess
      expect({ module, fingerprint: GENERATED[module].GENERATED_FROM }).toEqual({
        module,
        fingerprint: current, // if this fails: npx nx run validation:generate
      });
    },
  );

  it.each(MODULES.map((module) => [module]))('%s exports one validator per schema', (module) => {
    // Act
    const exported = Object.keys(GENERATED[module].VALIDATORS).sort();

    // Assess
    expect(exported).toEqual(Object.keys(VALIDATOR_MODULES[module]()).sort());
    expect(Object.values(GENERATED[module].VALIDATORS).every((v) => typeof v === 'function')).toBe(true);
  });

  it.each(MODULES.map((module) => [module]))(
    '%s needs no code generation at run time and nothing from ajv',
    (module) => {
      // Act
      const code = generatedModule(module);

      // Assess
      expect(code).not.toMatch(/new Function|\beval\(|require\(|from ['"]ajv/);
      expect(code).toContain('// @ts-nocheck');
      expect(code).toContain(`export const GENERATED_FROM = '${fingerprint(standaloneValidators(module))}'`);
    },
  );
});

describe('fingerprint', () => {
  it('is stable, and changes with any character', () => {
    // Act
    const a = fingerprint('{"type":"object"}');
    const again = fingerprint('{"type":"object"}');
    const b = fingerprint('{"type":"objecu"}');

    // Assess
    expect(a).toBe(again);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[0-9a-f]{14}$/);
  });
});
