/**
 * `npm run demo`: starts the emulator on loopback, makes an environment busy with another
 * change, then runs the committed bundle (dist/index.js) exactly as the runner would, and
 * prints its log and outputs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseOutputs } from '../__fixtures__/harness.js';
import { startEmulator } from '../emulator/server.js';
import { TEST_CREDENTIALS } from '../emulator/state.js';

const ENV_ID = 'we-5d39b8ba6786bd4b1490abcd';

const em = await startEmulator();
em.state.addEnv({ envId: ENV_ID, envName: 'demo', restartDurationMs: 6000 });
const busy = em.state.startChange(ENV_ID, {
  actionName: 'Apply',
  changeName: 'apply.env',
  durationMs: 4000,
});
console.log(
  `emulator at ${em.url}; ${ENV_ID} is busy with change ${busy.changeId} (Apply) for 4 s\n`,
);

const dir = mkdtempSync(join(tmpdir(), 'webplus-demo-'));
const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary') };
for (const file of Object.values(files)) writeFileSync(file, '');

const inputs: Record<string, string> = {
  'env-id': ENV_ID,
  endpoint: em.url,
  'access-key-id': TEST_CREDENTIALS.accessKeyId,
  'access-key-secret': TEST_CREDENTIALS.accessKeySecret,
  'retry-base-delay': '1',
  'retry-max-delay': '3',
  'wait-for-completion': 'true',
};
const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, ...files };
for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;

const bundle = new URL('../dist/index.js', import.meta.url).pathname;
console.log(`$ node dist/index.js   (inputs: ${Object.keys(inputs).join(', ')})\n`);
const code = await new Promise<number | null>((resolve) => {
  const child = spawn(process.execPath, [bundle], { env, stdio: 'inherit' });
  child.on('close', resolve);
});

console.log(`\nexit code ${code}`);
console.log('outputs:', parseOutputs(readFileSync(files.GITHUB_OUTPUT, 'utf8')));
console.log(`restart changes in the emulator: ${em.state.restartChanges(ENV_ID).length}`);
await em.close();
process.exit(code ?? 1);
