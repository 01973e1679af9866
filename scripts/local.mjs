/**
 * `npm run local`: runs src/main.ts with @github/local-action and the inputs in .env, then
 * prints the job summary it wrote (local-action prints the log and the outputs). Debug lines
 * show only with ACTIONS_STEP_DEBUG=true (in .env or the shell). The summary file is removed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (!existsSync('.env')) {
  console.error(
    'No .env: cp .env.example .env (and start the emulator: npm run emulator -- --port 8787)',
  );
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'webplus-local-'));
let status;
try {
  const summary = join(dir, 'summary');
  writeFileSync(summary, '');
  const bin = join('node_modules', '.bin', 'local-action');
  const r = spawnSync(bin, ['.', 'src/main.ts', '.env'], {
    stdio: 'inherit',
    env: { ...process.env, GITHUB_STEP_SUMMARY: summary },
  });
  status = r.status ?? 1;
  console.log('\njob summary (markdown):\n');
  console.log(readFileSync(summary, 'utf8') || '(none written)');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
