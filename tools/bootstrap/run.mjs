// Entry point of `npm run dev | test | demo`: installs what is missing (setup.mjs), then runs the command.
// Plain Node, no dependencies: it runs before `npm install`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT, SetupError, setup } from './setup.mjs';

const USAGE = 'usage: node tools/bootstrap/run.mjs <dev|test|demo> [args…]';

/** Local binaries, not `npx`: same tools, without npx's start-up cost and notices. */
function bin(name) {
  const local = join(REPO_ROOT, 'node_modules', '.bin', name);
  return existsSync(local) ? [local] : ['npx', '--no-install', name];
}

/**
 * Runs a TypeScript entry in one node process with tsx's loader (`node --import tsx`), not through the
 * tsx CLI: that CLI relays signals to its child and SIGKILLs it when a relayed Ctrl-C is not
 * acknowledged within 30 ms, which cut the stage's shutdown short. tsx reads path aliases
 * (`@lingocast/*`) from the tsconfig nearest to the entry (the repository root has only tsconfig.base.json).
 *
 * @example
 * typescript('libs/stage/src/cli.ts'); // { argv: [node, '--import', 'tsx', 'libs/stage/src/cli.ts'], env: { TSX_TSCONFIG_PATH: 'libs/stage/tsconfig.json' } }
 */
function typescript(entry) {
  const argv = [process.execPath, '--import', 'tsx', entry];
  for (let dir = dirname(entry); dir !== '.' && dir !== '/'; dir = dirname(dir)) {
    const tsconfig = join(dir, 'tsconfig.json');
    if (existsSync(join(REPO_ROOT, tsconfig))) return { argv, env: { TSX_TSCONFIG_PATH: tsconfig } };
  }
  return { argv, env: {} };
}

let current;
let interrupted = false;

function forward(signal) {
  interrupted = true;
  // The child usually got the same signal from the terminal; forwarding covers `kill <pid>` of this process.
  if (current && current.exitCode === null && current.signalCode === null) current.kill(signal);
}
process.on('SIGINT', () => forward('SIGINT'));
process.on('SIGTERM', () => forward('SIGTERM'));

/**
 * Runs a command with inherited stdio; resolves with its exit code (128 + n when killed by signal n).
 *
 * @example
 * const code = await runChild([...bin('prettier'), '--check', '.']);
 */
function runChild(argv, env = {}) {
  const [command, ...args] = argv;
  return new Promise((resolveCode) => {
    current = spawn(command, args, { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
    current.on('error', (error) => {
      console.error(`✘ cannot start ${command}: ${error.message}`);
      resolveCode(127);
    });
    current.on('exit', (code, signal) => {
      current = undefined;
      resolveCode(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** `npm test` until tools/test-runner exists: each step in turn, stopping at the first failure. */
async function testSequence(extraArgs) {
  // The integration tests run last and once: only after everything else passed.
  const hasE2e = existsSync(join(REPO_ROOT, 'tools', 'e2e', 'project.json'));
  const steps = [
    { label: 'format (prettier --check .)', argv: [...bin('prettier'), '--check', '.'] },
    {
      label: 'lint, typecheck, unit tests (nx run-many)',
      argv: [
        ...bin('nx'),
        'run-many',
        '-t',
        'lint',
        'typecheck',
        'test',
        '--outputStyle=stream',
        ...(hasE2e ? ['--exclude=e2e'] : []),
        ...extraArgs,
      ],
    },
  ];
  if (hasE2e) {
    steps.push(
      {
        label: 'lint, typecheck e2e (nx run-many)',
        argv: [...bin('nx'), 'run-many', '-t', 'lint', 'typecheck', '-p', 'e2e'],
      },
      {
        label: 'end-to-end tests (nx run e2e:test)',
        argv: [...bin('nx'), 'run', 'e2e:test', '--outputStyle=stream'],
      },
    );
  }
  const started = Date.now();
  const timings = [];
  for (const step of steps) {
    console.log(`\n▶ ${step.label}`);
    const stepStarted = Date.now();
    const code = await runChild(step.argv);
    const took = Date.now() - stepStarted;
    timings.push(`  ${code === 0 ? '✔' : '✘'} ${step.label}: ${seconds(took)}`);
    if (code !== 0 || interrupted) {
      console.log(
        `\n${timings.join('\n')}\n✘ failed at: ${step.label} (exit ${code}); total ${seconds(Date.now() - started)}`,
      );
      return code === 0 ? 130 : code;
    }
  }
  console.log(`\n${timings.join('\n')}\n✔ all passed; total ${seconds(Date.now() - started)}`);
  return 0;
}

async function main([command, ...rest]) {
  if (!['dev', 'test', 'demo'].includes(command)) {
    console.error(USAGE);
    return 2;
  }
  try {
    setup();
  } catch (error) {
    console.error(`✘ ${error instanceof SetupError ? error.message : String(error)}`);
    return 1;
  }
  switch (command) {
    case 'dev':
    case 'demo': {
      const entry = command === 'dev' ? 'libs/stage/src/cli.ts' : 'tools/demo/src/cli.ts';
      const { argv, env } = typescript(entry);
      return runChild([...argv, ...rest], env);
    }
    default: {
      const runner = join('tools', 'test-runner', 'run.ts');
      if (existsSync(join(REPO_ROOT, runner))) {
        const { argv, env } = typescript(runner);
        return runChild([...argv, ...rest], env);
      }
      return testSequence(rest);
    }
  }
}

process.exitCode = await main(process.argv.slice(2));
