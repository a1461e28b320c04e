// `nx run web:deploy --stage <s> --region <r>`: deploys the web app (see deploy.ts).
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { DeployPorts } from './deploy';
import { deployWeb } from './deploy';

const webRoot = resolve(dirname(__filename), '..');

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  const inline = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return inline?.slice(name.length + 3) ?? (index >= 0 ? process.argv[index + 1] : undefined) ?? fallback;
}

const ports: DeployPorts = {
  run: (command, args, options = {}) =>
    new Promise((resolveOutput, reject) => {
      const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'inherit'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolveOutput(output) : reject(new Error(`${command} ${args.join(' ')} exited ${code}`)),
      );
    }),
  writeFile: (path, text) => writeFile(path, text),
  log: (line) => console.log(line),
};

deployWeb({ stage: option('stage', 'dev'), region: option('region', 'us-east-1'), webRoot }, ports).catch(
  (error: unknown) => {
    console.error(`✘ web deploy failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
