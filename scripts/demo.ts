/**
 * `npm run demo`: starts the emulator on loopback, makes an environment busy with another
 * change, then runs the committed bundle (dist/index.js) as the runner would, and prints what
 * the Actions UI would show (`--raw`: the workflow commands as written), the outputs and the
 * job summary. Its temporary files are removed. `--tmpdir DIR` puts them under DIR instead of
 * the system's temporary directory (the test passes a private one).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseOutputs } from '../__fixtures__/harness.js';
import { startEmulator } from '../emulator/server.js';
import { TEST_CREDENTIALS } from '../emulator/state.js';
import { actionsView } from './actions-view.js';

const ENV_ID = 'we-5d39b8ba6786bd4b1490abcd';
const raw = process.argv.includes('--raw');
const tmpdirIndex = process.argv.indexOf('--tmpdir');
const parent = (tmpdirIndex >= 0 ? process.argv[tmpdirIndex + 1] : undefined) ?? tmpdir();

const em = await startEmulator();
em.state.addEnv({ envId: ENV_ID, envName: 'demo', instances: 4, restartDurationMs: 6000 });
const busy = em.state.startChange(ENV_ID, {
  actionName: 'Apply',
  changeName: 'apply.env',
  durationMs: 4000,
});
console.log(
  `emulator at ${em.url}; ${ENV_ID} is busy with change ${busy.changeId} (Apply) for 4 s\n`,
);

const dir = mkdtempSync(join(parent, 'webplus-demo-'));
let code: number | null;
try {
  const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary') };
  for (const file of Object.values(files)) writeFileSync(file, '');

  const inputs: Record<string, string> = {
    'env-id': ENV_ID,
    endpoint: em.url,
    'access-key-id': TEST_CREDENTIALS.accessKeyId,
    'access-key-secret': TEST_CREDENTIALS.accessKeySecret,
    'retry-base-delay': '1',
    'retry-max-delay': '3',
    'batch-size': '2',
    'wait-for-healthy': 'true',
  };
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, ...files };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;

  const bundle = new URL('../dist/index.js', import.meta.url).pathname;
  console.log(`$ node dist/index.js   (inputs: ${Object.keys(inputs).join(', ')})\n`);
  let log = '';
  code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [bundle], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      log += chunk;
      // Whole lines only, so a command is never cut in two.
      const end = log.lastIndexOf('\n');
      if (end < 0) return;
      const lines = log.slice(0, end);
      log = log.slice(end + 1);
      const shown = raw ? lines : actionsView(lines);
      if (shown.trim() !== '') console.log(shown.replace(/\n+$/, ''));
    });
    child.on('close', resolve);
  });
  if (log) console.log(raw ? log : actionsView(log));

  console.log(`\nexit code ${code}`);
  console.log('\noutputs:');
  for (const [name, value] of Object.entries(
    parseOutputs(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
  ))
    console.log(`  ${name}: ${value}`);
  console.log('\njob summary (markdown):\n');
  console.log(readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'));
  console.log(`restart changes in the emulator: ${em.state.restartChanges(ENV_ID).length}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  await em.close();
}
process.exit(code ?? 1);
