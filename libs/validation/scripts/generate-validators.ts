import { generatedModule, VALIDATOR_MODULES } from '../src/codegen';
import type { ValidatorModule } from '../src/codegen';

// Prints one generated validators module (the one named as the argument); `npx nx run
// validation:generate` writes each to src/generated/<module>.ts and formats it with prettier.
const module = process.argv[2] as ValidatorModule | undefined;
if (!module || !(module in VALIDATOR_MODULES)) {
  process.stderr.write(`usage: generate-validators <${Object.keys(VALIDATOR_MODULES).join('|')}>\n`);
  process.exit(2);
}
process.stdout.write(generatedModule(module));
