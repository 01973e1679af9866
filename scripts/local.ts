/**
 * `npm run local`: runs the action from source (src/index.ts through tsx) with the inputs in
 * .env, as the runner would (INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files),
 * and prints what the Actions UI would show (debug lines only with ACTIONS_STEP_DEBUG=true,
 * `--raw` for the workflow commands as written), the outputs and the job summary. Its temporary
 * files are removed. Start the emulator first: npm run emulator -- --port 8787.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseOutputs } from '../__fixtures__/harness.js';
import { actionsView } from './actions-view.js';

/** KEY=VALUE lines; `#` starts a comment line; no quoting, no expansion. */
export function parseDotEnv(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=(.*)$/.exec(line);
    if (m && !line.trimStart().startsWith('#')) vars[m[1] as string] = (m[2] ?? '').trim();
  }
  return vars;
}

if (!existsSync('.env')) {
  console.error(
    'No .env: cp .env.example .env (and start the emulator: npm run emulator -- --port 8787)',
  );
  process.exit(1);
}
const vars = parseDotEnv(readFileSync('.env', 'utf8'));
const debug = (vars.ACTIONS_STEP_DEBUG ?? process.env.ACTIONS_STEP_DEBUG) === 'true';
const dir = mkdtempSync(join(tmpdir(), 'webplus-local-'));
let status: number;
try {
  const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary') };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    env: { PATH: process.env.PATH, ...vars, ...files },
    encoding: 'utf8',
  });
  status = run.status ?? 1;
  const raw = `${run.stdout}${run.stderr}`;
  console.log(process.argv.includes('--raw') ? raw : actionsView(raw, { debug }));
  console.log(`exit code ${status}\n\noutputs:`);
  for (const [name, value] of Object.entries(
    parseOutputs(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
  )) {
    console.log(`  ${name}: ${value}`);
  }
  console.log('\njob summary (markdown):\n');
  console.log(readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8') || '(none written)');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
