/**
 * A run with keys must not load the keyless path: src/oidc.ts and @actions/core's ID-token
 * client (@actions/http-client, undici: about 40 ms before the first request; docs/
 * benchmarks.md). Checked on the committed bundle: a copy of dist/ without the chunks that
 * hold them still restarts with keys.
 */
import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { TEST_CREDENTIALS } from '../emulator/state.js';
import { ENV_ID, parseOutputs } from '../__fixtures__/harness.js';

const DIST = new URL('../dist', import.meta.url).pathname;

let em: Emulator;
let dir: string;
beforeEach(async () => {
  em = await startEmulator();
  em.state.addEnv({ envId: ENV_ID, restartDurationMs: 1000 });
  dir = mkdtempSync(join(tmpdir(), 'webplus-chunks-'));
});
afterEach(async () => {
  await em.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The chunks of a bundle whose sources include one matching `pattern`. */
function chunksWith(bundle: string, pattern: RegExp): string[] {
  return readdirSync(bundle)
    .filter((f) => f.endsWith('.js.map'))
    .filter((f) => {
      const map = JSON.parse(readFileSync(join(bundle, f), 'utf8')) as { sources: string[] };
      return map.sources.some((s) => pattern.test(s));
    })
    .map((f) => f.replace(/\.map$/, ''));
}

it('a run with keys restarts with the OIDC and undici chunks gone', async () => {
  const copy = join(dir, 'dist');
  cpSync(DIST, copy, { recursive: true });
  const removed = chunksWith(copy, /node_modules\/undici\/|src\/oidc\.ts$/);
  // Both exist, apart from the entry chunk.
  expect(removed.length).toBeGreaterThanOrEqual(1);
  expect(chunksWith(copy, /src\/oidc\.ts$/).every((c) => c !== 'index.js')).toBe(true);
  for (const chunk of removed) rmSync(join(copy, chunk));
  const output = join(dir, 'output');
  writeFileSync(output, '');
  writeFileSync(join(dir, 'summary'), '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    'INPUT_ENV-ID': ENV_ID,
    INPUT_ENDPOINT: em.url,
    'INPUT_ACCESS-KEY-ID': TEST_CREDENTIALS.accessKeyId,
    'INPUT_ACCESS-KEY-SECRET': TEST_CREDENTIALS.accessKeySecret,
  };
  const result = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
    const child = spawn(process.execPath, [join(copy, 'index.js')], { env });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stdout += c.toString()));
    child.on('close', (code) => resolve({ code, stdout }));
  });
  expect(result.stdout).not.toMatch(/Cannot find module|ERR_MODULE_NOT_FOUND/);
  expect(result.code).toBe(0);
  expect(parseOutputs(readFileSync(output, 'utf8'))['change-id']).toMatch(/^wc-/);
});
